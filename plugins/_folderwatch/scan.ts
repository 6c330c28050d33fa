import { join } from "node:path";

/**
 * Every file below `dir` (recursively) with its modification time, never
 * following symbolic links (so link loops cannot trap the walk) and never
 * entering `excluded` folders. Unreadable folders are skipped. Synchronous
 * on purpose: it runs in the plugin's own worker, and blocking calls cost a
 * fraction of the CPU of one thread-pool round trip per file (measured in
 * docs/benchmarks.md).
 *
 * @example
 * ```ts
 * for (const { path, mtimeMs } of walkFiles("/p/src", [])) console.log(path, mtimeMs);
 * ```
 */
export function* walkFiles(
  dir: string,
  excluded: readonly string[],
): Generator<{ path: string; mtimeMs: number }> {
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (excluded.includes(current)) continue;
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(current)];
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory) stack.push(path);
      else if (entry.isFile) {
        try {
          yield { path, mtimeMs: Deno.lstatSync(path).mtime?.getTime() ?? 0 };
        } catch {
          // Removed between listing and stat: the next scan reports it as gone.
        }
      }
    }
  }
}

/**
 * Finds changes by comparing mtime snapshots of a folder tree: the
 * original's approach, kept as the fallback where OS notifications fail.
 *
 * @example
 * ```ts
 * const scanner = new MtimeScanner("/p/src", []);
 * scanner.prime();
 * scanner.scan((path) => console.log("changed", path));
 * ```
 */
export class MtimeScanner {
  readonly #dir: string;
  readonly #excluded: readonly string[];
  #snapshot = new Map<string, number>();

  /** @param dir the folder to scan; @param excluded absolute folders to skip. */
  constructor(dir: string, excluded: readonly string[]) {
    this.#dir = dir;
    this.#excluded = excluded;
  }

  /** Takes the first snapshot without reporting anything. */
  prime(): void {
    this.scan(() => {});
  }

  /** Reports every file created, modified or removed since the last scan. */
  scan(onChange: (path: string) => void): void {
    const next = new Map<string, number>();
    for (const { path, mtimeMs } of walkFiles(this.#dir, this.#excluded)) {
      next.set(path, mtimeMs);
      if (this.#snapshot.get(path) !== mtimeMs) onChange(path);
    }
    for (const path of this.#snapshot.keys()) if (!next.has(path)) onChange(path);
    this.#snapshot = next;
  }
}
