import { join } from "node:path";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { parseDailyFile, readLogFile } from "../sinks/mod.ts";
import { JOURNAL_DIR } from "./journal.ts";
import {
  foldEntries,
  type JournaledSegment,
  type JournalEntry,
  parseJournal,
} from "./journal_entry.ts";

/** A segment found in a journal left by a previous run. */
export interface LeftoverSegment extends JournaledSegment {
  /** The journal file it came from. */
  path: string;
}

/**
 * Reads every journal left in `<log_dir>/.journal/` by a run that did not
 * close its segments (a crash, a kill, a power cut), oldest first. Empty
 * journals are removed. A line that is not an entry (a torn last line,
 * corruption) is moved to `<journal>.bad-<time>` beside it, said on `log`,
 * and the rest of the segment recovered; a journal that cannot be read at
 * all is left in place and said, and the others are recovered.
 *
 * @example
 * ```ts
 * for (const s of await findLeftoverSegments("/logs", 10_000, log)) console.log(s.path);
 * ```
 */
export async function findLeftoverSegments(
  logDir: string,
  maxRefs: number,
  log: Logger,
): Promise<LeftoverSegment[]> {
  const dir = join(logDir, JOURNAL_DIR);
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(dir))).filter((e) => e.isFile).map((e) => e.name);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw new Error(`cannot read the journal folder ${dir}: ${errorMessage(err)}`);
  }
  const found: LeftoverSegment[] = [];
  for (const name of names.filter((n) => n.endsWith(".jsonl"))) {
    const path = join(dir, name);
    try {
      const segment = foldEntries(await readJournal(path, log), maxRefs);
      if (segment === null) await Deno.remove(path);
      else found.push({ ...segment, path });
    } catch (err) {
      log.error(`cannot recover the journal ${path} (${errorMessage(err)}); it is left in place`);
    }
  }
  return found.sort((a, b) => a.state.start.getTime() - b.state.start.getTime());
}

/** A journal's entries; lines that are not entries are moved aside first. */
async function readJournal(path: string, log: Logger): Promise<JournalEntry[]> {
  const { entries, bad } = parseJournal(await Deno.readTextFile(path));
  if (bad.length === 0) return entries;
  const aside = `${path}.bad-${new Date().toISOString().replaceAll(":", "")}`;
  await Deno.writeTextFile(aside, bad.join("\n") + "\n", { mode: 0o600 });
  // Rewritten whole (temporary file, rename), so a crash now leaves either version, never half.
  const tmp = `${path}.tmp`;
  await Deno.writeTextFile(tmp, entries.map((e) => "\n" + JSON.stringify(e)).join(""), {
    mode: 0o600,
  });
  await Deno.rename(tmp, path);
  log.warn(
    `${path}: ${bad.length} unreadable ${bad.length === 1 ? "entry" : "entries"} set aside in ` +
      `${aside} (a torn last line after a crash, or corruption); the rest of the segment is recovered`,
  );
  return entries;
}

/**
 * Leaves out the leftover segments the log already holds (their record was
 * written, but the journal was not removed: a kill at that moment, or a
 * journal that could not be deleted), removing their journals, so a segment
 * is never written twice. A segment is in the log when a daily file around
 * its dates holds a segment record with the same start.
 *
 * @example
 * ```ts
 * const leftovers = await dropLoggedSegments(await findLeftoverSegments(dir, 10_000, log), dir, log);
 * ```
 */
export async function dropLoggedSegments(
  leftovers: readonly LeftoverSegment[],
  logDir: string,
  log: Logger,
): Promise<LeftoverSegment[]> {
  if (leftovers.length === 0) return [];
  const logged = await loggedSegmentStarts(logDir, leftovers);
  const kept: LeftoverSegment[] = [];
  for (const left of leftovers) {
    // A record whose span came from the monotonic clock starts at the segment's first event.
    const starts = [left.state.start, left.state.events[0]?.timestamp].filter((d) => d);
    if (!starts.some((d) => logged.has(d!.getTime()))) {
      kept.push(left);
      continue;
    }
    try {
      await Deno.remove(left.path);
      log.info(
        `the segment from ${left.state.start.toISOString()} is already in the log; ` +
          `removed its journal ${left.path}`,
      );
    } catch (err) {
      log.warn(
        `the segment from ${left.state.start.toISOString()} is already in the log, but its journal ` +
          `${left.path} cannot be removed (${errorMessage(err)}); it is not written again`,
      );
    }
  }
  return kept;
}

/** Start instants (ms) of the segment records in the daily files that can hold `segments`. */
async function loggedSegmentStarts(
  logDir: string,
  segments: readonly LeftoverSegment[],
): Promise<Set<number>> {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  // Files are named by a local or UTC date of a record's end: a day either side covers every zone.
  const first = day(Math.min(...segments.map((s) => s.state.start.getTime())) - 86_400_000);
  const last = day(Math.max(...segments.map((s) => s.state.end.getTime())) + 86_400_000);
  const starts = new Set<number>();
  for await (const entry of Deno.readDir(logDir)) {
    const name = entry.isFile ? parseDailyFile(entry.name) : null;
    if (!name || name.date < first || name.date > last) continue;
    await readLogFile(join(logDir, entry.name), name, (record) => {
      if (record.type === "segment") starts.add(Date.parse(record.start));
    });
  }
  return starts;
}
