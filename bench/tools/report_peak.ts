/**
 * Preloaded into a fresh `mimolo report` process (`deno run --preload
 * bench/tools/report_peak.ts main.ts report …`) by `bench/report_bench.ts`:
 * when the process exits it prints, on stderr, one line `mimolo-peak {…}`
 * with the CPU time the whole process used (all threads) and its peak
 * resident memory (VmHWM from /proc, Linux). It imports nothing, so the
 * process loads what `mimolo report` loads and no more.
 * @module
 */
import { cpuUsage } from "node:process";

globalThis.addEventListener("unload", () => {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)?.[1]);
  const cpu = cpuUsage();
  console.error(
    `mimolo-peak ${
      JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, peakMiB: kib("VmHWM") / 1024 })
    }`,
  );
});
