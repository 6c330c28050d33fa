/**
 * folderwatch's idle CPU (Linux), watch vs scan:
 *
 * 1. In-process CPU time per idle poll: the plugin class in this process on
 *    generated trees of 10,000, 20,000 and 100,000 files; `process.cpuUsage()`
 *    (user + system, every thread of the process, so the threads doing the
 *    scan's file-system calls count too) over a run of `emitEvent()` calls with
 *    nothing changed, after the watcher is open or the scan primed and a
 *    tenth as many warm-up polls.
 * 2. The whole monitor process: `mimolo monitor` (the `mimolo` task's exact
 *    command) with only folderwatch, polled every 0.5 s, on the 20,000-file
 *    tree, once with `watch_mode = "auto"` and once with `"scan"`; the
 *    process's CPU time from /proc/<pid>/stat in two windows: the start-up
 *    tail (from 2 s to 32 s after the "watch_started" line, while V8 still
 *    compiles and collects start-up garbage in the background) and then the
 *    steady state (the next `seconds`). Target: auto ≤ 1% of scan, idle, so
 *    in the steady state. For comparison, in the same windows: the floor,
 *    the same monitor with one drop-in plugin that does nothing, polled
 *    every 0.5 s (the monitor's own cost per poll); and the runtime's floor,
 *    a bare Deno process whose one worker only sleeps 0.5 s in a loop (what
 *    any poll-based plugin in a Deno worker costs at least).
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/folderwatch_idle.ts [seconds=60]
 * @module
 */
import { setPluginLogSink } from "@mimolo/sdk";
import { join } from "node:path";
import process from "node:process";
import { LiveMimolo } from "../tests/helpers/cli.ts";
import { folderwatchOn } from "./tools/folderwatch.ts";
import { cpuDuring } from "../tests/helpers/proc.ts";
import { generateTree, type Tree } from "./tools/tree.ts";

type Mode = "auto" | "scan";

const seconds = Number(Deno.args[0] ?? 60);
/** The start-up tail window, measured first: from 2 s after "ready" on. */
const STARTUP_S = 30;
/** The whole-process target: auto's CPU time at most this share of the scan's. */
const TARGET = 0.01;
/** Tree of the whole-process measurement. */
const MONITOR_FILES = 20_000;
/** Idle polls per in-process measurement. */
const POLLS: Record<Mode, (files: number) => number> = {
  auto: () => 1000,
  scan: (files) => files >= 100_000 ? 3 : 10,
};

setPluginLogSink(() => {});
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmtMs = (ms: number) => ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(1)} µs`;

/** CPU and wall time per idle poll of folderwatch on `tree`, in this process. */
async function perPoll(tree: Tree, mode: Mode): Promise<{ cpuMs: number; wallMs: number }> {
  const fw = folderwatchOn(tree.dir, mode);
  await fw.onStart();
  try {
    const polls = POLLS[mode](tree.files);
    for (let i = 0; i < Math.ceil(polls / 10); i++) await fw.emitEvent(); // warm-up
    const [cpu0, wall0] = [cpuMs(), performance.now()];
    for (let i = 0; i < polls; i++) {
      const event = await fw.emitEvent();
      if (event !== null) throw new Error(`idle poll reported ${JSON.stringify(event.data)}`);
    }
    return { cpuMs: (cpuMs() - cpu0) / polls, wallMs: (performance.now() - wall0) / polls };
  } finally {
    fw.onStop();
  }
}

/** The monitor's `[monitor]` table: no segment closes during the window, logs in `dir`. */
const monitorToml = (dir: string) =>
  `[monitor]\ncooldown_seconds = 600\nlog_dir = ${JSON.stringify(join(dir, "logs"))}\n\n`;

/** CPU seconds in the two windows. */
interface Used {
  /** From 2 s to 2 + STARTUP_S s after "ready". */
  startup: number;
  /** The `seconds` after that. */
  steady: number;
}

/** CPU seconds process `pid` uses in the start-up tail (from 2 s on) and then the steady state. */
async function windows(pid: number): Promise<Used> {
  await new Promise((r) => setTimeout(r, 2000));
  const startup = await cpuDuring(pid, STARTUP_S * 1000);
  return { startup, steady: await cpuDuring(pid, seconds * 1000) };
}

/** A bare Deno process (no MiMoLo) whose one worker sleeps 0.5 s in a loop, measured alike. */
async function runtimeFloorCpu(): Promise<Used> {
  const worker = "for (;;) await new Promise((r) => setTimeout(r, 500));";
  const main =
    `new Worker(${JSON.stringify(`data:text/javascript,${encodeURIComponent(worker)}`)}, ` +
    `{ type: "module" }); setInterval(() => {}, 1 << 30);`;
  const child = new Deno.Command(Deno.execPath(), { args: ["eval", main] }).spawn();
  try {
    return await windows(child.pid);
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
}

/** CPU seconds `mimolo monitor`, started in `dir`, uses in the start-up tail and the steady state. */
async function monitorCpu(dir: string, ready: RegExp): Promise<Used> {
  const live = new LiveMimolo(["monitor"], dir);
  try {
    await live.waitFor(ready);
    return await windows(live.child.pid);
  } finally {
    live.child.kill("SIGTERM");
    const status = await live.exit();
    if (!status.success) console.error(`monitor in ${dir} exited with ${status.code}`);
    if (!status.success || /warn|denied|NotCapable/.test(live.stderr)) console.error(live.stderr);
  }
}

/** The monitor with only folderwatch, on `tree` in `mode`, polled every 0.5 s. */
async function folderwatchCpu(tree: Tree, mode: Mode, work: string): Promise<Used> {
  const dir = join(work, mode);
  await Deno.mkdir(dir);
  await Deno.writeTextFile(
    join(dir, "mimolo.toml"),
    monitorToml(dir) +
      `[plugins.folderwatch]\npoll_interval_s = 0.5\nwatch_dirs = [${JSON.stringify(tree.dir)}]\n` +
      `watch_mode = "${mode}"\n\n` +
      `[plugins.folderwatch.permissions]\nread = [${JSON.stringify(tree.dir)}]\n`,
  );
  return await monitorCpu(dir, /watch_started/);
}

/** The floor: the monitor with one drop-in plugin that does nothing, polled every 0.5 s. */
async function floorCpu(work: string): Promise<Used> {
  const dir = join(work, "quiet");
  await Deno.mkdir(join(dir, "plugins"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "plugins", "quiet.ts"),
    `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Quiet extends BaseMonitor {
  static override spec: PluginSpec = { label: "quiet", pollIntervalS: 0.5 };
  override emitEvent(): Event | null { return null; }
}
`,
  );
  await Deno.writeTextFile(join(dir, "mimolo.toml"), monitorToml(dir) + `[plugins.quiet]\n`);
  return await monitorCpu(dir, /monitoring quiet/);
}

const work = await Deno.makeTempDir({ prefix: "mimolo-fw-idle-" });
const trees: Tree[] = [];
try {
  console.log("In-process CPU per idle poll (emitEvent(), nothing changed):");
  for (const files of [10_000, MONITOR_FILES, 100_000]) {
    const tree = await generateTree(files);
    trees.push(tree);
    const auto = await perPoll(tree, "auto");
    const scan = await perPoll(tree, "scan");
    console.log(
      `  ${files.toLocaleString("en")} files: auto ${fmtMs(auto.cpuMs)} CPU (${
        fmtMs(auto.wallMs)
      } wall), scan ${fmtMs(scan.cpuMs)} CPU (${fmtMs(scan.wallMs)} wall); ` +
        `auto/scan CPU ${(auto.cpuMs / scan.cpuMs).toExponential(1)}`,
    );
    if (files !== MONITOR_FILES) {
      Deno.removeSync(tree.dir, { recursive: true });
      trees.pop();
    }
  }

  const tree = trees[0];
  console.log(
    `\nWhole monitor process, folderwatch on ${MONITOR_FILES.toLocaleString("en")} files ` +
      `polled every 0.5 s, CPU time in the start-up tail (${STARTUP_S} s from 2 s after ` +
      `start-up) and then in the steady state (${seconds} s):`,
  );
  const share = (cpuS: number, s: number) => `${(100 * cpuS / s).toFixed(2)}% of one core`;
  const show = (what: string, used: Used) =>
    console.log(
      `  ${what}: start-up tail ${used.startup.toFixed(2)} CPU s (${
        share(used.startup, STARTUP_S)
      }), steady ${used.steady.toFixed(2)} CPU s (${share(used.steady, seconds)})`,
    );
  const auto = await folderwatchCpu(tree, "auto", work);
  show(`watch_mode = "auto"`, auto);
  const scan = await folderwatchCpu(tree, "scan", work);
  show(`watch_mode = "scan"`, scan);
  const ratio = (w: keyof Used) => auto[w] / scan[w];
  console.log(
    `  auto / scan: start-up tail ${(100 * ratio("startup")).toFixed(2)}%, steady ${
      (100 * ratio("steady")).toFixed(2)
    }% (target ≤ ${100 * TARGET}% when idle, i.e. steady): ` +
      (ratio("steady") <= TARGET ? "target met" : "TARGET NOT MET"),
  );
  const floor = await floorCpu(work);
  show("floor, a plugin that does nothing polled every 0.5 s", floor);
  const runtime = await runtimeFloorCpu();
  show("runtime floor, a bare Deno worker waking every 0.5 s", runtime);
  console.log(
    `  steady, as shares of the scan: floor ${(100 * floor.steady / scan.steady).toFixed(2)}%, ` +
      `runtime floor ${(100 * runtime.steady / scan.steady).toFixed(2)}%`,
  );
} finally {
  for (const t of trees) Deno.removeSync(t.dir, { recursive: true });
  await Deno.remove(work, { recursive: true });
}
