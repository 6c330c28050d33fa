import { join } from "node:path";

/** Whether a path is left out of walks (a folder: not entered), given whether it is a folder. */
export type Skip = (path: string, isDir: boolean) => boolean;

/**
 * Every file below `dir` (recursively) with its modification time, never
 * following symbolic links (so link loops cannot trap the walk), never
 * entering folders that `skip` rejects and leaving out files it rejects.
 * Unreadable folders are skipped. Synchronous on purpose: it runs in the
 * plugin's own worker, and blocking calls cost a fraction of the CPU of one
 * thread-pool round trip per file (measured in docs/benchmarks.md).
 *
 * @example
 * ```ts
 * for (const { path, mtimeMs } of walkFiles("/p/src", () => false)) console.log(path, mtimeMs);
 * ```
 */
export function* walkFiles(dir: string, skip: Skip): Generator<{ path: string; mtimeMs: number }> {
  for (const { path, entry } of walkEntries(dir, skip)) {
    if (!entry.isFile) continue;
    try {
      yield { path, mtimeMs: Deno.lstatSync(path).mtime?.getTime() ?? 0 };
    } catch {
      // Removed between listing and stat: the next scan reports it as gone.
    }
  }
}

/**
 * `dir` and every folder below it that `skip` does not reject (nor one of
 * its parents), without following symbolic links.
 *
 * @example
 * ```ts
 * [...walkDirs("/p", (path, isDir) => isDir && path.endsWith("node_modules"))];
 * ```
 */
export function* walkDirs(dir: string, skip: Skip): Generator<string> {
  yield dir;
  for (const { path, entry } of walkEntries(dir, skip)) if (entry.isDirectory) yield path;
}

/** Every entry below `dir` that `skip` lets through, folders before what is in them. */
function* walkEntries(dir: string, skip: Skip): Generator<{ path: string; entry: Deno.DirEntry }> {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(current)];
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (skip(path, entry.isDirectory)) continue;
      if (entry.isDirectory) stack.push(path);
      yield { path, entry };
    }
  }
}

/**
 * Finds changes by comparing mtime snapshots of a folder tree: the
 * original's approach, kept as the fallback where OS notifications fail.
 *
 * @example
 * ```ts
 * const scanner = new MtimeScanner("/p/src", () => false);
 * scanner.prime();
 * scanner.scan((path) => console.log("changed", path));
 * ```
 */
export class MtimeScanner {
  readonly #dir: string;
  readonly #skip: Skip;
  #snapshot = new Map<string, number>();

  /** @param dir the folder to scan; @param skip what to leave out (see {@linkcode walkFiles}). */
  constructor(dir: string, skip: Skip) {
    this.#dir = dir;
    this.#skip = skip;
  }

  /** Takes the first snapshot without reporting anything. */
  prime(): void {
    this.scan(() => {});
  }

  /** Reports every file created, modified or removed since the last scan. */
  scan(onChange: (path: string) => void): void {
    const next = new Map<string, number>();
    for (const { path, mtimeMs } of walkFiles(this.#dir, this.#skip)) {
      next.set(path, mtimeMs);
      if (this.#snapshot.get(path) !== mtimeMs) onChange(path);
    }
    for (const path of this.#snapshot.keys()) if (!next.has(path)) onChange(path);
    this.#snapshot = next;
  }
}
