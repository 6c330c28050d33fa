import type { LogRecord } from "@mimolo/sdk";

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
