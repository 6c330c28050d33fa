import assert from "node:assert/strict";
import { BACKOFF_MAX_MS, backoffMs } from "../../src/plugins/backoff.ts";
import { PollSchedule } from "../../src/plugins/schedule.ts";

Deno.test("backoff: 1 s doubling up to 300 s", () => {
  const seq = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1));
  assert.deepEqual(seq, [1e3, 2e3, 4e3, 8e3, 16e3, 32e3, 64e3, 128e3, 256e3, 300e3, 300e3, 300e3]);
  assert.equal(backoffMs(0), 0);
  assert.equal(backoffMs(1000), BACKOFF_MAX_MS);
});

Deno.test("schedule: polls are due on their interval grid without drift", () => {
  const s = new PollSchedule();
  s.add("a", 1000, 0);
  s.add("b", 2500, 0);
  assert.deepEqual(s.takeDue(0), ["a", "b"]);
  assert.equal(s.nextDeadline(), 1000, "both in flight: the next slot after the one in flight");
  s.succeeded("a", 30);
  s.succeeded("b", 40);
  assert.equal(s.nextDeadline(), 1000);
  assert.deepEqual(s.takeDue(999), []);
  assert.deepEqual(s.takeDue(1000), ["a"]);
  s.succeeded("a", 1200);
  assert.equal(s.nextDeadline(), 2000);
});

Deno.test("schedule: a slow poll skips missed slots instead of bursting", () => {
  const s = new PollSchedule();
  s.add("a", 1000, 0);
  s.takeDue(0);
  s.succeeded("a", 3500);
  assert.equal(s.nextDeadline(), 4000);
});

Deno.test("schedule: failures quarantine with backoff; the first success recovers", () => {
  const s = new PollSchedule();
  s.add("bad", 100, 0);
  s.add("good", 100, 0);
  let now = 0;
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    assert.ok(s.takeDue(now).includes("bad"));
    delays.push(s.failed("bad", now));
    now += delays.at(-1)!;
  }
  assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
  assert.equal(s.failures("bad"), 4);
  s.takeDue(now);
  s.succeeded("bad", now);
  assert.equal(s.failures("bad"), 0);
  assert.equal(s.failed("bad", now), 1000, "backoff restarts after a recovery");
});

Deno.test("schedule: quarantine is never shorter than the poll interval", () => {
  const s = new PollSchedule();
  s.add("slow", 5000, 0);
  s.takeDue(0);
  assert.equal(s.failed("slow", 0), 5000);
});
