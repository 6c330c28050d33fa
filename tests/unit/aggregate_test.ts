import assert from "node:assert/strict";
import { SEGMENT_FIELDS } from "../helpers/cli.ts";
import { aggregateSegment, type ClosedSegment, type SegmentInput } from "../../src/engine/mod.ts";

function closed(): SegmentInput {
  const segment: ClosedSegment = {
    start: new Date("2025-01-01T10:00:00.000Z"),
    end: new Date("2025-01-01T10:00:30.500Z"),
    resetsCount: 2,
    events: [
      { timestamp: new Date("2025-01-01T10:00:00.000Z"), label: "b", event: "x" },
      { timestamp: new Date("2025-01-01T10:00:10.000Z"), label: "a", event: "y" },
      { timestamp: new Date("2025-01-01T10:00:30.500Z"), label: "b", event: "x" },
    ],
    eventsDropped: 0,
  };
  const collected = new Map<string, unknown[]>([["items", [["z", "a"], ["a"]]], ["notes", [1, 2]]]);
  return { closed: segment, collected, host: "laptop" };
}
const owners = new Map([["items", "b"], ["notes", "a"]]);

Deno.test("aggregate: builds the record with the original field names in order", async () => {
  const record = await aggregateSegment(closed(), owners, (_label, values) => values.length);
  assert.deepEqual(Object.keys(record), SEGMENT_FIELDS);
  assert.equal(record.start, "2025-01-01T10:00:00.000Z");
  assert.equal(record.end, "2025-01-01T10:00:30.500Z");
  assert.equal(record.duration_s, 30.5);
  assert.deepEqual(record.labels, ["a", "b"]);
  assert.equal(record.resets_count, 2);
  assert.deepEqual(record.events[1], { t: "2025-01-01T10:00:10.000Z", l: "a", e: "y" });
  assert.equal(record.host, "laptop");
  assert.deepEqual(record.aggregated, { items: 2, notes: 2 });
  assert.equal(record.errors, undefined);
});

Deno.test("aggregate: each header goes to its owner's filter with values in arrival order", async () => {
  const calls: [string, unknown[]][] = [];
  const record = await aggregateSegment(closed(), owners, (label, values) => {
    calls.push([label, values]);
    return label === "b" ? [...new Set((values as string[][]).flat())].sort() : values;
  });
  assert.deepEqual(calls, [["b", [["z", "a"], ["a"]]], ["a", [1, 2]]]);
  assert.deepEqual(record.aggregated.items, ["a", "z"]);
});

Deno.test("aggregate: a throwing filter keeps the raw values and records the error", async () => {
  const record = await aggregateSegment(closed(), owners, (label, values) => {
    if (label === "b") throw new Error("boom");
    return values.length;
  });
  assert.deepEqual(record.aggregated.items, [["z", "a"], ["a"]]);
  assert.equal(record.aggregated.notes, 2);
  assert.deepEqual(record.errors, [{ header: "items", label: "b", message: "boom" }]);
});

Deno.test("aggregate: a filter returning non-JSON keeps the raw values", async () => {
  const record = await aggregateSegment(
    closed(),
    owners,
    (label) => label === "a" ? 10n : new Map(),
  );
  assert.deepEqual(record.aggregated.notes, [1, 2]);
  assert.deepEqual(record.aggregated.items, [["z", "a"], ["a"]]);
  assert.equal(record.errors?.length, 2);
  assert.match(record.errors![0].message, /non-JSON/);
});

Deno.test("aggregate: dropped refs, recovery and clock adjustment are recorded as extra fields", async () => {
  const input = closed();
  input.closed.eventsDropped = 5;
  input.closed.clockAdjusted = true;
  input.recovered = true;
  const record = await aggregateSegment(input, owners, () => 1);
  assert.equal(record.events_dropped, 5);
  assert.equal(record.recovered, true);
  assert.equal(record.clock_adjusted, true);
  assert.deepEqual(Object.keys(record).slice(0, SEGMENT_FIELDS.length), SEGMENT_FIELDS);
});

Deno.test("aggregate: a header no enabled plugin owns (a recovered segment) keeps its raw values", async () => {
  const record = await aggregateSegment(closed(), new Map([["items", "b"]]), () => "filtered");
  assert.equal(record.aggregated.items, "filtered");
  assert.deepEqual(record.aggregated.notes, [1, 2]);
  assert.deepEqual(record.errors, [{
    header: "notes",
    label: "",
    message: "no enabled plugin owns this data header",
  }]);
});
