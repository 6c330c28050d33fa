import type { EventRecord, LogRecord, SegmentRecord } from "@mimolo/sdk";
import { dailyFile, recordDate, replaceDurably } from "./daily_file.ts";
import type { Sink } from "./sink.ts";

const SEGMENTS = {
  heading: "## Segments",
  header: "| Start | End | Duration (s) | Labels | Resets | Events | Aggregated |",
  rule: "|-------|-----|--------------|--------|--------|--------|------------|",
};
const EVENTS = {
  heading: "## Standalone Events",
  header: "| Timestamp | Label | Event | Data |",
  rule: "|-----------|-------|-------|------|",
};

/**
 * The original's daily Markdown tables in `YYYY-MM-DD.mimolo.md`, rewritten
 * atomically as each record arrives, so the file on disk is always current
 * and nothing is held in memory between records.
 *
 * @example
 * ```ts
 * await new MarkdownSink("./logs").write(record);
 * ```
 */
export class MarkdownSink implements Sink {
  readonly #dir: string;

  /** @param dir the log directory (must exist). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(record: LogRecord): Promise<void> {
    const date = recordDate(record);
    const path = dailyFile(this.#dir, date, "md");
    const tables = parseTables(await readOrEmpty(path));
    if (record.type === "segment") tables.segments.push(segmentRow(record));
    else tables.events.push(eventRow(record));
    await replaceDurably(path, renderTables(date, tables));
  }
}

/** The data rows of a daily Markdown file. */
export interface MarkdownTables {
  /** Rendered segment rows. */
  segments: string[];
  /** Rendered standalone-event rows. */
  events: string[];
}

/**
 * Reads back the rows of a daily file this sink wrote.
 *
 * @example
 * ```ts
 * parseTables(renderTables("2025-01-01", { segments: ["| a |"], events: [] })).segments; // ["| a |"]
 * ```
 */
export function parseTables(text: string): MarkdownTables {
  const tables: MarkdownTables = { segments: [], events: [] };
  let current: string[] | null = null;
  for (const line of text.split("\n")) {
    if (line === SEGMENTS.heading) current = tables.segments;
    else if (line === EVENTS.heading) current = tables.events;
    else if (line.startsWith("#")) current = null;
    else if (current && line.startsWith("|") && !isTableHead(line)) current.push(line);
  }
  return tables;
}

/**
 * Renders a whole daily file.
 *
 * @example
 * ```ts
 * renderTables("2025-01-01", { segments: [], events: [] }); // "# MiMoLo Log - 2025-01-01\n\n"
 * ```
 */
export function renderTables(date: string, tables: MarkdownTables): string {
  let out = `# MiMoLo Log - ${date}\n\n`;
  for (const [table, rows] of [[SEGMENTS, tables.segments], [EVENTS, tables.events]] as const) {
    if (rows.length === 0) continue;
    out += `${table.heading}\n\n${table.header}\n${table.rule}\n${rows.join("\n")}\n\n`;
  }
  return out;
}

function isTableHead(line: string): boolean {
  return [SEGMENTS.header, SEGMENTS.rule, EVENTS.header, EVENTS.rule].includes(line);
}

function segmentRow(r: SegmentRecord): string {
  return row([
    r.start.slice(11, 19),
    r.end.slice(11, 19),
    r.duration_s.toFixed(1),
    r.labels.join(", "),
    String(r.resets_count),
    String(r.events.length),
    Object.keys(r.aggregated).length === 0 ? "" : JSON.stringify(r.aggregated),
  ]);
}

function eventRow(r: EventRecord): string {
  return row([r.timestamp.slice(11, 19), r.label, r.event, r.data ? JSON.stringify(r.data) : ""]);
}

/** A table row whose cells cannot break the table (pipes escaped, newlines flattened). */
function row(cells: string[]): string {
  return `| ${
    cells.map((c) => c.replaceAll("|", "\\|").replace(/\r?\n/g, " ")).join(
      " | ",
    )
  } |`;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "";
    throw err;
  }
}
