import assert from "node:assert/strict";
import { SegmentEngine } from "../../src/engine/mod.ts";
import { ev, policy } from "../helpers/events.ts";

const resetting = policy("a", { dataHeader: "items" });
const passive = policy("p", { resetsCooldown: false, dataHeader: "notes" });

Deno.test("engine: a resetting event opens a segment and the cooldown closes it", () => {
  const engine = new SegmentEngine(10_000);
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
  assert.deepEqual(closed.collected.get("items"), [1]);
  assert.equal(engine.close(), null);
});

Deno.test("engine: each further resetting event restarts the cooldown and counts a reset", () => {
  const engine = new SegmentEngine(10_000);
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.ingest(ev("a", 5000, { items: 2 }), resetting, 5_000), "reset");
  assert.equal(engine.ingest(ev("a", 9000, { items: 3 }), resetting, 9_000), "reset");
  assert.equal(engine.checkExpiration(18_999), false);
  assert.equal(engine.checkExpiration(19_000), true);
  const closed = engine.close()!;
  assert.equal(closed.resetsCount, 2);
  assert.deepEqual(closed.collected.get("items"), [1, 2, 3]);
  assert.equal(closed.start.getTime(), 0);
  assert.equal(closed.end.getTime(), 9000);
});

Deno.test("engine: a non-resetting event is recorded but does not extend the cooldown", () => {
  const engine = new SegmentEngine(10_000);
  engine.ingest(ev("a", 0, { items: "x" }), resetting, 0);
  assert.equal(engine.ingest(ev("p", 8000, { notes: "n" }), passive, 8_000), "recorded");
  assert.equal(engine.deadlineMs, 10_000);
  assert.equal(engine.checkExpiration(10_000), true);
  const closed = engine.close()!;
  assert.equal(closed.resetsCount, 0);
  assert.equal(closed.end.getTime(), 8000, "end is the last event of either kind");
  assert.deepEqual(closed.events.map((e) => e.label), ["a", "p"]);
  assert.deepEqual(closed.collected.get("notes"), ["n"]);
});

Deno.test("engine: a non-resetting event while idle is ignored and opens nothing", () => {
  const engine = new SegmentEngine(10_000);
  assert.equal(engine.ingest(ev("p", 0, { notes: "n" }), passive, 0), "ignored");
  assert.equal(engine.state, "idle");
  assert.equal(engine.deadlineMs, null);
  assert.equal(engine.close(), null);
});

Deno.test("engine: infrequent events bypass the segment", () => {
  const engine = new SegmentEngine(10_000);
  const rare = policy("r", { infrequent: true });
  assert.equal(engine.ingest(ev("r", 0), rare, 0), "standalone");
  assert.equal(engine.state, "idle");
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.ingest(ev("r", 1), rare, 1), "standalone");
  assert.deepEqual(engine.close()!.events.map((e) => e.label), ["a"]);
});

Deno.test("engine: a resetting event during CLOSING re-activates the segment", () => {
  const engine = new SegmentEngine(1_000);
  engine.ingest(ev("a", 0, { items: 1 }), resetting, 0);
  assert.equal(engine.checkExpiration(1_000), true);
  assert.equal(engine.ingest(ev("a", 1000, { items: 2 }), resetting, 1_000), "reset");
  assert.equal(engine.state, "active");
  assert.equal(engine.deadlineMs, 2_000);
});

Deno.test("engine: start and end span out-of-order timestamps; duration never negative", () => {
  const engine = new SegmentEngine(1_000);
  engine.ingest(ev("a", 5000, { items: 1 }), resetting, 0);
  engine.ingest(ev("a", 2000, { items: 2 }), resetting, 10);
  const closed = engine.close()!;
  assert.equal(closed.start.getTime(), 2000);
  assert.equal(closed.end.getTime(), 5000);
});

Deno.test("engine: rejects a cooldown that is not positive", () => {
  assert.throws(() => new SegmentEngine(0), RangeError);
  assert.throws(() => new SegmentEngine(Number.NaN), RangeError);
});
