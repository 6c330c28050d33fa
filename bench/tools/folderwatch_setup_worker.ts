/**
 * Worker for folderwatch's set-up benchmark: one fresh worker per iteration,
 * so every `Deno.watchFs` call is the first in its isolate. (Deno keeps one
 * OS watcher per isolate, and a closed `FsWatcher` leaves its paths watched:
 * watching the same tree again in one isolate costs almost nothing, which is
 * not what the plugin's worker pays when the monitor starts.)
 *
 * Protocol: posts `"loaded"` once its modules are loaded; on a
 * `{ dir, mode }` message, constructs folderwatch on `dir` and runs
 * `onStart()`, then posts `"started"`. The host terminates it afterwards.
 * @module
 */
/// <reference lib="deno.worker" />
import { setPluginLogSink } from "@mimolo/sdk";
import { folderwatchOn } from "./folderwatch.ts";

setPluginLogSink(() => {});

self.onmessage = async (e: MessageEvent<{ dir: string; mode: "auto" | "scan" }>) => {
  const { dir, mode } = e.data;
  const fw = folderwatchOn(dir, mode);
  await fw.onStart();
  self.postMessage("started");
};

self.postMessage("loaded");
