/**
 * Sinks: the daily log files (JSONL, YAML, Markdown) and the console.
 * @module
 */
import type { LogFormat } from "../config/types.ts";
import { AppendSink } from "./append_sink.ts";
import { encodeJsonl } from "./jsonl.ts";
import { MarkdownSink } from "./markdown.ts";
import type { Sink } from "./sink.ts";
import { encodeYaml } from "./yaml.ts";

export { ConsoleReporter } from "./console.ts";
export { dailyFile, ensureLogDir, recordDate } from "./daily_file.ts";
export type { Sink } from "./sink.ts";

/**
 * The file sink for a log format.
 *
 * @example
 * ```ts
 * const sink = createSink("jsonl", "./logs");
 * ```
 */
export function createSink(format: LogFormat, dir: string): Sink {
  switch (format) {
    case "jsonl":
      return new AppendSink(dir, "jsonl", encodeJsonl);
    case "yaml":
      return new AppendSink(dir, "yaml", encodeYaml);
    case "md":
      return new MarkdownSink(dir);
  }
}
