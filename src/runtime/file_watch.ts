import { basename, dirname, join } from "node:path";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";

/** What to watch: single files (by watching their folders) and whole folders' direct entries. */
export interface WatchedPaths {
  /** Files whose change counts (their folder is watched; other entries there are ignored). */
  files: readonly string[];
  /** Folders in which a change to any direct entry counts. */
  dirs: readonly string[];
}

/**
 * Calls `onChange` once changes to `paths` have settled for `debounceMs`.
 * Folders are watched, not files, so an editor that saves by renaming a new
 * file over the old one is seen. Deno 2.7.5's `Deno.watchFs` has no `ignore`
 * option and may deliver events of other watchers in the process (a
 * plugin's), so every event is matched against `paths`. A folder that does
 * not exist is skipped. Dispose to stop.
 *
 * @example
 * ```ts
 * using _ = watchPaths({ files: ["/etc/mimolo.toml"], dirs: ["/etc/plugins"] }, 300, reload, log);
 * ```
 */
export function watchPaths(
  paths: WatchedPaths,
  debounceMs: number,
  onChange: () => void,
  log: Logger,
): Disposable {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const f of paths.files) for (const p of spellings(f)) files.add(p);
  for (const d of paths.dirs) for (const p of spellings(d)) dirs.add(p);
  const roots = [...new Set([...paths.files.map((f) => dirname(f)), ...paths.dirs])]
    .filter(isDir);
  const matches = (path: string) => files.has(path) || dirs.has(dirname(path));
  let timer: number | undefined;
  let watcher: Deno.FsWatcher | null = null;
  if (roots.length > 0) {
    watcher = Deno.watchFs(roots, { recursive: false });
    (async () => {
      for await (const event of watcher!) {
        if (!event.paths.some(matches)) continue;
        clearTimeout(timer);
        timer = setTimeout(onChange, debounceMs);
      }
    })().catch((err) => log.warn(`watching ${roots.join(", ")} stopped: ${errorMessage(err)}`));
  }
  return {
    [Symbol.dispose]() {
      clearTimeout(timer);
      try {
        watcher?.close();
      } catch {
        // Already closed.
      }
    },
  };
}

/** A path as given and as resolved through symlinks (events may report either). */
function spellings(path: string): string[] {
  try {
    return [path, Deno.realPathSync(path)];
  } catch {
    try {
      return [path, join(Deno.realPathSync(dirname(path)), basename(path))];
    } catch {
      return [path];
    }
  }
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
