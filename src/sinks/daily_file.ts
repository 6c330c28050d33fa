import { join } from "node:path";
import type { LogRecord } from "@mimolo/sdk";
import type { LogDay, LogFormat } from "../config/types.ts";
import { errorMessage, MimoloError } from "../errors.ts";
import { systemZone } from "../time/mod.ts";

/**
 * The date of the daily file a record belongs to: the date of a segment's
 * end or an event's timestamp, local (in this process's zone) or UTC.
 *
 * @example
 * ```ts
 * recordDate({ type: "event", timestamp: "2025-03-04T23:59:59.000Z", ... }, "utc"); // "2025-03-04"
 * ```
 */
export function recordDate(record: LogRecord, day: LogDay): string {
  const iso = record.type === "segment" ? record.end : record.timestamp;
  return day === "utc" ? iso.slice(0, 10) : systemZone().dateOf(Date.parse(iso));
}

/**
 * The daily file a record goes to: `<dir>/YYYY-MM-DD.mimolo.<ext>`.
 *
 * @example
 * ```ts
 * dailyFile("/logs", "2025-03-04", "jsonl"); // "/logs/2025-03-04.mimolo.jsonl"
 * ```
 */
export function dailyFile(dir: string, date: string, ext: string): string {
  return join(dir, `${date}.mimolo.${ext}`);
}

/** What a daily log file's name says. */
export interface DailyFileName {
  /** The `YYYY-MM-DD` in the name. */
  date: string;
  /** The log format, from the extension. */
  format: LogFormat;
}

const DAILY_FILE = /^(\d{4}-\d\d-\d\d)\.mimolo\.(jsonl|yaml|md)$/;

/**
 * Reads a daily log file's name, or `null` for any other file (journals,
 * torn-tail sidecars, temporary files).
 *
 * @example
 * ```ts
 * parseDailyFile("2025-03-04.mimolo.md"); // { date: "2025-03-04", format: "md" }
 * ```
 */
export function parseDailyFile(name: string): DailyFileName | null {
  const m = DAILY_FILE.exec(name);
  return m ? { date: m[1], format: m[2] as LogFormat } : null;
}

/**
 * Creates the log directory (mode 0700: logs say when and where you worked).
 *
 * @example
 * ```ts
 * await ensureLogDir("./logs");
 * ```
 */
export async function ensureLogDir(dir: string): Promise<void> {
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new MimoloError(`cannot create log directory ${dir}: ${errorMessage(err)}`);
  }
}

/**
 * An append that failed part-way and whose fragment could not be cut off
 * either: the file must be cut back to `length` before anything else is
 * appended to it.
 */
export class TornAppendError extends Error {
  /** The file's length before the failed append. */
  readonly length: number;

  /** @param cause the write's error; @param length what to cut the file back to. */
  constructor(cause: unknown, length: number) {
    super(errorMessage(cause), { cause });
    this.length = length;
  }
}

/**
 * Appends text on a file opened for append, then syncs it. All or nothing:
 * if a write or the sync fails (a full disk can take part of a record), the
 * file is cut back to its length before, so the retry never lands after a
 * fragment; if even that fails, a {@linkcode TornAppendError} says what to
 * pass as `cutTo` next time. A crash mid-append can still leave a torn last
 * record, which start-up repair moves aside.
 *
 * @example
 * ```ts
 * await appendDurably("/logs/x.jsonl", "{}\n");
 * ```
 */
export async function appendDurably(path: string, text: string, cutTo?: number): Promise<void> {
  using file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
  let length = (await file.stat()).size;
  if (cutTo !== undefined && cutTo < length) {
    await file.truncate(cutTo);
    length = cutTo;
  }
  try {
    await writeAllAndSync(file, text);
  } catch (err) {
    try {
      await file.truncate(length);
    } catch {
      throw new TornAppendError(err, length);
    }
    throw err;
  }
}

/** The suffix of {@linkcode replaceDurably}'s temporary files, before the process id. */
export const TEMPORARY_SUFFIX = ".tmp-";

/**
 * Replaces a file's content atomically: write a temporary file, sync,
 * rename. A failed write removes the temporary file; one left by a crash is
 * removed at the next start (see `removeStaleTemporaries`).
 *
 * @example
 * ```ts
 * await replaceDurably("/logs/x.md", "# table\n");
 * ```
 */
export async function replaceDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}${TEMPORARY_SUFFIX}${Deno.pid}`;
  try {
    {
      using file = await Deno.open(tmp, { write: true, create: true, truncate: true, mode: 0o600 });
      await writeAllAndSync(file, text);
    }
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

async function writeAllAndSync(file: Deno.FsFile, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.syncData();
}
