import { parse, stringify } from "yaml";
import type { LogRecord } from "@mimolo/sdk";
import { asLogRecord, type Decoded, type RecordDecoder } from "./decode.ts";

/**
 * One YAML document per record, opened by `---` (`.yaml`; the only place
 * that knows the YAML library).
 *
 * @example
 * ```ts
 * encodeYaml({ type: "event", ... }); // "---\ntype: event\n..."
 * ```
 */
export function encodeYaml(record: LogRecord): string {
  return "---\n" + stringify(record, { lineWidth: 0 });
}

/**
 * Reads YAML back: the lines from one `---` to the next are one record.
 *
 * @example
 * ```ts
 * const d = yamlDecoder(); d.line("---", 1); d.line("type: event", 2); d.end();
 * ```
 */
export function yamlDecoder(): RecordDecoder {
  let lines: string[] = [];
  let first = 0;
  const flush = (): Decoded[] => {
    const text = lines.join("\n");
    lines = [];
    if (text.trim() === "") return [];
    let value: unknown;
    try {
      value = parse(text);
    } catch {
      return [{ problem: "not a valid YAML document (a torn or corrupt record)", line: first }];
    }
    const record = asLogRecord(value);
    return typeof record === "string" ? [{ problem: record, line: first }] : [{ record }];
  };
  return {
    line(text: string, lineNo: number): Decoded[] {
      if (text !== "---") {
        if (first === 0) first = lineNo;
        lines.push(text);
        return [];
      }
      const done = flush();
      first = lineNo;
      return done;
    },
    end: flush,
  };
}
