import assert from "node:assert/strict";
import { MAX_TIMER_MS, sleep } from "../../src/runtime/clock.ts";

/** Whether `promise` settles within `ms` of real time. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
  const settled = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return settled;
}

Deno.test("sleep: a wait beyond one timer's range (2^31 ms) does not fire early; abort still ends it", async () => {
  for (const ms of [MAX_TIMER_MS + 1, 2 ** 32 + 5, 30 * 86_400_000, Infinity]) {
    const abort = new AbortController();
    const waiting = sleep(ms, abort.signal);
    assert.equal(await settlesWithin(waiting, 300), false, `sleep(${ms}) fired early`);
    abort.abort();
    assert.equal(await settlesWithin(waiting, 1000), true, `sleep(${ms}) ignored its abort`);
  }
});

Deno.test("sleep: short and non-positive waits resolve", async () => {
  const signal = new AbortController().signal;
  for (const ms of [0, -5, Number.NaN, 20]) {
    assert.equal(await settlesWithin(sleep(ms, signal), 1000), true, `sleep(${ms})`);
  }
});
