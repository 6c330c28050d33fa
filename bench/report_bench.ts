/**
 * `mimolo report` over a generated history (bench/tools/report_logs.ts): a
 * year of daily JSONL files, 100 segments a day, 20 folders of 8 projects
 * each, reported as one window, as a month and as a day.
 *
 * - fresh processes (Linux), printed before the benchmarks run: the real
 *   `mimolo report … -o FILE` (main.ts, as the `mimolo` task runs it) for
 *   each window and format, its wall time from spawn to exit, the CPU time
 *   it used and its peak resident memory (VmHWM, through the preloaded
 *   `tools/report_peak.ts`); the median of `REPORT_RUNS` runs (default 3),
 *   next to a process that reports an empty window;
 * - time in this process: `Deno.bench` of the whole pipeline, warm (read
 *   every file that can hold the window, summarise by project, render JSON).
 *
 * `MIMOLO_MAIN=/path/to/other/main.ts` measures another checkout's CLI on
 * the same history (for before/after numbers).
 *
 * Run: npx -y deno@2.7.5 bench --allow-all --no-prompt bench/report_bench.ts
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildReport, renderJson, reportWindow } from "../src/report/mod.ts";
import { addDays, Zone } from "../src/time/mod.ts";
import { writeHistory, YEAR } from "./tools/report_logs.ts";

const dir = await Deno.makeTempDir({ prefix: "mimolo-report-bench-" });
const logs = join(dir, "logs");
const { first, last, bytes } = await writeHistory(logs, YEAR);
const WATCHED = "/home/me/projects";
const config = join(dir, "mimolo.toml");
await Deno.writeTextFile(config, `[plugins.folderwatch]\nwatch_dirs = ["${WATCHED}"]\n`);
const zone = new Zone("UTC");
const WINDOWS = {
  day: [addDays(first, 180), addDays(first, 180)],
  month: [addDays(first, 180), addDays(first, 210)],
  year: [first, last],
} as const;

async function report(from: string, to: string): Promise<number> {
  const { model } = await buildReport({
    dirs: [logs],
    window: reportWindow(from, to, zone),
    by: "project",
    format: "json",
    projects: { rules: [], watchRoots: [WATCHED], hasVcsMarker: () => false },
    onSkipped: (s) => {
      throw new Error(`unexpected skipped line ${s.file}:${s.line}`);
    },
  });
  if (model.segments === 0) throw new Error("nothing reported");
  let length = 0;
  for (const line of renderJson(model)) length += line.length + 1;
  return length;
}

interface Run {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

/** One fresh `mimolo report` process. */
async function freshReport(main: string, args: string[]): Promise<Run> {
  const preload = fileURLToPath(new URL("./tools/report_peak.ts", import.meta.url));
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-prompt", "--preload", preload, main, "report", ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - started;
  const stderr = new TextDecoder().decode(out.stderr);
  const line = stderr.split("\n").find((l) => l.startsWith("mimolo-peak "));
  if (out.code !== 0 || line === undefined) throw new Error(`report failed: ${stderr}`);
  return { wallMs, ...JSON.parse(line.slice("mimolo-peak ".length)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (Deno.build.os === "linux") {
  const main = Deno.env.get("MIMOLO_MAIN") ?? fileURLToPath(new URL("../main.ts", import.meta.url));
  const runs = Number(Deno.env.get("REPORT_RUNS") ?? 3);
  const rows: string[] = [];
  const windows: [string, string, string][] = [
    ["empty (2030-01-01)", "2030-01-01", "2030-01-01"],
    ...Object.entries(WINDOWS).map(([name, [from, to]]) =>
      [name, from, to] as [string, string, string]
    ),
  ];
  for (const format of ["text", "json", "html", "csv"]) {
    for (const [name, from, to] of windows) {
      if (format !== "text" && name.startsWith("empty")) continue;
      const args = ["--from", from, "--to", to, "--tz", "UTC", "--logs", logs, "-c", config];
      const out = join(dir, `out.${format}`);
      const measured: Run[] = [];
      for (let i = 0; i < runs; i++) {
        measured.push(await freshReport(main, [...args, "--format", format, "-o", out]));
      }
      const m = (k: keyof Run) => median(measured.map((r) => r[k]));
      rows.push(
        `${format.padEnd(5)} ${name.padEnd(19)} ${m("wallMs").toFixed(0).padStart(6)} ms wall ` +
          `${m("cpuMs").toFixed(0).padStart(6)} ms CPU  peak RSS ${m("peakMiB").toFixed(1)} MiB` +
          `  (walls ${measured.map((r) => r.wallMs.toFixed(0)).join(", ")})`,
      );
    }
  }
  console.log(
    `report history: ${YEAR.days} files, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${logs}\n` +
      `fresh \`mimolo report -o FILE\` processes (${main}), median of ${runs}:\n  ${
        rows.join("\n  ")
      }`,
  );
}

for (const [name, [from, to]] of Object.entries(WINDOWS)) {
  Deno.bench({
    name:
      `report ${name}: ${from} … ${to} (${YEAR.segmentsPerDay} segments/day, ${YEAR.foldersPerSegment} folders each)`,
    group: "report",
    baseline: name === "day",
    n: name === "year" ? 5 : undefined,
    warmup: name === "year" ? 1 : undefined,
    fn: async () => {
      await report(from, to);
    },
  });
}

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
