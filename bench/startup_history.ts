/**
 * Whole-process start-up memory of `mimolo monitor` against the size of the
 * log history it repairs (Linux): the history is N daily JSONL files of
 * ~30 MiB of valid records, each ending in a torn record, so start-up repair
 * has work in every file. Reports the peak RSS (VmHWM from
 * /proc/<pid>/status) when the monitor has repaired its logs and started,
 * and the time from spawn to then; each figure is the median of `runs` runs
 * after one unmeasured warm-up run.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/startup_history.ts [runs=3] [max_files=40]
 * @module
 */
import { join } from "node:path";
import { startupPeakRss, writeHistory } from "../tests/helpers/history.ts";

const RUNS = Number(Deno.args[0] ?? 3);
const MAX_FILES = Number(Deno.args[1] ?? 40);
const FILE_BYTES = 30 * 1024 * 1024;

const QUIET = `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Quiet extends BaseMonitor {
  static override spec: PluginSpec = { label: "quiet", pollIntervalS: 60 };
  override emitEvent(): Event | null {
    return null;
  }
}
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (n: number) => (n / 1024 / 1024).toFixed(0);

const dir = await Deno.makeTempDir({ prefix: "mimolo-bench-history-" });
try {
  await Deno.mkdir(join(dir, "plugins"));
  await Deno.mkdir(join(dir, "logs"));
  await Deno.writeTextFile(join(dir, "plugins", "quiet.ts"), QUIET);
  await Deno.writeTextFile(
    join(dir, "mimolo.toml"),
    `[monitor]\nlog_dir = "logs"\nlog_day = "utc"\n[plugins.quiet]\n`,
  );
  console.log("| History | Files | Peak RSS at start-up (MiB) | Spawn to started (ms) |");
  console.log("| ------- | ----- | -------------------------- | --------------------- |");
  for (const files of [0, Math.ceil(MAX_FILES / 4), MAX_FILES]) {
    const peaks: number[] = [];
    const times: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      // Every run repairs every file: re-tear them first.
      for (let i = 0; i < files; i++) {
        const day = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
        await writeHistory(join(dir, "logs", `${day}.mimolo.jsonl`), FILE_BYTES);
      }
      for (const e of Deno.readDirSync(join(dir, "logs"))) {
        if (e.name.includes(".torn-")) Deno.removeSync(join(dir, "logs", e.name));
      }
      const started = performance.now();
      const { peak } = await startupPeakRss(dir, /monitoring quiet/);
      if (run === 0) continue;
      peaks.push(peak);
      times.push(performance.now() - started);
    }
    console.log(
      `| ${mib(files * FILE_BYTES)} MiB | ${files} | ${mib(median(peaks))} (${
        peaks.map(mib).join(", ")
      }) | ${median(times).toFixed(0)} |`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
