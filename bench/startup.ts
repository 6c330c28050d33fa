/**
 * Whole-process start-up time and memory of `mimolo monitor` (Linux), run
 * with the `mimolo` task's exact command:
 *
 * - start-up: 3 plugins that each emit an event on their first poll; wall
 *   time from spawn to the "monitoring …" log line (config loaded, plugins
 *   discovered), to the first `[EVENT]` line and to the third (every plugin
 *   started in its worker and polled once). `mimolo --version` (spawn → exit)
 *   is the floor: process and Deno start-up plus loading the CLI's modules.
 * - memory: `mimolo monitor` with N quiet plugins (poll every 1 s, return
 *   null); VmRSS from /proc/<pid>/status after a settle time. Memory per
 *   plugin worker = slope of RSS over N.
 *
 * Every figure is the median of several runs, after one unmeasured warm-up run.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/startup.ts [runs=5]
 * @module
 */
import { join } from "node:path";
import { mimoloCommand } from "../tests/helpers/cli.ts";

const RUNS = Number(Deno.args[0] ?? 5);
/** Plugins in the start-up measurement. */
const STARTUP_PLUGINS = 3;
/** Plugin counts of the memory measurement. */
const MEMORY_NS = [1, 5, 10];
/** How long a monitor runs before its RSS is read. */
const SETTLE_MS = 4000;
/** Runs per plugin count of the memory measurement. */
const MEMORY_RUNS = 3;

/** Writes `count` plugins (`<prefix>1` …) and a config enabling them; returns the config path. */
async function writeSetup(
  dir: string,
  prefix: string,
  count: number,
  plugin: (label: string) => string,
): Promise<string> {
  await Deno.mkdir(join(dir, "plugins"), { recursive: true });
  let toml = `[monitor]\nlog_dir = "${join(dir, "logs")}"\nplugin_dirs = ["./plugins"]\n`;
  for (let i = 1; i <= count; i++) {
    const label = `${prefix}${i}`;
    await Deno.writeTextFile(join(dir, "plugins", `${label}.ts`), plugin(label));
    toml += `\n[plugins.${label}]\n`;
  }
  const config = join(dir, "mimolo.toml");
  await Deno.writeTextFile(config, toml);
  return config;
}

/** Emits one event on its first poll, then nothing (one poll a minute). */
const chatty = (label: string) =>
  `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Chatty extends BaseMonitor {
  static override spec: PluginSpec = { label: "${label}", pollIntervalS: 60 };
  #polls = 0;
  override emitEvent(): Event | null {
    return this.#polls++ === 0 ? this.makeEvent("hello") : null;
  }
}
`;

/** Polled every second, never emits. */
const quiet = (label: string) =>
  `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Quiet extends BaseMonitor {
  static override spec: PluginSpec = { label: "${label}", pollIntervalS: 1 };
  override emitEvent(): Event | null { return null; }
}
`;

function spawn(args: string[], cwd: string, stdout: "piped" | "null"): Deno.ChildProcess {
  const [cmd, cmdArgs] = mimoloCommand(args);
  return new Deno.Command(cmd, {
    args: cmdArgs,
    cwd,
    stdin: "null",
    stdout,
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Reads a stream line by line, calling `onLine` with each line. */
async function eachLine(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    lines.forEach(onLine);
  }
  if (rest !== "") onLine(rest);
}

/** Milliseconds from spawn to exit of `mimolo --version`. */
async function versionTime(cwd: string): Promise<number> {
  const t0 = performance.now();
  const status = await spawn(["--version"], cwd, "piped").output();
  const ms = performance.now() - t0;
  if (!status.success) {
    throw new Error(`mimolo --version failed: ${new TextDecoder().decode(status.stderr)}`);
  }
  return ms;
}

interface StartupTimes {
  /** Spawn → "monitoring …" on stderr (config read, plugins discovered and registered). */
  monitoring: number;
  /** Spawn → first `[EVENT]` line. */
  firstEvent: number;
  /** Spawn → `[EVENT]` line number {@linkcode STARTUP_PLUGINS}. */
  allEvents: number;
}

/** One monitor run: times until every plugin's first event is printed, then SIGTERM. */
async function startupTimes(config: string, cwd: string): Promise<StartupTimes> {
  const t0 = performance.now();
  const child = spawn(["monitor", "-c", config], cwd, "piped");
  const times: Partial<StartupTimes> = {};
  let events = 0;
  let stderr = "";
  let done!: () => void;
  const allSeen = new Promise<void>((resolve) => done = resolve);
  const reading = Promise.all([
    eachLine(child.stdout, (line) => {
      if (!line.startsWith("[EVENT]")) return;
      const now = performance.now() - t0;
      events++;
      if (events === 1) times.firstEvent = now;
      if (events === STARTUP_PLUGINS) {
        times.allEvents = now;
        done();
      }
    }),
    eachLine(child.stderr, (line) => {
      stderr += line + "\n";
      if (times.monitoring === undefined && line.includes("monitoring ")) {
        times.monitoring = performance.now() - t0;
      }
    }),
  ]);
  const timeout = setTimeout(() => child.kill("SIGKILL"), 60_000);
  await Promise.race([allSeen, child.status]);
  clearTimeout(timeout);
  if (times.allEvents === undefined) {
    throw new Error(`monitor exited before ${STARTUP_PLUGINS} events:\n${stderr}`);
  }
  child.kill("SIGTERM");
  await child.status;
  await reading;
  return times as StartupTimes;
}

/** VmRSS (kB) of a monitor with the given config after {@linkcode SETTLE_MS}. */
async function rssAfterSettle(config: string, cwd: string): Promise<number> {
  const child = spawn(["monitor", "-c", config], cwd, "null");
  let stderr = "";
  const reading = eachLine(child.stderr, (line) => stderr += line + "\n");
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  let status: string;
  try {
    status = await Deno.readTextFile(`/proc/${child.pid}/status`);
  } catch {
    await reading;
    throw new Error(`monitor exited early:\n${stderr}`);
  }
  child.kill("SIGTERM");
  await child.status;
  await reading;
  const kb = status.match(/^VmRSS:\s+(\d+) kB$/m);
  if (!kb) throw new Error("no VmRSS in /proc/<pid>/status");
  if (stderr.includes("WARN") || stderr.includes("ERROR")) throw new Error(stderr);
  return Number(kb[1]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs `measure` once unmeasured, then `runs` times. */
async function repeat<T>(runs: number, measure: () => Promise<T>): Promise<T[]> {
  await measure();
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await measure());
  return results;
}

const range = (xs: number[], unit: string, digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)} ${unit}`;

const root = await Deno.makeTempDir({ prefix: "mimolo-startup-" });
try {
  // Start-up time.
  const startDir = join(root, "startup");
  const startConfig = await writeSetup(startDir, "chatty", STARTUP_PLUGINS, chatty);
  const version = await repeat(RUNS, () => versionTime(startDir));
  const startup = await repeat(RUNS, () => startupTimes(startConfig, startDir));
  const col = (k: keyof StartupTimes) => startup.map((t) => t[k]);

  console.log(`\nStart-up time (${RUNS} runs after a warm-up; median, range)\n`);
  console.log("| Milestone | Median | Range |");
  console.log("| --- | --- | --- |");
  const row = (what: string, xs: number[]) =>
    console.log(`| ${what} | ${median(xs).toFixed(0)} ms | ${range(xs, "ms")} |`);
  row("`mimolo --version` (spawn → exit)", version);
  row(`monitor, ${STARTUP_PLUGINS} plugins: spawn → "monitoring …" log line`, col("monitoring"));
  row(`monitor, ${STARTUP_PLUGINS} plugins: spawn → first [EVENT]`, col("firstEvent"));
  row(`monitor, ${STARTUP_PLUGINS} plugins: spawn → [EVENT] #${STARTUP_PLUGINS}`, col("allEvents"));

  // Memory per plugin worker.
  const rss = new Map<number, number[]>();
  for (const n of MEMORY_NS) {
    const dir = join(root, `memory-${n}`);
    const config = await writeSetup(dir, "quiet", n, quiet);
    rss.set(n, await repeat(MEMORY_RUNS, () => rssAfterSettle(config, dir)));
  }
  const mib = (kb: number) => (kb / 1024).toFixed(1);
  console.log(
    `\nVmRSS after ${
      SETTLE_MS / 1000
    } s with N quiet plugins (${MEMORY_RUNS} runs after a warm-up)\n`,
  );
  console.log("| N plugins | VmRSS (median) | Range | Per added worker vs previous N |");
  console.log("| --- | --- | --- | --- |");
  MEMORY_NS.forEach((n, i) => {
    const kb = median(rss.get(n)!);
    const runs = rss.get(n)!.map((x) => x / 1024);
    let slope = "";
    if (i > 0) {
      const prev = MEMORY_NS[i - 1];
      slope = `${mib((kb - median(rss.get(prev)!)) / (n - prev))} MiB`;
    }
    console.log(`| ${n} | ${mib(kb)} MiB | ${range(runs, "MiB", 1)} | ${slope} |`);
  });
  const first = MEMORY_NS[0];
  const last = MEMORY_NS.at(-1)!;
  const overall = (median(rss.get(last)!) - median(rss.get(first)!)) / (last - first);
  console.log(`\nMemory per plugin worker (slope, N = ${first} → ${last}): ${mib(overall)} MiB`);
} finally {
  await Deno.remove(root, { recursive: true });
}
