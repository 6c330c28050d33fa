/**
 * Soak: one plugin emitting every 10 ms for 10 minutes of engine time
 * (60,000 events, simulated clock) into one open segment, through the real
 * segment keeper, journal (a temp folder) and outbox. Prints heap use after
 * a forced GC before and after, and the journal's size.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt --v8-flags=--expose-gc bench/soak.ts [minutes=10]
 * @module
 */
import type { Event } from "@mimolo/sdk";
import { SegmentJournals } from "../src/durability/journal.ts";
import { Outbox } from "../src/durability/outbox.ts";
import type { IngestPolicy } from "../src/engine/mod.ts";
import { SegmentKeeper } from "../src/runtime/segments.ts";
import { ConsoleReporter } from "../src/sinks/console.ts";
import { FakeClock } from "../tests/helpers/fake_clock.ts";
import { MemoryLog } from "../tests/helpers/fake_host.ts";

const minutes = Number(Deno.args[0] ?? 10);
const events = minutes * 60 * 100;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --v8-flags=--expose-gc");

function heapMiB(): number {
  gc!();
  gc!();
  return Deno.memoryUsage().heapUsed / 2 ** 20;
}

const dir = await Deno.makeTempDir({ prefix: "mimolo-soak-" });
const clock = new FakeClock();
const log = new MemoryLog();
let written = 0;
const keeper = new SegmentKeeper({
  cooldownSeconds: 600,
  maxEventRefs: 10_000,
  clockToleranceMs: 300_000,
  journals: new SegmentJournals(dir, 1000, log),
  outbox: new Outbox({ write: () => Promise.resolve() }, log),
  owners: new Map([["items", "soak"]]),
  runFilter: (_label, values) => values.length,
  onSegmentWritten: () => void written++,
  console: new ConsoleReporter(false, () => {}),
  log,
  clock,
  hostName: "soak",
});
const policy: IngestPolicy = {
  label: "soak",
  resetsCooldown: true,
  infrequent: false,
  dataHeader: "items",
};
const event = (i: number): Event => ({
  timestamp: new Date(clock.wallNow()),
  label: "soak",
  event: "tick",
  data: { items: [`folder_${i % 50}`] },
});

keeper.accept(event(0), policy);
const before = heapMiB();
const started = performance.now();
for (let i = 1; i < events; i++) {
  clock.t += 10;
  keeper.accept(event(i), policy);
  keeper.tick(clock.now());
}
const elapsed = performance.now() - started;
const after = heapMiB();
const journalBytes = [...Deno.readDirSync(`${dir}/.journal`)]
  .reduce((sum, f) => sum + Deno.statSync(`${dir}/.journal/${f.name}`).size, 0);
keeper.closeNow();
await keeper.settled();
await new Promise((r) => setTimeout(r, 100));
await Deno.remove(dir, { recursive: true });

console.log(`events: ${events} (${minutes} min of engine time, one every 10 ms, one open segment)`);
console.log(
  `heap after GC: before ${before.toFixed(2)} MiB, after ${after.toFixed(2)} MiB ` +
    `(${((after - before) * 2 ** 20 / events).toFixed(1)} bytes/event)`,
);
console.log(
  `journal on disk: ${(journalBytes / 2 ** 20).toFixed(2)} MiB; wall time ${
    elapsed.toFixed(0)
  } ms; segments written at close: ${written}`,
);
