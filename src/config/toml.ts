import { parse, TomlError } from "smol-toml";

/** A TOML syntax error with its 1-based position. */
export class TomlSyntaxError extends Error {
  /** 1-based line of the error. */
  readonly line: number;
  /** 1-based column of the error. */
  readonly column: number;

  /** @param message the first line of the parser's message. */
  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses TOML text into plain objects (the only place that knows the TOML
 * library).
 *
 * @example
 * ```ts
 * parseToml('[monitor]\ncooldown_seconds = 5'); // { monitor: { cooldown_seconds: 5 } }
 * ```
 */
export function parseToml(text: string): Record<string, unknown> {
  try {
    return toPlain(parse(text)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      throw new TomlSyntaxError(first, err.line, err.column);
    }
    throw err;
  }
}

/** Copies tables into ordinary objects (the parser makes prototype-less ones). */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out;
}
