/**
 * Characters that can change what a terminal or a Markdown viewer shows
 * beyond their own place: C0 controls (newline, carriage return, escape,
 * NUL…), DEL, C1 controls, the Unicode line and paragraph separators, and
 * the bidirectional overrides, embeddings, isolates and marks.
 */
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text safe to show a person on one line: every character that could start
 * a new line, move the cursor, recolour or clear the screen or reorder the
 * text is written as a visible escape (`\n`, `\u001b`…). For what plugins
 * say and MiMoLo repeats (event names, ids, data, `this.log` messages, error
 * messages) on the console, in diagnostics and in Markdown cells; JSONL and
 * YAML keep the exact text.
 *
 * @example
 * ```ts
 * printable("ok\n[SEGMENT] fake"); // "ok\\n[SEGMENT] fake"
 * printable("\x1b[2J"); // "\\u001b[2J"
 * ```
 */
export function printable(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
