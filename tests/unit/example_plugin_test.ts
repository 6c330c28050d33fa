import assert from "node:assert/strict";
import ExampleMonitor from "../../plugins/example.ts";
import { configFor } from "../../src/plugins/config_declaration.ts";
import { resolveSpec } from "../../src/plugins/spec.ts";
import { validateEvent } from "../../src/plugins/validate_event.ts";

const context = { configDir: "/p", logDir: "/p/logs" };
/** The example plugin constructed with `custom` as its section, as the monitor builds its config. */
const example = (custom: Record<string, unknown>) =>
  new ExampleMonitor(configFor(ExampleMonitor, custom, context), context);

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
  const m = example({ item_count: 2 });
  for (let i = 0; i < 20; i++) {
    const e = validateEvent(m.emitEvent(), spec)!;
    assert.equal(e.event, "demo");
    const [item] = e.data!.examples as string[];
    assert.match(item, /^fake_item_[12]$/);
  }
});

Deno.test("example plugin: bursts then stays quiet when configured", () => {
  const m = example({ burst_polls: 2, quiet_polls: 3 });
  const pattern = Array.from({ length: 10 }, () => m.emitEvent() === null ? "." : "x").join("");
  assert.equal(pattern, "xx...xx...");
});

Deno.test("example plugin: declares its keys; bad values are configuration errors", () => {
  assert.deepEqual(configFor(ExampleMonitor, {}, context), {
    item_count: 5,
    burst_polls: 0,
    quiet_polls: 0,
  });
  assert.throws(
    () => example({ item_count: 0 }),
    /\[plugins\.example\]\.item_count: expected a whole number >= 1, got number 0/,
  );
  assert.throws(
    () => example({ burst_polls: "2" }),
    /\[plugins\.example\]\.burst_polls: expected a whole number >= 0, got the string "2"/,
  );
  assert.throws(
    () => example({ item_cout: 3 }),
    /unknown key "item_cout" \(did you mean "item_count"\?\)/,
  );
});

Deno.test("example plugin: filter flattens, de-duplicates and sorts", () => {
  assert.deepEqual(ExampleMonitor.filterMethod([["b", "a"], ["a"], ["c"]]), ["a", "b", "c"]);
});
