/**
 * CPU cost of polling a plugin that never emits, in-process: the real
 * Monitor with the system clock and one plugin polled every 0.2 s, either
 * through a real plugin worker ("worker": the poll loop runs on the worker's
 * timer) or with the same poll loop on the main thread and a poll that
 * answers at once ("inline"); CPU time of the whole process over 20 s.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt --unstable-worker-options bench/loop_cpu.ts worker|inline
 * @module
 */
import process from "node:process";
import { Monitor } from "../src/runtime/monitor.ts";
import { SystemClock, workerClock } from "../src/runtime/clock.ts";
import { Outbox } from "../src/durability/outbox.ts";
import { SegmentJournals } from "../src/durability/journal.ts";
import type { PluginHost } from "../src/plugins/host.ts";
import { PollLoop } from "../src/plugins/poll_loop.ts";
import { MemoryLog, MemorySink, quietConsole, registered } from "../tests/helpers/fake_host.ts";
import { hostFor } from "../tests/helpers/plugins.ts";
import { pluginSource, writeFiles } from "../tests/helpers/temp.ts";
const mode = Deno.args[0] ?? "worker";
const dir = await Deno.makeTempDir();
await writeFiles(dir, {
  "quiet.ts": pluginSource(`{ label: "quiet", pollIntervalS: 0.2 }`, "return null;"),
});
const plugins = registered([{ spec: { label: "quiet", pollIntervalS: 0.2 }, emit: () => null }]);
let inline: PollLoop | null = null;
const host: PluginHost = mode === "worker" ? await hostFor(dir, "[plugins.quiet]\n") : {
  run: (_label, intervalMs, listener) => {
    inline = new PollLoop(() => Promise.resolve(null), intervalMs, workerClock, listener);
    return inline.start();
  },
  grant: () => {},
  pause: async () => await inline?.stop(),
  filter: () => Promise.resolve(null),
  segmentClosed: () => Promise.resolve(),
  stop: async () => await inline?.stop(),
  define: () => {},
  retire: async () => await inline?.stop(),
};
const log = new MemoryLog();
const monitor = new Monitor({
  plugins,
  host,
  outbox: new Outbox(new MemorySink(), log),
  journals: new SegmentJournals(dir, 1000, log),
  console: quietConsole,
  log,
  clock: new SystemClock(),
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
