/**
 * Whole-process memory of `mimolo monitor` (Linux, VmRSS from /proc), run
 * with the `mimolo` task's exact command:
 *
 * - the repository's default `mimolo.toml` (example + folderwatch), copied
 *   into a temporary folder with its log folder there and folderwatch
 *   watching a small tree, read after a settle time;
 * - the same with `MALLOC_ARENA_MAX=2`, as the systemd unit runs it;
 * - the same with 0, 2 and 4 extra quiet plugins: memory per added plugin
 *   worker = slope of RSS over the number of plugins;
 * - the share of each npm dependency: a fresh Deno process that imports only
 *   it (through the project's import map), minus one that imports nothing.
 *
 * Every figure is the median of several fresh processes.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/memory.ts [runs=3] [--monitor-only]
 * [--settle=S] [--with=FLAGS]…
 * (`--monitor-only`: only the default `mimolo.toml` row, for quick
 * before/after comparisons; `--settle=S`: read RSS S seconds after start
 * instead of 6; `--with=FLAGS`, repeatable: instead of the rows above, the
 * default config under the task's command and under the task's command with
 * the Deno arguments FLAGS added (space-separated, e.g.
 * `--with=--v8-flags=--max-semi-space-size=1`), the processes of all
 * variants interleaved, each row with its anonymous and file-backed parts
 * from `/proc/<pid>/smaps_rollup`).
 * @module
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { mimoloCommand } from "../tests/helpers/cli.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = Number(Deno.args.find((a) => /^\d+$/.test(a)) ?? 3);
const MONITOR_ONLY = Deno.args.includes("--monitor-only");
/** How long a monitor runs before its RSS is read. */
const SETTLE_MS = 1000 * Number(
  Deno.args.find((a) => a.startsWith("--settle="))?.slice("--settle=".length) ?? 6,
);
if (!(SETTLE_MS >= 0)) throw new Error("--settle=S: S must be a number of seconds");
/** Deno arguments to compare against the task's command (`--with=…`). */
const VARIANTS = Deno.args.filter((a) => a.startsWith("--with=")).map((a) =>
  a.slice("--with=".length).split(/\s+/).filter((f) => f !== "")
);
/** What the systemd unit adds to the monitor's environment (src/service/systemd.ts). */
const SERVICE_ENV = { MALLOC_ARENA_MAX: "2" };
/** The npm packages loaded into the monitor's own isolate. */
const DEPENDENCIES = ["@logtape/logtape", "es-module-lexer", "smol-toml", "sucrase", "yaml", "zod"];

/** VmRSS of a process in MiB. */
async function rssMiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = status.match(/^VmRSS:\s+(\d+) kB$/m);
  if (!kb) throw new Error("no VmRSS in /proc/<pid>/status");
  return Number(kb[1]) / 1024;
}

/** Resident memory of a process in MiB: VmRSS, and its anonymous part (`smaps_rollup`). */
interface Resident {
  rss: number;
  anonymous: number;
}

async function residentMiB(pid: number): Promise<Resident> {
  const rollup = await Deno.readTextFile(`/proc/${pid}/smaps_rollup`);
  const field = (name: string) => {
    const kb = rollup.match(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m"));
    if (!kb) throw new Error(`no ${name} in /proc/<pid>/smaps_rollup`);
    return Number(kb[1]) / 1024;
  };
  return { rss: await rssMiB(pid), anonymous: field("Anonymous") };
}

/** Writes the default config (and `extra` quiet plugins) into `dir`; returns the config path. */
async function defaultSetup(dir: string, extra: number): Promise<string> {
  await Deno.mkdir(join(dir, "plugins"), { recursive: true });
  await Deno.mkdir(join(dir, "tree", "src"), { recursive: true });
  for (let i = 0; i < 50; i++) await Deno.writeTextFile(join(dir, "tree", "src", `f${i}.ts`), "x");
  let toml = (await Deno.readTextFile(join(ROOT, "mimolo.toml")))
    .replace('watch_dirs = ["."]', 'watch_dirs = ["./tree"]')
    .replace('read = ["."]', 'read = ["./tree"]');
  for (let i = 1; i <= extra; i++) {
    await Deno.writeTextFile(
      join(dir, "plugins", `quiet${i}.ts`),
      `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Quiet extends BaseMonitor {
  static override spec: PluginSpec = { label: "quiet${i}", pollIntervalS: 1 };
  override emitEvent(): Event | null { return null; }
}
`,
    );
    toml += `\n[plugins.quiet${i}]\n`;
  }
  const config = join(dir, "mimolo.toml");
  await Deno.writeTextFile(config, toml);
  return config;
}

/** RSS of a monitor with `config` (and `env` added) after {@linkcode SETTLE_MS}. */
async function monitorRss(
  config: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<number> {
  return (await monitorResident(config, cwd, env)).rss;
}

/**
 * Resident memory of a monitor with `config` (`env` added to its
 * environment, `denoArgs` to the task's Deno arguments) after
 * {@linkcode SETTLE_MS}.
 */
async function monitorResident(
  config: string,
  cwd: string,
  env: Record<string, string> = {},
  denoArgs: string[] = [],
): Promise<Resident> {
  const [cmd, taskArgs] = mimoloCommand(["monitor", "-c", config]);
  const main = taskArgs.indexOf(`${ROOT}main.ts`);
  if (main < 0) throw new Error(`the mimolo task's command no longer names ${ROOT}main.ts`);
  const args = [...taskArgs.slice(0, main), ...denoArgs, ...taskArgs.slice(main)];
  const child = new Deno.Command(cmd, {
    args,
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  const stderr = new Response(child.stderr).text();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  let resident: Resident;
  try {
    resident = await residentMiB(child.pid);
  } catch {
    throw new Error(`monitor exited early:\n${await stderr}`);
  }
  child.kill("SIGTERM");
  await child.status;
  const said = await stderr;
  if (said.includes("WARN") || said.includes("ERROR")) throw new Error(said);
  return resident;
}

/** RSS of a Deno process that imports `specifier` (or nothing) and then waits. */
async function importRss(specifier: string | null): Promise<number> {
  const code = `${specifier ? `await import(${JSON.stringify(specifier)});` : ""}` +
    `console.log("ready"); await new Promise((r) => setTimeout(r, 60_000));`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", join(ROOT, "deno.json"), code],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  await reader.read();
  await new Promise((r) => setTimeout(r, 500));
  const rss = await rssMiB(child.pid);
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  return rss;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function medianOf(measure: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await measure());
  return median(xs);
}

/** Prints the RSS share of each npm dependency imported alone. */
async function dependencyShares(): Promise<void> {
  console.log("\n| Imported alone into a fresh Deno process | RSS | share |");
  console.log("| --- | --- | --- |");
  const base = await medianOf(() => importRss(null));
  console.log(`| nothing | ${base.toFixed(1)} MiB | |`);
  for (const dep of DEPENDENCIES) {
    const rss = await medianOf(() => importRss(dep));
    console.log(`| \`${dep}\` | ${rss.toFixed(1)} MiB | ${(rss - base).toFixed(1)} MiB |`);
  }
}

/** The default config under the task's command and under each of {@linkcode VARIANTS}. */
async function compareVariants(dir: string): Promise<void> {
  const config = await defaultSetup(dir, 0);
  const variants = [[], ...VARIANTS];
  const measured: Resident[][] = variants.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [v, denoArgs] of variants.entries()) {
      measured[v].push(await monitorResident(config, dir, {}, denoArgs));
    }
  }
  console.log(
    "| Default `mimolo.toml`, Deno arguments | RSS | anonymous | file-backed | the runs |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  for (const [v, denoArgs] of variants.entries()) {
    const rss = median(measured[v].map((r) => r.rss));
    const anonymous = median(measured[v].map((r) => r.anonymous));
    const file = median(measured[v].map((r) => r.rss - r.anonymous));
    const runs = measured[v].map((r) => r.rss.toFixed(1)).join(", ");
    const what = denoArgs.length === 0 ? "the task's" : `the task's + \`${denoArgs.join(" ")}\``;
    console.log(
      `| ${what} | ${rss.toFixed(1)} MiB | ${anonymous.toFixed(1)} MiB | ${
        file.toFixed(1)
      } MiB | ${runs} |`,
    );
  }
}

const root = await Deno.makeTempDir({ prefix: "mimolo-memory-" });
try {
  console.log(
    `Deno ${Deno.version.deno}; median of ${RUNS} fresh processes each, read after ${
      SETTLE_MS / 1000
    } s\n`,
  );
  if (VARIANTS.length > 0) {
    await compareVariants(join(root, "compare"));
  } else {
    console.log("| Monitor | RSS |");
    console.log("| --- | --- |");
    const byExtra: [number, number][] = [];
    for (const extra of MONITOR_ONLY ? [0] : [0, 2, 4]) {
      const dir = join(root, `extra${extra}`);
      const config = await defaultSetup(dir, extra);
      const rss = await medianOf(() => monitorRss(config, dir));
      byExtra.push([extra, rss]);
      const what = extra === 0
        ? "default `mimolo.toml` (example, folderwatch)"
        : `default + ${extra} quiet plugins`;
      console.log(`| ${what} | ${rss.toFixed(1)} MiB |`);
      if (extra === 0) {
        const capped = await medianOf(() => monitorRss(config, dir, SERVICE_ENV));
        console.log(
          `| ${what}, \`MALLOC_ARENA_MAX=2\` (as the systemd unit) | ${capped.toFixed(1)} MiB |`,
        );
      }
    }
    if (!MONITOR_ONLY) {
      const [[x0, y0], , [x2, y2]] = byExtra;
      console.log(
        `| per added plugin worker (slope) | ${((y2 - y0) / (x2 - x0)).toFixed(1)} MiB |`,
      );
      await dependencyShares();
    }
  }
} finally {
  await Deno.remove(root, { recursive: true });
}
