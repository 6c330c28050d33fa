/**
 * folderwatch benchmarks (`deno task bench`): the plugin class run in this
 * process on generated trees of 10,000 and 100,000 files (100 per folder,
 * see `tools/tree.ts`), with `watch_mode = "auto"` (OS notifications through
 * `Deno.watchFs`) against `watch_mode = "scan"` (`MtimeScanner`: a full
 * recursive walk with one lstat per file on every poll, the original
 * plugin's approach). The scan is each group's baseline, so Deno prints the
 * ratio.
 *
 * - "set-up": constructor + `onStart()` (for auto: opening the recursive
 *   watcher, which adds one OS watch per folder; for scan: the priming walk),
 *   each iteration in a fresh worker (started outside the measured part, see
 *   `tools/folderwatch_setup_worker.ts`), so that every watch is the first in
 *   its isolate, as in the plugin's own worker. The measured part includes
 *   one message round-trip to the worker (well under a millisecond).
 * - "idle poll": one `emitEvent()` with nothing changed (it must return null).
 * - "write → recorded": from starting a file write until the plugin has
 *   recorded the change. Auto: the write, then yielding to the event loop
 *   (`setImmediate`) until `pending > 0`; scan: the write, then the
 *   `emitEvent()` whose scan finds it. In the running monitor the scan adds
 *   up to one poll interval of waiting for that poll on top. A third entry
 *   times the write alone, for reference.
 *
 * Trees are generated once, at module load; they are removed and watchers
 * closed when the bench process unloads, so `deno bench` exits.
 * @module
 */
import { type Event, setPluginLogSink } from "@mimolo/sdk";
import { setImmediate } from "node:timers";
import type FolderWatchMonitor from "../plugins/folderwatch.ts";
import { folderwatchOn } from "./tools/folderwatch.ts";
import { removeSharedTrees, sharedTree, type Tree } from "./tools/tree.ts";

type Mode = "auto" | "scan";

setPluginLogSink(() => {});

const trees = new Map<number, Tree>();
for (const files of [10_000, 100_000]) trees.set(files, await sharedTree(files));

/** A started folderwatch instance on `tree`. */
async function start(tree: Tree, mode: Mode): Promise<FolderWatchMonitor> {
  const fw = folderwatchOn(tree.dir, mode);
  await fw.onStart();
  return fw;
}

const SETUP_WORKER = new URL("./tools/folderwatch_setup_worker.ts", import.meta.url);
/** The set-up worker of the running iteration, if any. */
let setupWorker: Worker | null = null;

/** Resolves on the worker's next message if it is `expected`; rejects on anything else. */
function nextMessage(worker: Worker, expected: string): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) =>
      e.data === expected ? resolve() : reject(new Error(`unexpected ${String(e.data)}`));
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`set-up worker failed: ${e.message}`));
    };
  });
}

/** Set-up of folderwatch on `tree` in a fresh worker, measured from the request to the reply. */
async function measureSetup(b: Deno.BenchContext, tree: Tree, mode: Mode): Promise<void> {
  const worker = setupWorker = new Worker(SETUP_WORKER, { type: "module" });
  try {
    await nextMessage(worker, "loaded");
    const started = nextMessage(worker, "started");
    b.start();
    worker.postMessage({ dir: tree.dir, mode });
    await started;
    b.end();
  } finally {
    worker.terminate();
    setupWorker = null;
  }
}

/**
 * Long-lived instances for the idle-poll and latency groups, opened on first
 * use (outside the measured part) and shared by both groups. Moving on to the
 * other tree size closes the previous size's instances.
 */
const open = new Map<string, FolderWatchMonitor>();
let openSize = 0;

/** Closes the other tree size's instances when moving on to `files`. */
function useSize(files: number): void {
  if (openSize !== files) closeAll();
  openSize = files;
}

async function instance(files: number, mode: Mode): Promise<FolderWatchMonitor> {
  useSize(files);
  const key = `${files}/${mode}`;
  let fw = open.get(key);
  if (!fw) open.set(key, fw = await start(trees.get(files)!, mode));
  return fw;
}

function closeAll(): void {
  for (const fw of open.values()) fw.onStop();
  open.clear();
}

addEventListener("unload", () => {
  setupWorker?.terminate();
  closeAll();
  removeSharedTrees();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Yields to the event loop without a timer's ~1–2 ms granularity. */
const yieldToLoop = () => new Promise((r) => setImmediate(r));

/** Takes whatever is pending (e.g. changes the scan benchmarks made), once OS events have settled. */
async function drain(fw: FolderWatchMonitor): Promise<void> {
  await sleep(5);
  await fw.emitEvent();
  if (fw.pending !== 0) throw new Error(`still ${fw.pending} change(s) pending after a drain`);
}

function assertRecorded(event: Event | null, file: string): void {
  const files = (event?.data as { files?: string[] } | undefined)?.files ?? [];
  if (!files.includes(file)) {
    throw new Error(`expected a change to ${file}, got ${JSON.stringify(event?.data ?? null)}`);
  }
}

/** Iterations (after warm-up) per benchmark, chosen to keep the whole file to two minutes or so. */
const RUNS: Record<number, Record<Mode, Record<string, { n: number; warmup: number }>>> = {
  10_000: {
    scan: {
      setup: { n: 10, warmup: 2 },
      idle: { n: 10, warmup: 2 },
      latency: { n: 10, warmup: 2 },
    },
    auto: {
      setup: { n: 30, warmup: 3 },
      idle: { n: 1000, warmup: 500 },
      latency: { n: 200, warmup: 20 },
    },
  },
  100_000: {
    scan: {
      setup: { n: 3, warmup: 1 },
      idle: { n: 3, warmup: 1 },
      latency: { n: 3, warmup: 1 },
    },
    auto: {
      setup: { n: 10, warmup: 2 },
      idle: { n: 1000, warmup: 500 },
      latency: { n: 100, warmup: 10 },
    },
  },
};

const NAMES: Record<Mode, string> = {
  scan: "scan (full walk + lstat per file)",
  auto: "auto (Deno.watchFs)",
};

for (const files of [10_000, 100_000]) {
  const tree = trees.get(files)!;
  const size = `${files / 1000}k files`;
  const modes: Mode[] = ["scan", "auto"];

  for (const mode of modes) {
    Deno.bench({
      name: `${NAMES[mode]}: constructor + onStart()`,
      group: `folderwatch set-up, ${size}`,
      baseline: mode === "scan",
      ...RUNS[files][mode].setup,
      fn: async (b) => {
        useSize(files);
        await measureSetup(b, tree, mode);
      },
    });
  }

  for (const mode of modes) {
    Deno.bench({
      name: `${NAMES[mode]}: emitEvent(), nothing changed`,
      group: `folderwatch idle poll, ${size}`,
      baseline: mode === "scan",
      ...RUNS[files][mode].idle,
      fn: async (b) => {
        const fw = await instance(files, mode);
        b.start();
        const event = await fw.emitEvent();
        b.end();
        if (event !== null) throw new Error(`idle poll reported ${JSON.stringify(event.data)}`);
      },
    });
  }

  for (const mode of modes) {
    let writes = 0;
    Deno.bench({
      name: mode === "scan"
        ? `${NAMES[mode]}: write + emitEvent() reporting it`
        : `${NAMES[mode]}: write until pending > 0`,
      group: `folderwatch write → recorded, ${size}`,
      baseline: mode === "scan",
      ...RUNS[files][mode].latency,
      fn: async (b) => {
        const fw = await instance(files, mode);
        if (fw.pending > 0) await drain(fw);
        // Spread over the tree; a different file (and folder) each time.
        const file = tree.file((++writes * 7919) % files);
        if (mode === "scan") {
          b.start();
          await Deno.writeTextFile(file, `write ${writes}\n`);
          const event = await fw.emitEvent();
          b.end();
          assertRecorded(event, file);
        } else {
          b.start();
          await Deno.writeTextFile(file, `write ${writes}\n`);
          while (fw.pending === 0) await yieldToLoop();
          b.end();
          await sleep(5);
          assertRecorded(await fw.emitEvent(), file);
        }
      },
    });
  }

  let plainWrites = 0;
  Deno.bench({
    name: "reference: the write alone (Deno.writeTextFile)",
    group: `folderwatch write → recorded, ${size}`,
    n: 200,
    warmup: 20,
    fn: async (b) => {
      useSize(files);
      const file = tree.file((++plainWrites * 104_729) % files);
      b.start();
      await Deno.writeTextFile(file, `plain write ${plainWrites}\n`);
      b.end();
    },
  });
}
