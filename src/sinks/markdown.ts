import type { EventRecord, LogRecord, SegmentRecord } from "@mimolo/sdk";
import type { LogDay } from "../config/types.ts";
import { formatDuration, localClock } from "../time/mod.ts";
import { printable } from "../log/printable.ts";
import { dailyFile, recordDate, replaceDurably } from "./daily_file.ts";
import { asLogRecord, type Decoded, decodeJsonRecord, type RecordDecoder } from "./decode.ts";
import type { Sink } from "./sink.ts";

const SEGMENTS = {
  heading: "## Segments",
  header: "| Start | End | Duration | Labels | Resets | Events | Aggregated |",
  rule: "|-------|-----|----------|--------|--------|--------|------------|",
};
const EVENTS = {
  heading: "## Standalone Events",
  header: "| Timestamp | Label | Event | Data |",
  rule: "|-----------|-------|-------|------|",
};
/** The segment table's head before 0.2 (UTC times, seconds only), still read and kept. */
const LEGACY_SEGMENT_HEADER =
  "| Start | End | Duration (s) | Labels | Resets | Events | Aggregated |";
const LEGACY_SEGMENT_RULE =
  "|-------|-----|--------------|--------|--------|--------|------------|";

/**
 * Every row ends with its record (all fields but the `events` list) in an
 * HTML comment inside the last cell: renderers hide it, so the table looks
 * as before, and a reader gets the exact instants, labels, data and host.
 */
const PAYLOAD_OPEN = "<!-- mimolo ";
const PAYLOAD_CLOSE = " -->";

/**
 * The original's daily Markdown tables in `YYYY-MM-DD.mimolo.md`, rewritten
 * atomically as each record arrives, so the file on disk is always current
 * and nothing is held in memory between records. Times are local, with the
 * zone's offset.
 *
 * @example
 * ```ts
 * await new MarkdownSink("./logs", "local").write(record);
 * ```
 */
export class MarkdownSink implements Sink {
  readonly #dir: string;
  readonly #day: LogDay;

  /** @param dir the log directory (must exist); @param day how files are dated. */
  constructor(dir: string, day: LogDay) {
    this.#dir = dir;
    this.#day = day;
  }

  async write(record: LogRecord): Promise<void> {
    const date = recordDate(record, this.#day);
    const path = dailyFile(this.#dir, date, "md");
    const tables = parseTables(await readOrEmpty(path));
    addRow(tables, record);
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
    const table = tableOf(line);
    if (table === "segments") current = tables.segments;
    else if (table === "events") current = tables.events;
    else if (table === "none") current = null;
    else if (current && table === "row") current.push(line);
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

/**
 * A whole daily file holding `records` (what the sink leaves after writing
 * them one by one).
 *
 * @example
 * ```ts
 * encodeMarkdownFile("2025-03-04", [record]); // "# MiMoLo Log - 2025-03-04\n\n## Segments…"
 * ```
 */
export function encodeMarkdownFile(date: string, records: readonly LogRecord[]): string {
  const tables: MarkdownTables = { segments: [], events: [] };
  for (const r of records) addRow(tables, r);
  return renderTables(date, tables);
}

function addRow(tables: MarkdownTables, r: LogRecord): void {
  if (r.type === "segment") tables.segments.push(segmentRow(r));
  else tables.events.push(eventRow(r));
}

/**
 * Reads a daily Markdown file back into records, line by line: each row's
 * payload comment, or, for rows written before 0.2 (no payload), the row's
 * UTC times on `fileDate` (such files were named by UTC date).
 *
 * @example
 * ```ts
 * const decoder = markdownDecoder("2025-03-04");
 * for (const [i, line] of text.split("\n").entries()) decoder.line(line, i + 1);
 * ```
 */
export function markdownDecoder(fileDate: string): RecordDecoder {
  let current: "segments" | "events" | null = null;
  return {
    line(text: string, lineNo: number): Decoded[] {
      const kind = tableOf(text);
      if (kind === "segments" || kind === "events") current = kind;
      else if (kind === "none") current = null;
      if (kind !== "row" || current === null) return [];
      const payload = payloadOf(text);
      if (payload !== null) return [decodeJsonRecord(payload, lineNo)];
      const legacy = current === "segments"
        ? legacySegment(text, fileDate)
        : legacyEvent(text, fileDate);
      const record = legacy === null ? "a table row MiMoLo cannot read" : asLogRecord(legacy);
      return typeof record === "string" ? [{ problem: record, line: lineNo }] : [{ record }];
    },
    end: (): Decoded[] => [],
  };
}

/** What a line of a daily file is. */
function tableOf(line: string): "segments" | "events" | "none" | "head" | "row" | "text" {
  if (line === SEGMENTS.heading) return "segments";
  if (line === EVENTS.heading) return "events";
  if (line.startsWith("#")) return "none";
  if (!line.startsWith("|")) return "text";
  const heads = [SEGMENTS.header, SEGMENTS.rule, EVENTS.header, EVENTS.rule];
  if (heads.includes(line) || line === LEGACY_SEGMENT_HEADER || line === LEGACY_SEGMENT_RULE) {
    return "head";
  }
  return "row";
}

function segmentRow(r: SegmentRecord): string {
  return row([
    localClock(Date.parse(r.start)),
    localClock(Date.parse(r.end)),
    `${formatDuration(r.duration_s)} (${r.duration_s.toFixed(1)} s)`,
    r.labels.join(", "),
    String(r.resets_count),
    String(r.events.length + (r.events_dropped ?? 0)),
    Object.keys(r.aggregated).length === 0 ? "" : JSON.stringify(r.aggregated),
  ], r);
}

function eventRow(r: EventRecord): string {
  return row([
    localClock(Date.parse(r.timestamp)),
    r.label,
    r.event,
    r.data ? JSON.stringify(r.data) : "",
  ], r);
}

/**
 * A table row whose cells cannot break the table or the screen (pipes and
 * control characters escaped), the record's payload comment appended to the last cell.
 */
function row(cells: string[], record: LogRecord): string {
  const escaped = cells.map((c) => printable(c).replaceAll("|", "\\|"));
  escaped[escaped.length - 1] = `${escaped.at(-1)} ${payloadComment(record)}`.trimStart();
  return `| ${escaped.join(" | ")} |`;
}

/**
 * The record as JSON that can sit in an HTML comment in a table cell: the
 * characters that could end the comment or the cell (`>`, `<`, `|`, `--`)
 * and invisible controls (bidi overrides too) are `\u` escapes, which only occur inside JSON
 * strings, so `JSON.parse` gives the record back unchanged.
 */
function payloadComment(record: LogRecord): string {
  const { events: _events, ...rest } = record as SegmentRecord;
  const json = JSON.stringify(record.type === "segment" ? rest : record)
    .replace(
      /[<>|\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    )
    .replaceAll("--", "-\\u002d");
  return `${PAYLOAD_OPEN}${json}${PAYLOAD_CLOSE}`;
}

function payloadOf(line: string): string | null {
  const open = line.lastIndexOf(PAYLOAD_OPEN);
  if (open < 0) return null;
  const close = line.indexOf(PAYLOAD_CLOSE, open);
  return close < 0 ? null : line.slice(open + PAYLOAD_OPEN.length, close);
}

/** A row's cells, `\|` unescaped. */
function cellsOf(line: string): string[] {
  return line.slice(1, line.endsWith("|") ? -1 : undefined).split(/(?<!\\)\|/).map((c) =>
    c.trim().replaceAll("\\|", "|")
  );
}

/** A pre-0.2 segment row: `| HH:MM:SS | HH:MM:SS | seconds | labels | resets | events | data |` in UTC. */
function legacySegment(line: string, date: string): unknown {
  const [start, end, duration, labels, resets, , data] = cellsOf(line);
  const endMs = Date.parse(`${date}T${end}Z`);
  let startMs = Date.parse(`${date}T${start}Z`);
  if (startMs > endMs) startMs -= 86_400_000;
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return null;
  return {
    type: "segment",
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    duration_s: Number(duration),
    labels: labels ? labels.split(", ") : [],
    aggregated: parseJsonOr(data, {}),
    resets_count: Number(resets),
    events: [],
  };
}

/** A pre-0.2 standalone-event row: `| HH:MM:SS | label | event | data |` in UTC. */
function legacyEvent(line: string, date: string): unknown {
  const [time, label, event, data] = cellsOf(line);
  const t = Date.parse(`${date}T${time}Z`);
  if (Number.isNaN(t)) return null;
  return {
    type: "event",
    timestamp: new Date(t).toISOString(),
    label,
    event,
    data: parseJsonOr(data, null),
    id: "",
  };
}

function parseJsonOr<T>(text: string | undefined, fallback: T): unknown {
  if (!text) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return "";
    throw err;
  }
}
