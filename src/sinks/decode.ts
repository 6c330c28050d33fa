import type { LogRecord } from "@mimolo/sdk";

/** What one piece of a log file decoded to: a record, or why it is not one. */
export type Decoded = { record: LogRecord } | { problem: string; line: number };

/**
 * Reads a log format back, one line at a time, so a file is never held
 * whole: each format's module (jsonl, yaml, markdown) has one, beside its
 * encoder.
 */
export interface RecordDecoder {
  /** Takes the next line (without its line break; `lineNo` counts from 1); returns what it completed. */
  line(text: string, lineNo: number): Decoded[];
  /** Takes the end of the file; returns what it completed. */
  end(): Decoded[];
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * Checks that a decoded value has the fields a reader relies on (the record
 * type, valid instants, labels, aggregated data): the one check of every
 * format's decoder. Returns the record, or what is wrong with it.
 *
 * @example
 * ```ts
 * asLogRecord({ type: "event", timestamp: "2025-01-01T00:00:00.000Z", label: "a", event: "e" });
 * ```
 */
export function asLogRecord(value: unknown): LogRecord | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "not a record";
  const r = value as Record<string, unknown>;
  if (r.host !== undefined && typeof r.host !== "string") return "host is not a string";
  if (r.type === "segment") {
    if (!isInstant(r.start) || !isInstant(r.end)) return "segment without a valid start and end";
    if (!Array.isArray(r.labels) || r.labels.some((l) => typeof l !== "string")) {
      return "segment without a list of labels";
    }
    if (r.aggregated === null || typeof r.aggregated !== "object") {
      return "segment without aggregated data";
    }
    return value as LogRecord;
  }
  if (r.type === "event") {
    if (!isInstant(r.timestamp)) return "event without a valid timestamp";
    if (typeof r.label !== "string") return "event without a label";
    return value as LogRecord;
  }
  return `unknown record type ${JSON.stringify(r.type)}`;
}

function isInstant(value: unknown): boolean {
  return typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Decodes one JSON text as a record (the shared step of JSONL lines and
 * Markdown row payloads).
 *
 * @example
 * ```ts
 * decodeJsonRecord('{"type":"event",...}', 3);
 * ```
 */
export function decodeJsonRecord(text: string, lineNo: number): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "not valid JSON (a torn or corrupt line)", line: lineNo };
  }
  const record = asLogRecord(value);
  return typeof record === "string" ? { problem: record, line: lineNo } : { record };
}
