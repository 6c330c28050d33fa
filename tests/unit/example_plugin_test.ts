import assert from "node:assert/strict";
import ExampleMonitor from "../../plugins/example.ts";
import { resolveSpec } from "../../src/plugins/spec.ts";
import { validateEvent } from "../../src/plugins/validate_event.ts";

Deno.test("example plugin: spec matches the original", () => {
  const spec = resolveSpec(ExampleMonitor.spec, "example.ts");
  assert.deepEqual(spec, {
    label: "example",
    dataHeader: "examples",
    resetsCooldown: true,
    infrequent: false,
    pollIntervalS: 3,
  });
});

Deno.test("example plugin: emits valid demo events with items from its pool", () => {
  const spec = resolveSpec(ExampleMonitor.spec, "example.ts");
  const m = new ExampleMonitor({ item_count: 2 });
  for (let i = 0; i < 20; i++) {
    const e = validateEvent(m.emitEvent(), spec)!;
    assert.equal(e.event, "demo");
    const [item] = e.data!.examples as string[];
    assert.match(item, /^fake_item_[12]$/);
  }
});

Deno.test("example plugin: bursts then stays quiet when configured", () => {
  const m = new ExampleMonitor({ burst_polls: 2, quiet_polls: 3 });
  const pattern = Array.from({ length: 10 }, () => m.emitEvent() === null ? "." : "x").join("");
  assert.equal(pattern, "xx...xx...");
});

Deno.test("example plugin: rejects bad config", () => {
  assert.throws(
    () => new ExampleMonitor({ item_count: 0 }),
    /item_count must be a whole number >= 1/,
  );
  assert.throws(() => new ExampleMonitor({ burst_polls: "2" }), /burst_polls/);
});

Deno.test("example plugin: filter flattens, de-duplicates and sorts", () => {
  assert.deepEqual(ExampleMonitor.filterMethod([["b", "a"], ["a"], ["c"]]), ["a", "b", "c"]);
});
