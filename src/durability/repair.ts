import { join } from "node:path";
import { parseDailyFile, TEMPORARY_SUFFIX } from "../sinks/daily_file.ts";

/** A log file whose torn tail was moved aside. */
export interface Repair {
  /** The log file. */
  file: string;
  /** Where its torn tail now is. */
  sidecar: string;
  /** How many bytes were moved. */
  bytes: number;
}

/** How much of a file's end is read at a time when looking for its last complete record. */
const CHUNK = 64 * 1024;

const NEWLINE = new Uint8Array([0x0a]);
const YAML_START = new TextEncoder().encode("\n---\n");

/**
 * Finds daily log files that end in a torn record (a crash mid-append) and
 * moves each torn tail into a sidecar file next to it (`<file>.torn-<time>`;
 * nothing is deleted), so appending resumes after the last complete record:
 * a JSONL line ends with a newline, a YAML record ends at the next `---`.
 * Only the end of each file is read (back to its last complete record), so
 * start-up costs the same however long the history. Markdown files are
 * replaced atomically and cannot be torn.
 *
 * @example
 * ```ts
 * for (const r of await repairTornLogs("/logs")) console.warn(`moved ${r.bytes} bytes to ${r.sidecar}`);
 * ```
 */
export async function repairTornLogs(logDir: string): Promise<Repair[]> {
  const repairs: Repair[] = [];
  for (const name of (await fileNames(logDir)).sort()) {
    const format = parseDailyFile(name)?.format;
    if (format !== "jsonl" && format !== "yaml") continue;
    const file = join(logDir, name);
    using handle = await Deno.open(file, { read: true, write: true });
    const size = (await handle.stat()).size;
    const keep = format === "jsonl"
      ? await completeJsonlLength(handle, size)
      : await completeYamlLength(handle, size);
    if (keep === size) continue;
    const sidecar = `${file}.torn-${new Date().toISOString().replaceAll(":", "")}`;
    await Deno.writeFile(sidecar, await readRange(handle, keep, size), { mode: 0o600 });
    await handle.truncate(keep);
    repairs.push({ file, sidecar, bytes: size - keep });
  }
  return repairs;
}

/**
 * Removes the temporary files of Markdown rewrites that a crash interrupted
 * (`<file>.tmp-<pid>`): the file they were to replace is intact, and the
 * lock guarantees no other monitor is writing one. Returns their paths.
 *
 * @example
 * ```ts
 * for (const path of await removeStaleTemporaries("/logs")) console.info(`removed ${path}`);
 * ```
 */
export async function removeStaleTemporaries(logDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fileNames(logDir)) {
    const at = name.lastIndexOf(TEMPORARY_SUFFIX);
    if (at < 0 || !/^\d+$/.test(name.slice(at + TEMPORARY_SUFFIX.length))) continue;
    if (parseDailyFile(name.slice(0, at)) === null) continue;
    await Deno.remove(join(logDir, name));
    removed.push(join(logDir, name));
  }
  return removed;
}

async function fileNames(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).filter((e) => e.isFile).map((e) => e.name);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

/** Bytes up to and including the newline of the last valid JSON line. */
async function completeJsonlLength(file: Deno.FsFile, size: number): Promise<number> {
  let keep = await lastIndexOf(file, NEWLINE, size) + 1;
  while (keep > 0) {
    const lineStart = await lastIndexOf(file, NEWLINE, keep - 1) + 1;
    if (isJson(await readRange(file, lineStart, keep - 1))) break;
    keep = lineStart;
  }
  return keep;
}

/** Bytes up to the start of a last YAML document that does not end with a newline. */
async function completeYamlLength(file: Deno.FsFile, size: number): Promise<number> {
  if (size === 0 || (await readRange(file, size - 1, size))[0] === 0x0a) return size;
  // The last "---" that starts a line (the file's first document starts at 0).
  return await lastIndexOf(file, YAML_START, size) + 1;
}

/** Where the last occurrence of `pattern` wholly before `end` starts, or -1; reads backwards in chunks. */
async function lastIndexOf(file: Deno.FsFile, pattern: Uint8Array, end: number): Promise<number> {
  let to = end;
  while (to >= pattern.length) {
    const from = Math.max(0, to - CHUNK);
    const bytes = await readRange(file, from, to);
    for (let i = bytes.length - pattern.length; i >= 0; i--) {
      if (pattern.every((b, j) => bytes[i + j] === b)) return from + i;
    }
    if (from === 0) break;
    // Overlap so a pattern across the chunk boundary is found.
    to = from + pattern.length - 1;
  }
  return -1;
}

async function readRange(file: Deno.FsFile, from: number, to: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(to - from);
  await file.seek(from, Deno.SeekMode.Start);
  let read = 0;
  while (read < bytes.length) {
    const n = await file.read(bytes.subarray(read));
    if (n === null) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

function isJson(line: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(line));
    return true;
  } catch {
    return false;
  }
}
