import { join } from "node:path";
import type { LogRecord } from "@mimolo/sdk";
import { ConfigError, errorMessage, MimoloError } from "../errors.ts";
import { createDecoder, type DailyFileName, parseDailyFile } from "../sinks/mod.ts";
import { addDays } from "../time/mod.ts";

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

/** Bytes read at a time: memory for reading does not depend on file sizes. */
const CHUNK_BYTES = 1 << 20;

/** Most skipped lines reported one by one per file; the rest are counted. */
const WARNINGS_PER_FILE = 5;

/**
 * Streams the records of every daily log file in `dirs` (JSONL, YAML and
 * Markdown alike) that can hold records of the instants `[start, end)`, to
 * `onRecord`, one file at a time and line by line, so memory does not grow
 * with the history. A file is named by the local (or, with `log_day =
 * "utc"` and before 0.2, the UTC) date of its records' ends, so the files
 * from the day before the window's first UTC date to two days after its
 * last are read: a local day's records can be in a neighbouring UTC day's
 * file whatever the writer's zone (offsets are −12 to +14 hours), and a
 * segment that crosses the window's end is filed under its end's date. A
 * line that is not a record is skipped and passed to `onSkipped`.
 *
 * @example
 * ```ts
 * await readLogRecords(["/logs"], window.start, window.end, (r) => summary.add(r), warn);
 * ```
 */
export async function readLogRecords(
  dirs: readonly string[],
  start: number,
  end: number,
  onRecord: (record: LogRecord) => void,
  onSkipped: (skipped: SkippedLine) => void,
): Promise<ReadStats> {
  const first = addDays(new Date(start).toISOString().slice(0, 10), -1);
  const last = addDays(new Date(end - 1).toISOString().slice(0, 10), 2);
  const files: (DailyFileName & { path: string })[] = [];
  for (const dir of dirs) {
    for (const name of await listDir(dir)) {
      const parsed = parseDailyFile(name);
      if (parsed && parsed.date >= first && parsed.date <= last) {
        files.push({ ...parsed, path: join(dir, name) });
      }
    }
  }
  files.sort((a, b) => a.date.localeCompare(b.date) || a.path.localeCompare(b.path));
  let skipped = 0;
  for (const file of files) skipped += readFile(file, onRecord, onSkipped);
  return { files: files.length, skipped };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) if (entry.isFile) names.push(entry.name);
    return names;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ConfigError(`log folder ${dir} does not exist`);
    }
    if (err instanceof Deno.errors.NotADirectory) {
      throw new ConfigError(`log folder ${dir} is not a folder`);
    }
    throw new MimoloError(`cannot read log folder ${dir}: ${errorMessage(err)}`);
  }
}

/** Streams one file's records; returns how many lines were skipped. */
function readFile(
  file: DailyFileName & { path: string },
  onRecord: (record: LogRecord) => void,
  onSkipped: (skipped: SkippedLine) => void,
): number {
  const decoder = createDecoder(file.format, file.date);
  let skipped = 0;
  const take = (decoded: ReturnType<typeof decoder.end>) => {
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
  let lineNo = 0;
  let rest = "";
  const text = new TextDecoder();
  const buffer = new Uint8Array(CHUNK_BYTES);
  // Synchronous reads of one bounded buffer: a report is a batch job, and
  // awaiting each chunk cost more in thread hand-offs than the reading itself.
  let handle: Deno.FsFile;
  try {
    handle = Deno.openSync(file.path);
  } catch (err) {
    throw new MimoloError(`cannot read log file ${file.path}: ${errorMessage(err)}`);
  }
  try {
    for (;;) {
      const n = handle.readSync(buffer);
      if (n === null) break;
      const lines = (rest + text.decode(buffer.subarray(0, n), { stream: true })).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        take(decoder.line(line.endsWith("\r") ? line.slice(0, -1) : line, ++lineNo));
      }
    }
    rest += text.decode();
  } catch (err) {
    throw new MimoloError(`cannot read log file ${file.path}: ${errorMessage(err)}`);
  } finally {
    handle.close();
  }
  if (rest !== "") take(decoder.line(rest, ++lineNo));
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
