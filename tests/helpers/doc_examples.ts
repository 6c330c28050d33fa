/**
 * The code blocks of a Markdown guide that mirror example files. A block
 * is tied to its file by the comment before its fence (blank lines may come between):
 * `<!-- example: notes.ts -->` (the whole file) or
 * `<!-- example: inbox.ts#nextActivity -->` (the lines between
 * `// #region nextActivity` and `// #endregion nextActivity`, or `# #region`
 * in TOML, dedented). Region marker lines never appear in a block.
 */

/** A fenced code block of the guide. */
export interface DocBlock {
  /** 1-based line of its opening fence. */
  line: number;
  /** Its language tag (`ts`, `toml`, `text`, …). */
  lang: string;
  /** Its text, without the fences. */
  text: string;
  /** `file` or `file#region` from the comment before it, or `null` when there is none. */
  example: string | null;
}

const MARKER = /^\s*(?:\/\/|#) #(end)?region\b\s*(\S*)\s*$/;

/** Every fenced code block of `markdown`, in order. */
export function docBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\S*)\s*$/);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith("```"));
    if (end < 0) throw new Error(`line ${i + 1}: code block never closed`);
    let before = i - 1; // deno fmt puts a blank line between the comment and the fence
    while (before >= 0 && lines[before].trim() === "") before--;
    const tag = (lines[before] ?? "").match(/^<!-- example: (\S+) -->$/);
    blocks.push({
      line: i + 1,
      lang: open[1],
      text: lines.slice(i + 1, end).join("\n"),
      example: tag ? tag[1] : null,
    });
    i = end;
  }
  return blocks;
}

/** What a block tagged `name#region` (or `name`) must show of the file's `source`. */
export function exampleText(source: string, region: string | null): string {
  const lines = source.replace(/\n$/, "").split("\n");
  if (region === null) return lines.filter((l) => !MARKER.test(l)).join("\n");
  const start = lines.findIndex((l) => l.match(MARKER)?.[1] === undefined && matchName(l, region));
  const end = lines.findIndex((l, i) => i > start && l.match(MARKER)?.[1] === "end");
  if (start < 0 || end < 0) throw new Error(`no region "${region}"`);
  const body = lines.slice(start + 1, end).filter((l) => !MARKER.test(l));
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return body.map((l) => l.slice(indent)).join("\n");
}

function matchName(line: string, region: string): boolean {
  const m = line.match(MARKER);
  return m !== null && m[2] === region;
}

/**
 * Each way `markdown`'s `ts` and `toml` blocks fail to mirror the example
 * files that `read(name)` returns: an untagged block, a missing file or
 * region, a block that differs (with the first differing line).
 */
export function blockProblems(markdown: string, read: (name: string) => string): string[] {
  const problems: string[] = [];
  for (const block of docBlocks(markdown)) {
    if (block.lang !== "ts" && block.lang !== "toml") continue;
    const where = `line ${block.line}`;
    if (block.example === null) {
      problems.push(`${where}: a ${block.lang} block without <!-- example: FILE -->`);
      continue;
    }
    const [name, region = null] = block.example.split("#");
    let expected: string;
    try {
      expected = exampleText(read(name), region);
    } catch (err) {
      problems.push(`${where}: ${block.example}: ${err instanceof Error ? err.message : err}`);
      continue;
    }
    if (expected === block.text) continue;
    const want = expected.split("\n");
    const got = block.text.split("\n");
    const i = want.findIndex((l, j) => l !== got[j]);
    const at = i < 0 ? got.length - 1 : i;
    problems.push(
      `${where}: differs from ${block.example} at its line ${at + 1}: ` +
        `${JSON.stringify(got[at] ?? "<end>")} instead of ${JSON.stringify(want[at] ?? "<end>")}`,
    );
  }
  return problems;
}
