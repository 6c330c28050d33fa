/**
 * Segment engine benchmarks (`deno task bench`).
 *
 * - "ingest": `SegmentEngine.ingest` throughput. One iteration feeds
 *   {@link INGEST_EVENTS} pre-built events into a fresh engine whose cooldown
 *   never runs out, then closes it; events/s = INGEST_EVENTS / time per iteration.
 * - "close": `close()` + `aggregateSegment` of a segment holding 100, 1,000 and
 *   10,000 events, using the example plugin's `filterMethod` (flatten,
 *   de-duplicate, sort). The segment is built outside the measured part.
 *
 * The engine is pure, so time is passed in as explicit `nowMs` values; nothing sleeps.
 * @module
 */
import type { Event } from "@mimolo/sdk";
import {
  aggregateSegment,
  type FilterRunner,
  type IngestPolicy,
  SegmentEngine,
} from "../src/engine/mod.ts";
import ExampleMonitor from "../plugins/example.ts";

/** Events fed per ingest iteration. */
const INGEST_EVENTS = 10_000;
/** Longer than any benchmark's simulated time span, so no segment expires. */
const COOLDOWN_MS = 24 * 3_600_000;
const T0 = Date.UTC(2025, 0, 1, 10);

const examplePolicy: IngestPolicy = {
  label: "example",
  resetsCooldown: true,
  infrequent: false,
  dataHeader: "examples",
};
const passivePolicy: IngestPolicy = {
  label: "passive",
  resetsCooldown: false,
  infrequent: false,
  dataHeader: "files",
};

/** The i-th example event: one of 5 fake items (the plugin's default `item_count`). */
function exampleEvent(i: number): Event {
  return {
    timestamp: new Date(T0 + i * 1000),
    label: "example",
    event: "demo",
    data: { examples: [`fake_item_${1 + (i % 5)}`] },
  };
}

function passiveEvent(i: number): Event {
  return {
    timestamp: new Date(T0 + i * 1000),
    label: "passive",
    event: "file_mod",
    data: { files: [`/tmp/file_${i % 20}.txt`] },
  };
}

type Feed = ReadonlyArray<readonly [Event, IngestPolicy]>;

const allResetting: Feed = Array.from(
  { length: INGEST_EVENTS },
  (_, i) => [exampleEvent(i), examplePolicy] as const,
);
/** Every 4th event is non-resetting (recorded, but does not restart the cooldown). */
const mixed: Feed = Array.from(
  { length: INGEST_EVENTS },
  (_, i) =>
    i % 4 === 3
      ? [passiveEvent(i), passivePolicy] as const
      : [exampleEvent(i), examplePolicy] as const,
);

/** Feeds the whole feed into a fresh engine, closes it and returns the event count (kept live). */
function ingestAll(feed: Feed): number {
  const engine = new SegmentEngine({ cooldownMs: COOLDOWN_MS });
  for (let i = 0; i < feed.length; i++) {
    const [event, policy] = feed[i];
    engine.ingest(event, policy, T0 + i * 1000);
  }
  return engine.close()?.events.length ?? 0;
}

Deno.bench({
  name: `ingest ${INGEST_EVENTS} resetting events`,
  group: "ingest",
  baseline: true,
  fn: () => {
    if (ingestAll(allResetting) !== INGEST_EVENTS) throw new Error("lost events");
  },
});

Deno.bench({
  name: `ingest ${INGEST_EVENTS} events, 1 in 4 non-resetting`,
  group: "ingest",
  fn: () => {
    if (ingestAll(mixed) !== INGEST_EVENTS) throw new Error("lost events");
  },
});

const owners: ReadonlyMap<string, string> = new Map([["examples", "example"]]);
// filterMethod is typed for its own header's values (string[][]); the runner hands it unknown[].
const runFilter: FilterRunner = (_label, values) =>
  ExampleMonitor.filterMethod(values as string[][]);

for (const size of [100, 1_000, 10_000]) {
  Deno.bench({
    name: `close + aggregate, ${size} events`,
    group: "close",
    baseline: size === 100,
    fn: async (b) => {
      const engine = new SegmentEngine({ cooldownMs: COOLDOWN_MS });
      const values: unknown[] = [];
      for (let i = 0; i < size; i++) {
        const event = exampleEvent(i);
        engine.ingest(event, examplePolicy, T0 + i * 1000);
        values.push(event.data!.examples);
      }
      // The values come from the segment's journal at close; here they are already in memory.
      const collected = new Map([["examples", values]]);
      b.start();
      const record = await aggregateSegment(
        { closed: engine.close()!, collected, host: "bench" },
        owners,
        runFilter,
      );
      b.end();
      if (record.events.length !== size || record.errors) throw new Error("bad record");
    },
  });
}
