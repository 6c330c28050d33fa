import assert from "node:assert/strict";
import { HEARTBEAT_MS, nextOnGrid, PollLoop } from "../../src/plugins/poll_loop.ts";
import { FakeClock } from "../helpers/fake_clock.ts";

/** A loop on a fake clock whose polls run `body(n, now)`, with what it reported. */
function loopOf(
  intervalMs: number,
  body: (n: number, now: number) => unknown,
  quiet?: () => Promise<void> | null,
) {
  const clock = new FakeClock();
  const polls: number[] = [];
  const events: unknown[] = [];
  const failures: unknown[] = [];
  const loop = new PollLoop(
    () => {
      polls.push(clock.now());
      return Promise.resolve().then(() => body(polls.length - 1, clock.now()));
    },
    intervalMs,
    clock,
    { event: (v) => events.push(v), failed: (e) => failures.push(e) },
    quiet,
  );
  /** Resolves once the loop was stopped as the clock reached `ms`. */
  const stopAt = (ms: number) =>
    new Promise<void>((resolve) => {
      clock.onAdvance = (now) => now >= ms && resolve(loop.stop());
    });
  return { clock, loop, polls, events, failures, stopAt };
}

Deno.test("poll loop: polls at once, then on its interval grid, reporting only non-null results", async () => {
  const t = loopOf(1000, (n) => (n % 3 === 2 ? { n } : null));
  const stopped = t.stopAt(6000);
  assert.equal(await t.loop.start(), null, "the first poll's result is returned");
  await stopped;
  assert.deepEqual(t.polls, [0, 1000, 2000, 3000, 4000, 5000]);
  assert.deepEqual(t.events, [{ n: 2 }, { n: 5 }]);
  assert.deepEqual(t.failures, []);
});

Deno.test("poll loop: a failing first poll rejects and does not loop", async () => {
  const t = loopOf(1000, () => {
    throw new Error("boom");
  });
  await assert.rejects(t.loop.start(), /boom/);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(t.polls, [0]);
  assert.equal(t.clock.sleeps, 0, "no timer left behind");
});

Deno.test("poll loop: a later failure is reported once and ends the loop", async () => {
  const t = loopOf(500, (n) => {
    if (n === 3) throw new Error(`boom ${n}`);
    return null;
  });
  await t.loop.start();
  while (t.failures.length === 0) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(t.polls, [0, 500, 1000, 1500]);
  assert.deepEqual(t.failures.map((e) => (e as Error).message), ["boom 3"]);
  await t.loop.stop();
});

Deno.test("poll loop: stop waits for the poll in progress and its event", async () => {
  let release = () => {};
  const t = loopOf(
    1000,
    (n) => n === 0 ? null : new Promise((r) => release = () => r({ late: n })),
  );
  await t.loop.start();
  while (t.polls.length < 2) await new Promise((r) => setTimeout(r, 0));
  const stopped = t.loop.stop();
  let done = false;
  stopped.then(() => done = true);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(done, false, "still waiting for the poll");
  release();
  await stopped;
  assert.deepEqual(t.events, [{ late: 1 }]);
  assert.deepEqual(t.polls, [0, 1000], "no poll after stop");
});

Deno.test("poll loop: the grid does not drift and a slow poll skips missed slots", () => {
  assert.equal(nextOnGrid(0, 1000, 30), 1000);
  assert.equal(nextOnGrid(1000, 1000, 1200), 2000);
  assert.equal(nextOnGrid(0, 1000, 3500), 4000, "slots 1, 2 and 3 s were missed");
  assert.equal(nextOnGrid(0, 2500, 2500), 5000);
});

Deno.test("poll loop: while the plugin is quiet, polls wait for it, then resume on the grid", async () => {
  let wake = () => {};
  let quietAsked = 0;
  const t = loopOf(1000, () => null, () => {
    quietAsked++;
    return quietAsked === 1 ? new Promise<void>((r) => wake = r) : null;
  });
  const stopped = t.stopAt(33_000);
  await t.loop.start();
  // Activity at 30 s.
  t.clock.lane().sleep(30_000, new AbortController().signal).then(() => wake());
  await stopped;
  assert.deepEqual(
    t.polls,
    [0, 31_000, 32_000],
    "no polls while quiet; the next slot after waking",
  );
});

Deno.test("poll loop: a plugin that stays quiet is still polled once a heartbeat", async () => {
  const t = loopOf(1000, () => null, () => new Promise<void>(() => {}));
  const stopped = t.stopAt(2.5 * HEARTBEAT_MS);
  await t.loop.start();
  await stopped;
  assert.deepEqual(t.polls, [0, HEARTBEAT_MS + 1000, 2 * HEARTBEAT_MS + 2000]);
});
