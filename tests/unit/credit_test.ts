import assert from "node:assert/strict";
import { EventCredit } from "../../src/plugins/credit.ts";

Deno.test("credit: the worker takes until none is left; the host gives back, never above the bound", () => {
  const host = new EventCredit(undefined, 3);
  const worker = new EventCredit(host.counter.buffer);
  assert.deepEqual([worker.take(), worker.take(), worker.take(), worker.take()], [
    true,
    true,
    true,
    false,
  ]);
  assert.equal(host.left, 0, "both sides see the same memory");
  host.give();
  assert.equal(worker.take(), true);
  assert.equal(worker.take(), false);
  for (let i = 0; i < 10; i++) host.give();
  assert.equal(host.left, 3, "grants beyond the bound (an earlier worker's events) are dropped");
});
