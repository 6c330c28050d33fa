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
 * Appends text with one write on a file opened for append, then syncs it.
 *
 * @example
 * ```ts
 * await appendDurably("/logs/x.jsonl", "{}\n");
 * ```
 */
export async function appendDurably(path: string, text: string): Promise<void> {
  using file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
  await writeAllAndSync(file, text);
}

/**
 * Replaces a file's content atomically: write a temporary file, sync, rename.
 *
 * @example
 * ```ts
 * await replaceDurably("/logs/x.md", "# table\n");
 * ```
 */
export async function replaceDurably(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${Deno.pid}`;
  {
    using file = await Deno.open(tmp, { write: true, create: true, truncate: true, mode: 0o600 });
    await writeAllAndSync(file, text);
  }
  await Deno.rename(tmp, path);
}

async function writeAllAndSync(file: Deno.FsFile, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.syncData();
}
