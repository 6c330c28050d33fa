import type { LogRecord } from "@mimolo/sdk";
import { type Decoded, decodeJsonRecord, type RecordDecoder } from "./decode.ts";

/**
 * One JSON object per line: the default log format (`.jsonl`).
 *
 * @example
 * ```ts
 * encodeJsonl({ type: "event", ... }); // '{"type":"event",...}\n'
 * ```
 */
export function encodeJsonl(record: LogRecord): string {
  return JSON.stringify(record) + "\n";
}

/**
 * Reads JSONL back: every non-empty line is one record.
 *
 * @example
 * ```ts
 * jsonlDecoder().line('{"type":"event",...}', 1); // [{ record }]
 * ```
 */
export function jsonlDecoder(): RecordDecoder {
  return {
    line: (text: string, lineNo: number): Decoded[] =>
      text.trim() === "" ? [] : [decodeJsonRecord(text, lineNo)],
    end: (): Decoded[] => [],
  };
}
