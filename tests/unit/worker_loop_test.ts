import assert from "node:assert/strict";
import type { SegmentRecord } from "@mimolo/sdk";
import { hostFor } from "../helpers/plugins.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A plugin "p" whose poll number `n` (from 1) runs `body`; by default it returns null. */
const counting = (body: string) =>
  pluginSource(`{ label: "p" }`, `const n = ++this.n; ${body} return null;`);

/**
 * Runs "p" every `intervalMs` in a worker host; collects what its loop
 * reports, granting each event back as the monitor does once it is
 * journaled (unless `grants` is false).
 */
async function running(
  source: string,
  intervalMs: number,
  config = "[plugins.p]\n",
  grants = true,
) {
  const dir = await tempDir();
  await writeFiles(dir.path, { "p.ts": source });
  const host = await hostFor(dir.path, config);
  const events: { data: { n: number } }[] = [];
  const failures: string[] = [];
  const listener = {
    event: (v: unknown) => {
      events.push(v as { data: { n: number } });
      if (grants) host.grant("p");
    },
    failed: (e: unknown) => failures.push((e as Error).message),
  };
  const first = await host.run("p", intervalMs, listener);
  if (grants && first !== null) host.grant("p");
  return {
    host,
    first,
    events,
    failures,
    listener,
    async [Symbol.asyncDispose]() {
      await host.stop(1000);
      await dir[Symbol.asyncDispose]();
    },
  };
}

Deno.test("worker loop: the plugin's worker polls on its own timer and reports only events", async () => {
  await using t = await running(
    counting(`if (n % 3 === 0) return this.makeEvent("tick", { n });`),
    30,
  );
  assert.equal(t.first, null, "the first poll's result is the reply");
  await waitUntil(() => t.events.length >= 4, "four events");
  assert.deepEqual(t.events.slice(0, 4).map((e) => e.data.n), [3, 6, 9, 12], "no poll lost");
  assert.deepEqual(t.failures, []);
});

Deno.test("worker loop: a plugin is never more than one event ahead of the host; without a grant its polls are skipped", async () => {
  await using t = await running(
    counting(`return this.makeEvent("tick", { n });`),
    5,
    "[plugins.p]\n",
    false,
  );
  assert.equal((t.first as { data: { n: number } }).data.n, 1);
  // Dozens of poll slots go by; the first event was never granted back, so none is polled.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(t.events.length, 0, "no event ran ahead of the host");
  t.host.grant("p");
  await waitUntil(() => t.events.length >= 1, "the event the grant allows");
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(t.events.map((e) => e.data.n), [2], "one grant, one more poll");
});

Deno.test("worker loop: a later throw stops the loop and is reported once, saying what failed", async () => {
  await using t = await running(
    counting(
      `if (n === 3) throw new RangeError("boom at 3"); return this.makeEvent("tick", { n });`,
    ),
    30,
  );
  await waitUntil(() => t.failures.length > 0, "the failure");
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(t.failures, ["emitEvent() threw RangeError: boom at 3"]);
  assert.deepEqual(t.events.map((e) => e.data.n), [2], "nothing after the failure");
});

Deno.test("worker loop: a poll that hangs later is caught by the hang watch; the plugin restarts fresh", async () => {
  await using t = await running(
    counting(`if (n === 3) while (true) {}`),
    30,
    "[plugins.p]\ntimeout_s = 0.4\n",
  );
  const started = Date.now();
  await waitUntil(() => t.failures.length > 0, "the hang to be caught", 5000);
  const caughtAfterMs = Date.now() - started;
  assert.deepEqual(t.failures, [
    "emitEvent() did not finish within 0.4s (timeout_s); worker terminated",
  ]);
  assert.ok(caughtAfterMs >= 400, `caught after ${caughtAfterMs} ms, not before the timeout`);
  assert.equal(await t.host.run("p", 3_600_000, t.listener), null, "a fresh worker polls again");
});

Deno.test("worker loop: a worker that crashes between polls is reported as the loop's failure", async () => {
  await using t = await running(
    counting(`if (n === 2) setTimeout(() => { throw new Error("async boom"); }, 0);`),
    30,
  );
  await waitUntil(() => t.failures.length > 0, "the crash");
  assert.match(t.failures[0], /^emitEvent\(\) failed: worker crashed: .*async boom/);
});

Deno.test("worker loop: pause waits for the poll in progress, delivers its event, then polls no more", async () => {
  await using t = await running(
    counting(
      `if (n === 2) return new Promise((r) => setTimeout(() => r(this.makeEvent("slow", { n })), 300));
       if (n > 2) return this.makeEvent("after", { n });`,
    ),
    50,
  );
  await new Promise((r) => setTimeout(r, 150)); // poll 2 is under way
  await t.host.pause("p");
  assert.deepEqual(t.events.map((e) => e.data.n), [2], "the slow poll's event arrived first");
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(t.events.map((e) => e.data.n), [2], "no poll after the pause");
});

Deno.test("worker loop: a hook that hangs stops the polling, saying which call hung", async () => {
  await using t = await running(
    pluginSource(
      `{ label: "p" }`,
      "return null;",
      "override onSegmentClose(): void { while (true) {} }",
    ),
    50,
    "[plugins.p]\ntimeout_s = 0.3\n",
  );
  await t.host.segmentClosed({ end: "x" } as SegmentRecord);
  assert.deepEqual(t.failures, [
    'polling stopped: its worker was terminated (no answer to "segmentClosed" within 0.3s)',
  ]);
});

Deno.test("worker loop: a worker stuck in a timer callback between polls is caught and terminated", async () => {
  await using t = await running(
    counting(`if (n === 2) setTimeout(() => { while (true) {} }, 0);`),
    50,
    "[plugins.p]\ntimeout_s = 0.5\n",
  );
  await waitUntil(() => t.failures.length > 0, "the stuck loop's failure", 15_000);
  assert.match(
    t.failures[0],
    /^polling stopped: its worker started no poll for 2\.55s: it is stuck between polls .*; worker terminated$/,
  );
});
