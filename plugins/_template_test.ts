/**
 * Tests of the template plugin. Run them with `deno test` in this folder:
 * `mimolo plugin new` (or `mimolo sdk export .`) wrote the deno.json that
 * resolves "@mimolo/sdk" and "@mimolo/sdk/testing" here. A plugin that
 * reads files needs `deno test --allow-read` (tests run in this process,
 * not in a worker); `mimolo plugin test template.ts` runs it in its worker
 * with its grants, as the monitor does.
 */
import assert from "node:assert/strict";
import { testPlugin } from "@mimolo/sdk/testing";
import TemplateMonitor from "./_template.ts";

Deno.test("template: spec", () => {
  assert.equal(TemplateMonitor.spec.label, "template");
});

Deno.test("template: every poll returns an event MiMoLo accepts, or nothing", async () => {
  // TODO: pass the config keys your plugin declares, e.g. { config: { folder: "." } }.
  await using run = await testPlugin(TemplateMonitor, { time: "2025-01-06T09:00:00Z" });
  // Each event is checked by MiMoLo's own rules: a broken one fails the test, naming the rule.
  const results = await run.polls(3);
  assert.equal(results.length, 3);
  // TODO: assert what your plugin should report, e.g.
  //   assert.equal(results[0]?.event, "event_type");
});

Deno.test("template: filterMethod aggregates what the polls collected", async () => {
  await using run = await testPlugin(TemplateMonitor);
  await run.polls(3);
  // TODO: with a dataHeader, assert the aggregate, e.g. assert.deepEqual(await run.aggregate(), [...]).
  assert.deepEqual(await run.aggregate(), run.collected);
});
