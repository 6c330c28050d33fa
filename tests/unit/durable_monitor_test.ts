import assert from "node:assert/strict";
import { join } from "node:path";
import type { SegmentRecord } from "@mimolo/sdk";
import { JOURNAL_DIR } from "../../src/durability/journal.ts";
import { parseJournal } from "../../src/durability/journal_entry.ts";
import { findLeftoverSegments } from "../../src/durability/recover.ts";
import { SystemClock } from "../../src/runtime/clock.ts";
import { type FakePlugin, MemoryLog } from "../helpers/fake_host.ts";
import { at, setup } from "../helpers/monitor.ts";
import { tempDir } from "../helpers/temp.ts";

const hit = (label: string, now: number, n: number) => ({
  timestamp: at(now),
  label,
  event: "hit",
  data: { items: [n] },
});

function journalEntries(dir: string): unknown[] {
  const jdir = join(dir, JOURNAL_DIR);
  return [...Deno.readDirSync(jdir)].flatMap((f) =>
    parseJournal(Deno.readTextFileSync(join(jdir, f.name))).entries
  );
}

Deno.test("durable: every accepted event is in the journal before it counts; the journal goes once written", async () => {
  const journaledAtAccept: number[] = [];
  const plugin: FakePlugin = {
    spec: { label: "a", dataHeader: "items", pollIntervalS: 1 },
    emit: (n, now) => (n < 3 ? hit("a", now, n) : null),
  };
  await using t = await setup([plugin], { once: true });
  const host = t.host;
  const poll = host.poll.bind(host);
  host.poll = async (label) => {
    journaledAtAccept.push(journalEntriesOrNone(t.dir).length);
    return await poll(label);
  };
  await t.monitor.run();
  // Before poll n+1, the n events accepted so far were already journaled.
  assert.deepEqual(journaledAtAccept.slice(0, 4), [0, 1, 2, 3]);
  assert.equal(t.sink.records.length, 1);
  assert.deepEqual(journalEntries(t.dir), [], "removed after the record was written");
});

function journalEntriesOrNone(dir: string): unknown[] {
  try {
    return journalEntries(dir);
  } catch {
    return [];
  }
}

/** Writes a journal as a crashed run would have left it: events `wallMs` apart, accepted at those times. */
async function leaveJournal(
  dir: string,
  name: string,
  startMs: number,
  count: number,
): Promise<void> {
  const jdir = join(dir, JOURNAL_DIR);
  await Deno.mkdir(jdir, { recursive: true });
  const lines = Array.from({ length: count }, (_, i) => {
    const t = startMs + i * 1000;
    return "\n" +
      JSON.stringify({
        t: new Date(t).toISOString(),
        l: "a",
        e: "hit",
        r: true,
        h: "items",
        v: [i],
        w: t,
      });
  });
  await Deno.writeTextFile(join(jdir, name), lines.join(""));
}

Deno.test("durable: segments left by a crash are recovered when their cooldown has run out", async () => {
  await using dir = await tempDir();
  const wall0 = Date.UTC(2025, 0, 1);
  await leaveJournal(dir.path, "segment-old.jsonl", wall0 - 7_200_000, 3);
  await leaveJournal(dir.path, "segment-newer.jsonl", wall0 - 3_600_000, 2);
  const leftovers = await findLeftoverSegments(dir.path, 10_000, new MemoryLog());
  const quiet: FakePlugin = {
    spec: { label: "a", dataHeader: "items", pollIntervalS: 1 },
    emit: () => null,
  };
  await using t = await setup([quiet], { dir: dir.path, leftovers, cooldownSeconds: 600 });
  t.clock.onAdvance = (time) => time >= 1_000 && t.monitor.stop();
  await t.monitor.run();
  const segments = t.sink.records as SegmentRecord[];
  assert.deepEqual(segments.map((s) => s.events.length), [3, 2], "oldest first");
  for (const seg of segments) assert.equal(seg.recovered, true);
  assert.equal(
    segments[0].end,
    new Date(wall0 - 7_200_000 + 2_000).toISOString(),
    "closed at its last event",
  );
  assert.deepEqual(segments[0].aggregated.items, [[0], [1], [2]]);
  assert.deepEqual(
    await findLeftoverSegments(dir.path, 10_000, new MemoryLog()),
    [],
    "journals removed after the writes",
  );
});

Deno.test("durable: a segment still within its cooldown is resumed and closed later with the new events", async () => {
  await using dir = await tempDir();
  const wall0 = Date.UTC(2025, 0, 1);
  await leaveJournal(dir.path, "segment-1.jsonl", wall0 - 5_000, 2);
  const leftovers = await findLeftoverSegments(dir.path, 10_000, new MemoryLog());
  const plugin: FakePlugin = {
    spec: { label: "a", dataHeader: "items", pollIntervalS: 1 },
    emit: (n, now) => (n === 0 ? hit("a", now, 9) : null),
  };
  await using t = await setup([plugin], {
    dir: dir.path,
    leftovers,
    cooldownSeconds: 10,
    once: true,
  });
  await t.monitor.run();
  assert.equal(t.sink.records.length, 1, "one segment: the resumed one");
  const seg = t.sink.records[0] as SegmentRecord;
  assert.equal(seg.recovered, true);
  assert.equal(seg.events.length, 3);
  assert.deepEqual(seg.aggregated.items, [[0], [1], [9]]);
  assert.equal(seg.resets_count, 2);
  assert.ok(t.log.lines.some((l) => l.includes("resumed the segment open since")));
});

Deno.test("durable: a machine sleep closes the open segment at its last event; later events start a new one", async () => {
  const plugin: FakePlugin = {
    spec: { label: "a", pollIntervalS: 1 },
    emit: (n, now) => (n < 3 || n === 5 ? { timestamp: at(now), label: "a", event: "hit" } : null),
  };
  await using t = await setup([plugin], { cooldownSeconds: 600 });
  let slept = false;
  t.clock.onAdvance = (time) => {
    if (!slept && time >= 3_000) {
      slept = true;
      t.clock.t += 2 * 3_600_000; // the laptop slept two hours; the clock counts it
    }
    if (time >= 2 * 3_600_000 + 10_000) t.monitor.stop();
  };
  await t.monitor.run();
  const segments = t.sink.records as SegmentRecord[];
  assert.equal(segments.length, 2);
  assert.equal(
    segments[0].end,
    at(2_000).toISOString(),
    "the first ends at its last event, not at wake-up",
  );
  assert.equal(segments[0].events.length, 3);
  assert.ok(Date.parse(segments[1].start) > Date.parse(segments[0].end) + 3_600_000);
});

Deno.test("clock: suspended time seen by the boot clock is added to the monotonic clock", () => {
  let mono = 1_000;
  let boot = 50_000;
  const clock = new SystemClock(() => boot, () => mono);
  assert.equal(clock.now(), 1_000);
  mono += 500;
  boot += 500;
  assert.equal(clock.now(), 1_500, "awake: both advance together");
  boot += 7_200_000; // suspended for two hours: the monotonic clock stood still
  mono += 10;
  boot += 10;
  assert.equal(clock.now(), 1_510 + 7_200_000);
  boot -= 20; // a coarse boot tick behind is not a sleep
  assert.equal(clock.now(), 1_510 + 7_200_000);
  const noBoot = new SystemClock(() => null, () => mono);
  assert.equal(noBoot.now(), mono, "without a boot clock: plain monotonic");
});
