/** Tests of mymonitor.ts: `deno test` in the plugin folder, after `mimolo sdk export .`. */
import assert from "node:assert/strict";
import { testPlugin } from "@mimolo/sdk/testing";
import MyMonitor from "./mymonitor.ts";

Deno.test("mymonitor: spec", async () => {
  // testPlugin checks the spec as discovery does: an invalid one throws, naming the field.
  await using run = await testPlugin(MyMonitor);
  assert.equal(run.spec.label, "mymonitor");
  assert.equal(run.spec.dataHeader, "items");
  assert.equal(run.spec.resetsCooldown, true);
  assert.equal(run.spec.pollIntervalS, 5);
});

Deno.test("mymonitor: emitEvent", async () => {
  await using run = await testPlugin(MyMonitor, { time: "2025-01-06T09:00:00Z" });
  // Every event is checked by the runtime's own rules; a broken one throws PluginRuleError.
  const [first, second, third] = await run.polls(3); // the fake clock moves 5 s between polls
  assert.equal(first?.event, "event_type");
  assert.deepEqual(first?.data, { items: ["item_1"] });
  assert.equal(first?.timestamp.toISOString(), "2025-01-06T09:00:00.000Z");
  assert.equal(second, null);
  assert.equal(third?.timestamp.toISOString(), "2025-01-06T09:00:10.000Z");
});

Deno.test("mymonitor: filterMethod", async () => {
  assert.deepEqual(MyMonitor.filterMethod([["b", "a"], ["a", "c"]]), ["a", "b", "c"]);
  await using run = await testPlugin(MyMonitor);
  await run.polls(4);
  assert.deepEqual(run.collected, [["item_1"], ["item_3"]]);
  assert.deepEqual(await run.aggregate(), ["item_1", "item_3"]);
});
