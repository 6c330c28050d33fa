/**
 * Sinks: the daily log files (JSONL, YAML, Markdown), written and read
 * back, and the console.
 * @module
 */
import type { LogDay, LogFormat } from "../config/types.ts";
import { AppendSink } from "./append_sink.ts";
import type { RecordDecoder } from "./decode.ts";
import { encodeJsonl, jsonlDecoder } from "./jsonl.ts";
import { markdownDecoder, MarkdownSink } from "./markdown.ts";
import type { Sink } from "./sink.ts";
import { encodeYaml, yamlDecoder } from "./yaml.ts";

export { ConsoleReporter } from "./console.ts";
export {
  dailyFile,
  type DailyFileName,
  ensureLogDir,
  parseDailyFile,
  recordDate,
} from "./daily_file.ts";
export type { Decoded, RecordDecoder } from "./decode.ts";
export type { Sink } from "./sink.ts";

/**
 * The reader of one daily file of a log format (`fileDate` is the date in
 * its name).
 *
 * @example
 * ```ts
 * const decoder = createDecoder("jsonl", "2025-03-04");
 * ```
 */
export function createDecoder(format: LogFormat, fileDate: string): RecordDecoder {
  switch (format) {
    case "jsonl":
      return jsonlDecoder();
    case "yaml":
      return yamlDecoder();
    case "md":
      return markdownDecoder(fileDate);
  }
}

/**
 * The file sink for a log format.
 *
 * @example
 * ```ts
 * const sink = createSink("jsonl", "./logs", "local");
 * ```
 */
export function createSink(format: LogFormat, dir: string, day: LogDay): Sink {
  switch (format) {
    case "jsonl":
      return new AppendSink(dir, "jsonl", encodeJsonl, day);
    case "yaml":
      return new AppendSink(dir, "yaml", encodeYaml, day);
    case "md":
      return new MarkdownSink(dir, day);
  }
}
