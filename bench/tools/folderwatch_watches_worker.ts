/**
 * Worker for folderwatch's ignore benchmark: one fresh worker (so a fresh
 * isolate, whose Deno keeps its own OS watcher) per measurement. On a
 * `{ root, dir, perFolder }` message it loads folderwatch from the checkout
 * at `root` (`bench/tools/folderwatch.ts` there, so an older checkout can be
 * measured the same way), times its `onStart()` on `dir`, and posts the time
 * and the inotify watches the process gained.
 * @module
 */
/// <reference lib="deno.worker" />
import { inotifyUse } from "./inotify.ts";

self.onmessage = async (
  e: MessageEvent<{ root: string; dir: string; perFolder: boolean | undefined }>,
) => {
  const { root, dir, perFolder } = e.data;
  // The SDK the plugin's "@mimolo/sdk" resolves to (this process's import map).
  const { setPluginLogSink } = await import("@mimolo/sdk");
  const { folderwatchOn } = await import(new URL("bench/tools/folderwatch.ts", root).href);
  setPluginLogSink(() => {});
  const before = inotifyUse();
  const hooks = perFolder === undefined ? {} : { perFolder };
  const fw = folderwatchOn(dir, "auto", {}, hooks);
  const t0 = performance.now();
  await fw.onStart();
  const ms = performance.now() - t0;
  const after = inotifyUse();
  self.postMessage({
    ms,
    watches: after.watches - before.watches,
    instances: after.instances - before.instances,
  });
};
