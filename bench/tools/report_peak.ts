/**
 * Runs one `mimolo report` in this process (the CLI's code, output to a
 * file) and prints its wall time, the CPU time it used (all threads) and
 * the process's peak resident memory (VmHWM, Linux) as JSON, for
 * `bench/report_bench.ts`.
 *
 * Run: deno run -A bench/tools/report_peak.ts <report args…>
 * @module
 */
import { cpuUsage } from "node:process";
import { runCli } from "../../src/cli/mod.ts";

const cpuBefore = cpuUsage();
const started = performance.now();
const code = await runCli(["report", ...Deno.args], {
  out: () => {},
  err: (l) => console.error(l),
});
const ms = performance.now() - started;
const cpu = cpuUsage(cpuBefore);
const status = Deno.readTextFileSync("/proc/self/status");
const hwm = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN) / 1024;
console.log(JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMiB: hwm }));
