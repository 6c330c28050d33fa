import { join } from "node:path";
import { errorMessage } from "../errors.ts";
import { JOURNAL_DIR } from "./journal.ts";
import { foldEntries, type JournaledSegment, parseJournal } from "./journal_entry.ts";

/** A segment found in a journal left by a previous run. */
export interface LeftoverSegment extends JournaledSegment {
  /** The journal file it came from. */
  path: string;
  /** Torn or unreadable lines skipped. */
  skipped: number;
}

/**
 * Reads every journal left in `<log_dir>/.journal/` by a run that did not
 * close its segments (a crash, a kill, a power cut), oldest first. Empty
 * journals are removed.
 *
 * @example
 * ```ts
 * for (const s of await findLeftoverSegments("/logs", 10_000)) console.log(s.path);
 * ```
 */
export async function findLeftoverSegments(
  logDir: string,
  maxRefs: number,
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
    const { entries, skipped } = parseJournal(await Deno.readTextFile(path));
    const segment = foldEntries(entries, maxRefs);
    if (segment === null) await Deno.remove(path);
    else found.push({ ...segment, path, skipped });
  }
  return found.sort((a, b) => a.state.start.getTime() - b.state.start.getTime());
}
