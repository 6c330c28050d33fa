/**
 * folderwatch constructed the way the monitor constructs it (its config
 * checked and completed from its declaration), on one folder, every file
 * counting, with the log folder elsewhere.
 * @module
 */
import FolderWatchMonitor, { type FolderwatchHooks } from "../../plugins/folderwatch.ts";
import { configFor } from "../../src/plugins/config_declaration.ts";

/**
 * A new (not yet started) folderwatch on `dir` in `watch_mode` `mode`, with
 * `extra` config keys and test `hooks` (e.g. `{ perFolder: false }`).
 *
 * @example
 * ```ts
 * const fw = folderwatchOn("/tmp/tree", "auto");
 * await fw.onStart();
 * ```
 */
export function folderwatchOn(
  dir: string,
  mode: "auto" | "scan",
  extra: Record<string, unknown> = {},
  hooks: FolderwatchHooks = {},
): FolderWatchMonitor {
  const context = { configDir: dir, logDir: "/nonexistent-logs" };
  const config = { watch_dirs: [dir], watch_mode: mode, extensions: [], ...extra };
  return new FolderWatchMonitor(configFor(FolderWatchMonitor, config, context), context, hooks);
}
