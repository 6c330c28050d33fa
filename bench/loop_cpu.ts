/**
 * CPU cost of the monitor's poll loop, in-process: the real Monitor with the
 * system clock and one plugin polled every 0.2 s that never emits, either
 * through a real plugin worker ("worker") or a host that answers at once
 * ("fake"); CPU time of the whole process over 20 s.
 *
 * Run: npx -y deno@2.9.6 run -A --unstable-worker-options bench/loop_cpu.ts worker|fake
 * @module
 */
import process from "node:process";
import { Monitor } from "../src/runtime/monitor.ts";
import { systemClock } from "../src/runtime/clock.ts";
import { Outbox } from "../src/durability/outbox.ts";
import { SegmentJournals } from "../src/durability/journal.ts";
import { MemoryLog, MemorySink, quietConsole, registered } from "../tests/helpers/fake_host.ts";
import { hostFor } from "../tests/helpers/plugins.ts";
import { pluginSource, writeFiles } from "../tests/helpers/temp.ts";
const mode = Deno.args[0] ?? "worker";
const dir = await Deno.makeTempDir();
await writeFiles(dir, {
  "quiet.ts": pluginSource(`{ label: "quiet", pollIntervalS: 0.2 }`, "return null;"),
});
const plugins = registered([{ spec: { label: "quiet", pollIntervalS: 0.2 }, emit: () => null }]);
const host = mode === "worker" ? await hostFor(dir, "[plugins.quiet]\n") : {
  poll: () => Promise.resolve(null),
  filter: () => Promise.resolve(null),
  segmentClosed: () => Promise.resolve(),
  stop: () => Promise.resolve(),
};
const log = new MemoryLog();
const monitor = new Monitor({
  plugins,
  host,
  outbox: new Outbox(new MemorySink(), log),
  journals: new SegmentJournals(dir, 1000, log),
  console: quietConsole,
  log,
  clock: systemClock,
  cooldownSeconds: 600,
  pollTickMs: 200,
});
const run = monitor.run();
await new Promise((r) => setTimeout(r, 2000));
const a = process.cpuUsage();
await new Promise((r) => setTimeout(r, 20000));
const b = process.cpuUsage(a);
console.log(mode, "cpu ms in 20 s:", ((b.user + b.system) / 1000).toFixed(0));
await monitor.stop();
await run;
