/**
 * Sinks: the daily log files (JSONL, YAML, Markdown), written and read
 * back, and the console.
 * @module
 */
import type { LogRecord } from "@mimolo/sdk";
import type { LogDay, LogFormat } from "../config/types.ts";
import { AppendSink } from "./append_sink.ts";
import type { Decoded, RecordDecoder } from "./decode.ts";
import type { DailyFileName } from "./daily_file.ts";
import { encodeJsonl, jsonlDecoder } from "./jsonl.ts";
import { markdownDecoder, MarkdownSink } from "./markdown.ts";
import type { Sink } from "./sink.ts";

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
 * its name). The YAML library is loaded only when a YAML file is read or
 * written: it would otherwise stay in the monitor's memory for nothing.
 *
 * @example
 * ```ts
 * const decoder = await createDecoder("jsonl", "2025-03-04");
 * ```
 */
export async function createDecoder(format: LogFormat, fileDate: string): Promise<RecordDecoder> {
  switch (format) {
    case "jsonl":
      return jsonlDecoder();
    case "yaml":
      return (await import("./yaml.ts")).yamlDecoder();
    case "md":
      return markdownDecoder(fileDate);
  }
}

/**
 * The file sink for a log format (the YAML library is loaded only for
 * `yaml`).
 *
 * @example
 * ```ts
 * const sink = await createSink("jsonl", "./logs", "local");
 * ```
 */
export async function createSink(format: LogFormat, dir: string, day: LogDay): Promise<Sink> {
  switch (format) {
    case "jsonl":
      return new AppendSink(dir, "jsonl", encodeJsonl, day);
    case "yaml":
      return new AppendSink(dir, "yaml", (await import("./yaml.ts")).encodeYaml, day);
    case "md":
      return new MarkdownSink(dir, day);
  }
}

/**
 * Streams one daily log file's records (any format), line by line, so the
 * file is never held whole; a piece that is not a record goes to
 * `onProblem` with its line number.
 *
 * @example
 * ```ts
 * await readLogFile("/logs/2025-03-04.mimolo.jsonl", { date: "2025-03-04", format: "jsonl" }, (r) => {});
 * ```
 */
export async function readLogFile(
  path: string,
  name: DailyFileName,
  onRecord: (record: LogRecord) => void,
  onProblem: (problem: string, line: number) => void = () => {},
): Promise<void> {
  const decoder = await createDecoder(name.format, name.date);
  const take = (decoded: Decoded[]) => {
    for (const d of decoded) "record" in d ? onRecord(d.record) : onProblem(d.problem, d.line);
  };
  let lineNo = 0;
  let rest = "";
  // The stream closes the file when it ends or fails.
  const file = await Deno.open(path);
  for await (const chunk of file.readable.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      take(decoder.line(line.endsWith("\r") ? line.slice(0, -1) : line, ++lineNo));
    }
  }
  if (rest !== "") take(decoder.line(rest, ++lineNo));
  take(decoder.end());
}
