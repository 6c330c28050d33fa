import { join } from "node:path";
import type { LogRecord } from "@mimolo/sdk";
import { ConfigError, errorMessage, MimoloError } from "../errors.ts";
import { createDecoder, type DailyFileName, type Decoded, parseDailyFile } from "../sinks/mod.ts";
import { LineReader } from "./line_reader.ts";
import { earliestEnd, fileSpan, OpenMachines } from "./file_span.ts";

/** A line of a log file that is not a record. */
export interface SkippedLine {
  /** The file. */
  file: string;
  /** Its 1-based line number; `null` for the count of further skipped lines. */
  line: number | null;
  /** Why it was skipped. */
  problem: string;
}

/** What reading found, besides the records. */
export interface ReadStats {
  /** Daily files read. */
  files: number;
  /** Lines skipped, across all files. */
  skipped: number;
}

/** Most skipped lines reported one by one per file; the rest are counted. */
const WARNINGS_PER_FILE = 5;

/** Where the records read go. */
export interface RecordSink {
  /** Takes a record. */
  add(record: LogRecord): void;
  /** Hears that every record still to come ends at or after `floor` (epoch ms). */
  settle(floor: number): void;
}

/**
 * Streams the records of every daily log file in `dirs` (JSONL, YAML and
 * Markdown alike) that can hold records of the instants `[start, end)` (see
 * {@linkcode fileSpan}) to `sink`, one file at a time and line by line, in
 * the order of the files' dates, so memory does not grow with the history.
 * After each date's files, `sink.settle` hears the earliest end a record of
 * a later file can have. A line that is not a record is skipped and passed
 * to `onSkipped`.
 *
 * @example
 * ```ts
 * await readLogRecords(["/logs"], window.start, window.end, summariser, warn);
 * ```
 */
export async function readLogRecords(
  dirs: readonly string[],
  start: number,
  end: number,
  sink: RecordSink,
  onSkipped: (skipped: SkippedLine) => void,
): Promise<ReadStats> {
  const span = fileSpan(start, end);
  const byDate = new Map<string, (DailyFileName & { path: string })[]>();
  for (const dir of dirs) {
    for (const name of await listDir(dir)) {
      const parsed = parseDailyFile(name);
      if (parsed && parsed.date >= span.first && parsed.date <= span.follow) {
        const files = byDate.get(parsed.date) ?? [];
        files.push({ ...parsed, path: join(dir, name) });
        byDate.set(parsed.date, files);
      }
    }
  }
  const dates = [...byDate.keys()].sort();
  const machines = new OpenMachines(end);
  const reader = new LineReader();
  const take = (record: LogRecord) => {
    machines.see(record);
    sink.add(record);
  };
  let files = 0;
  let skipped = 0;
  for (const [i, date] of dates.entries()) {
    if (date > span.last && !machines.open) break;
    const group = byDate.get(date)!.sort((a, b) => a.path.localeCompare(b.path));
    for (const file of group) skipped += await readFile(file, reader, take, onSkipped);
    files += group.length;
    sink.settle(i + 1 < dates.length ? earliestEnd(dates[i + 1]) : Infinity);
  }
  return { files, skipped };
}

/** A log folder to report on does not exist. */
export class MissingLogDirError extends ConfigError {
  /** @param dir the folder, absolute. */
  constructor(readonly dir: string) {
    super(`log folder ${dir} does not exist`);
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
    return names;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new MissingLogDirError(dir);
    }
    if (err instanceof Deno.errors.NotADirectory) {
      throw new ConfigError(`log folder ${dir} is not a folder`);
    }
    throw new MimoloError(`cannot read log folder ${dir}: ${errorMessage(err)}`);
  }
}

/** Streams one file's records; returns how many lines were skipped. */
async function readFile(
  file: DailyFileName & { path: string },
  reader: LineReader,
  onRecord: (record: LogRecord) => void,
  onSkipped: (skipped: SkippedLine) => void,
): Promise<number> {
  const decoder = await createDecoder(file.format, file.date);
  let skipped = 0;
  const take = (decoded: Decoded[]) => {
    for (const d of decoded) {
      if ("record" in d) {
        onRecord(d.record);
        continue;
      }
      skipped++;
      if (skipped <= WARNINGS_PER_FILE) {
        onSkipped({ file: file.path, line: d.line, problem: d.problem });
      }
    }
  };
  try {
    reader.read(file.path, (line, lineNo) => take(decoder.line(line, lineNo)));
  } catch (err) {
    throw new MimoloError(`cannot read log file ${file.path}: ${errorMessage(err)}`);
  }
  take(decoder.end());
  if (skipped > WARNINGS_PER_FILE) {
    const more = skipped - WARNINGS_PER_FILE;
    onSkipped({
      file: file.path,
      line: null,
      problem: `${more} more line(s) that are not records`,
    });
  }
  return skipped;
}
