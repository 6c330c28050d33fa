import assert from "node:assert/strict";
import { BACKOFF_MAX_MS, backoffMs, HEALTHY_AFTER_MS } from "../../src/plugins/backoff.ts";
import { PollSchedule } from "../../src/plugins/schedule.ts";

Deno.test("backoff: 1 s doubling up to 300 s", () => {
  const seq = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1));
  assert.deepEqual(seq, [1e3, 2e3, 4e3, 8e3, 16e3, 32e3, 64e3, 128e3, 256e3, 300e3, 300e3, 300e3]);
  assert.equal(backoffMs(0), 0);
  assert.equal(backoffMs(1000), BACKOFF_MAX_MS);
});

Deno.test("schedule: plugins are due once; a running one has no deadline", () => {
  const s = new PollSchedule();
  s.add("a", 1000, 0);
  s.add("b", 2500, 200);
  assert.deepEqual(s.takeDue(0), ["a"]);
  assert.deepEqual(s.takeDue(0), [], "a is starting: not due again");
  assert.equal(s.nextDeadline(), 200, "only b waits");
  assert.equal(s.running("a"), false, "not running before its first poll succeeded");
  assert.equal(s.started("a", 0), false, "was not quarantined");
  assert.equal(s.running("a"), true);
  assert.deepEqual(s.takeDue(200), ["b"]);
  assert.equal(s.nextDeadline(), null, "nothing waits: the monitor need not wake for polls");
});

Deno.test("schedule: failures quarantine with backoff; the count resets after a healthy minute", () => {
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
  assert.equal(s.running("bad"), false, "a quarantined plugin's reports do not count");
  assert.equal(s.started("bad", now), true, "recovered from quarantine");
  assert.equal(s.running("bad"), true);
  assert.equal(s.failed("bad", now + 59_999), 16_000, "failing again soon continues the count");
  now += 59_999 + 16_000;
  s.takeDue(now);
  s.started("bad", now);
  assert.equal(s.failed("bad", now + HEALTHY_AFTER_MS), 1000, "a long healthy run starts afresh");
  assert.equal(s.failures("bad"), 1);
});

Deno.test("schedule: quarantine is never shorter than the poll interval", () => {
  const s = new PollSchedule();
  s.add("slow", 5000, 0);
  s.takeDue(0);
  assert.equal(s.failed("slow", 0), 5000);
});
