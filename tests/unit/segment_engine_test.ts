import assert from "node:assert/strict";
import { foldEntries } from "../../src/durability/journal_entry.ts";
import { SegmentEngine } from "../../src/engine/mod.ts";
import { ev, policy } from "../helpers/events.ts";

const resetting = policy("a", { dataHeader: "items" });
const passive = policy("p", { resetsCooldown: false, dataHeader: "notes" });

Deno.test("engine: a resetting event opens a segment and the cooldown closes it", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  assert.equal(engine.state, "idle");
  assert.equal(engine.ingest(ev("a", 1000, { items: 1 }), resetting, 0), "opened");
  assert.equal(engine.state, "active");
  assert.equal(engine.deadlineMs, 10_000);
  assert.equal(engine.checkExpiration(9_999), false);
  assert.equal(engine.checkExpiration(10_000), true);
  assert.equal(engine.state, "closing");
  const closed = engine.close()!;
  assert.equal(engine.state, "idle");
  assert.equal(closed.resetsCount, 0);
  assert.equal(engine.close(), null);
});

Deno.test("engine: each further resetting event restarts the cooldown and counts a reset", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.ingest(ev("a", 5000, { items: 2 }), resetting, 5_000), "reset");
  assert.equal(engine.ingest(ev("a", 9000, { items: 3 }), resetting, 9_000), "reset");
  assert.equal(engine.checkExpiration(18_999), false);
  assert.equal(engine.checkExpiration(19_000), true);
  const closed = engine.close()!;
  assert.equal(closed.resetsCount, 2);
  assert.equal(closed.start.getTime(), 0);
  assert.equal(closed.end.getTime(), 9000);
});

Deno.test("engine: a non-resetting event is recorded but neither extends the cooldown nor moves end", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  engine.ingest(ev("a", 0, { items: "x" }), resetting, 0);
  engine.ingest(ev("a", 2000, { items: "y" }), resetting, 2_000);
  assert.equal(engine.ingest(ev("p", 8000, { notes: "n" }), passive, 8_000), "recorded");
  assert.equal(engine.deadlineMs, 12_000);
  assert.equal(engine.checkExpiration(12_000), true);
  const closed = engine.close()!;
  assert.equal(closed.resetsCount, 1);
  assert.equal(closed.start.getTime(), 0);
  assert.equal(closed.end.getTime(), 2000, "end is the last resetting event");
  assert.deepEqual(closed.events.map((e) => e.label), ["a", "a", "p"], "the passive event is kept");
});

Deno.test("engine: a non-resetting event timestamped before the segment does not move start", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  engine.ingest(ev("a", 5000), resetting, 0);
  engine.ingest(ev("p", 1000), passive, 10);
  const closed = engine.close()!;
  assert.equal(closed.start.getTime(), 5000);
  assert.equal(closed.end.getTime(), 5000);
});

Deno.test("engine: a non-resetting event while idle is ignored and opens nothing", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  assert.equal(engine.ingest(ev("p", 0, { notes: "n" }), passive, 0), "ignored");
  assert.equal(engine.state, "idle");
  assert.equal(engine.deadlineMs, null);
  assert.equal(engine.close(), null);
});

Deno.test("engine: infrequent events bypass the segment", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  const rare = policy("r", { infrequent: true });
  assert.equal(engine.ingest(ev("r", 0), rare, 0), "standalone");
  assert.equal(engine.state, "idle");
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.ingest(ev("r", 1), rare, 1), "standalone");
  assert.deepEqual(engine.close()!.events.map((e) => e.label), ["a"]);
});

Deno.test("engine: a resetting event during CLOSING re-activates the segment", () => {
  const engine = new SegmentEngine({ cooldownMs: 1_000 });
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.checkExpiration(1_000), true);
  assert.equal(engine.ingest(ev("a", 1000, { items: 2 }), resetting, 1_000), "reset");
  assert.equal(engine.state, "active");
  assert.equal(engine.deadlineMs, 2_000);
});

Deno.test("engine: start and end span out-of-order timestamps; duration never negative", () => {
  const engine = new SegmentEngine({ cooldownMs: 1_000 });
  engine.ingest(ev("a", 5000, { items: 1 }), resetting, 0);
  engine.ingest(ev("a", 2000, { items: 2 }), resetting, 10);
  const closed = engine.close()!;
  assert.equal(closed.start.getTime(), 2000);
  assert.equal(closed.end.getTime(), 5000);
});

Deno.test("engine: rejects a cooldown that is not positive", () => {
  assert.throws(() => new SegmentEngine({ cooldownMs: 0 }), RangeError);
  assert.throws(() => new SegmentEngine({ cooldownMs: Number.NaN }), RangeError);
});

Deno.test("engine: event references are capped; the overflow is counted", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000, maxEventRefs: 3 });
  for (let i = 0; i < 10; i++) engine.ingest(ev("a", i * 10, { items: i }), resetting, i * 10);
  const closed = engine.close()!;
  assert.equal(closed.events.length, 3);
  assert.equal(closed.eventsDropped, 7);
  assert.equal(closed.resetsCount, 9);
  assert.equal(closed.end.getTime(), 90, "end still follows the last event");
});

Deno.test("engine: a wall-clock jump neither closes nor stretches the segment", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  const hour = 3_600_000;
  engine.ingest(ev("a", 0), resetting, 0);
  engine.ingest(ev("a", 5_000 + hour), resetting, 5_000); // the wall clock jumped an hour ahead
  assert.equal(engine.checkExpiration(14_999), false, "the cooldown runs on the monotonic clock");
  const closed = engine.close()!;
  assert.equal(closed.start.getTime(), 0);
  assert.equal(closed.end.getTime(), 5_000, "end comes from the monotonic span, not the jump");
  assert.equal(closed.clockAdjusted, true);
  engine.ingest(ev("a", 100_000), resetting, 0);
  engine.ingest(ev("a", 101_000), resetting, 1_000);
  assert.equal(engine.close()!.clockAdjusted, undefined, "no flag without a jump");
});

Deno.test("engine: a restored segment continues with its deadline and counts", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  const state = {
    start: new Date(1_000),
    end: new Date(4_000),
    resetsCount: 2,
    events: [{ timestamp: new Date(1_000), label: "a", event: "e" }],
    eventsDropped: 0,
  };
  engine.restore(state, 7_000, 1_000);
  assert.equal(engine.state, "active");
  assert.equal(engine.deadlineMs, 7_000);
  assert.equal(engine.ingest(ev("a", 5_000), resetting, 2_000), "reset");
  const closed = engine.close()!;
  assert.equal(closed.resetsCount, 3);
  assert.equal(closed.events.length, 2);
  assert.equal(closed.start.getTime(), 1_000);
  assert.equal(closed.end.getTime(), 5_000);
});

Deno.test("engine: wouldRecord tells whether an event joins a segment", () => {
  const engine = new SegmentEngine({ cooldownMs: 1_000 });
  assert.equal(engine.wouldRecord(passive), false);
  assert.equal(engine.wouldRecord(resetting), true);
  assert.equal(engine.wouldRecord(policy("r", { infrequent: true })), false);
  engine.ingest(ev("a", 0), resetting, 0);
  assert.equal(engine.wouldRecord(passive), true);
});

Deno.test("journal fold: a recovered segment ends at its last resetting event, like the engine's", () => {
  const entry = (t: number, r: boolean) => ({
    t: new Date(t).toISOString(),
    l: "a",
    e: "x",
    r,
    w: t,
  });
  const folded = foldEntries([entry(1000, true), entry(4000, true), entry(9000, false)], 10)!;
  assert.equal(folded.state.start.getTime(), 1000);
  assert.equal(folded.state.end.getTime(), 4000);
  assert.equal(folded.state.events.length, 3);
  assert.equal(folded.lastResetWallMs, 4000);
});

Deno.test("engine: a new cooldown moves the open segment's deadline and applies to later resets", () => {
  const engine = new SegmentEngine({ cooldownMs: 10_000 });
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  engine.ingest(ev("a", 2000, { items: 2 }), resetting, 2_000);
  engine.setCooldown(3_000);
  assert.equal(engine.state, "active", "the open segment stays open");
  assert.equal(engine.deadlineMs, 5_000, "last reset + the new cooldown");
  assert.equal(engine.ingest(ev("a", 4000, { items: 3 }), resetting, 4_000), "reset");
  assert.equal(engine.deadlineMs, 7_000);
  engine.setCooldown(60_000);
  assert.equal(engine.checkExpiration(7_000), false, "a longer cooldown keeps it open longer");
  assert.equal(engine.deadlineMs, 64_000);
  assert.equal(engine.close()!.resetsCount, 2);
  engine.setCooldown(1_000);
  assert.equal(engine.deadlineMs, null, "idle: nothing to move");
  assert.equal(engine.ingest(ev("a", 70_000, { items: 4 }), resetting, 70_000), "opened");
  assert.equal(engine.deadlineMs, 71_000);
  assert.throws(() => engine.setCooldown(0), RangeError);
});
