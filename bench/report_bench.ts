/**
 * `mimolo report` over a generated history (bench/tools/report_logs.ts): a
 * year of daily JSONL files, 100 segments a day, 20 folders each, reported
 * as one window, as a month and as a day.
 *
 * - time: `Deno.bench` of the whole pipeline in this process (read every
 *   file that can hold the window, summarise by project, render JSON);
 * - peak memory: each window in a fresh process (`tools/report_peak.ts`,
 *   the CLI's own code), VmHWM from /proc (Linux), printed before the
 *   benchmarks run, next to a process that reports an empty window.
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
    projects: { rules: [], watchRoots: ["/home/me/projects"], hasVcsMarker: () => false },
    onSkipped: (s) => {
      throw new Error(`unexpected skipped line ${s.file}:${s.line}`);
    },
  });
  if (model.segments === 0) throw new Error("nothing reported");
  let length = 0;
  for (const line of renderJson(model)) length += line.length + 1;
  return length;
}

if (Deno.build.os === "linux") {
  const tool = fileURLToPath(new URL("./tools/report_peak.ts", import.meta.url));
  const peaks: string[] = [];
  const windows: [string, string, string][] = [
    ["empty (2030-01-01)", "2030-01-01", "2030-01-01"],
    ...Object.entries(WINDOWS).map(([name, [from, to]]) =>
      [name, from, to] as [string, string, string]
    ),
  ];
  for (const [name, from, to] of windows) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-prompt",
        tool,
        "--from",
        from,
        "--to",
        to,
        "--tz",
        "UTC",
        "--logs",
        logs,
        "--format",
        "json",
        "-o",
        join(dir, "out.json"),
      ],
      stderr: "inherit",
    }).output();
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    peaks.push(
      `${name.padEnd(20)} ${r.ms.toFixed(0).padStart(6)} ms wall ${
        r.cpuMs.toFixed(0).padStart(6)
      } ms CPU  ` +
        `peak RSS ${r.peakMiB.toFixed(1)} MiB`,
    );
  }
  console.log(
    `report history: ${YEAR.days} files, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${logs}\n` +
      `fresh process per window (the report's wall and CPU time in it, the process's peak memory):\n  ${
        peaks.join("\n  ")
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
