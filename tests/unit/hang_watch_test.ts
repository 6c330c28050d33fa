import assert from "node:assert/strict";
import { HangWatch, PollBeat } from "../../src/plugins/hang_watch.ts";

/** A watch on a hand-moved clock with one beat, and how often it called a hang. */
function watched(timeoutMs: number, maxGapMs?: number, busy?: () => boolean) {
  let now = 0;
  const watch = new HangWatch(() => now);
  const beat = new PollBeat();
  const hangs: number[] = [];
  const how: string[] = [];
  watch.watch("p", beat, { timeoutMs, maxGapMs, busy }, (stuck) => {
    hangs.push(now);
    how.push(stuck);
  });
  const at = (ms: number) => {
    now = ms;
    watch.check();
  };
  return { watch, beat, hangs, how, at, [Symbol.dispose]: () => watch.unwatch("p") };
}

Deno.test("hang watch: a poll still running a timeout after it was first seen is a hang, once", () => {
  using t = watched(1000);
  t.at(250);
  t.beat.bump(); // a poll starts
  assert.equal(t.beat.polling, true);
  t.at(500); // first seen running
  t.at(1400);
  assert.deepEqual(t.hangs, [], "not yet a timeout since it was seen");
  t.at(1500);
  assert.deepEqual(t.hangs, [1500]);
  t.at(5000);
  assert.deepEqual(t.hangs, [1500], "reported once, then no longer watched");
});

Deno.test("hang watch: polls that finish, however many, are never hangs", () => {
  using t = watched(1000);
  for (let ms = 0; ms <= 10_000; ms += 250) {
    t.beat.bump();
    t.at(ms); // every check sees a poll running, but always a new one
    t.beat.bump();
  }
  assert.deepEqual(t.hangs, []);
  assert.equal(t.beat.polling, false);
  t.at(20_000);
  t.at(30_000);
  assert.deepEqual(t.hangs, [], "idle between polls for long: not a hang");
});

Deno.test("hang watch: a loop that starts no poll for its longest gap plus a timeout is stuck between polls", () => {
  using t = watched(1000, 2000);
  t.beat.bump();
  t.at(0);
  t.beat.bump(); // the poll ended; the next one should start within 2 s
  t.at(250);
  t.at(3200);
  assert.deepEqual(t.hangs, [], "not yet: 2 s gap + 1 s timeout from when the end was seen");
  t.at(3250);
  assert.deepEqual(t.hangs, [3250]);
  assert.deepEqual(t.how, ["gap"]);
});

Deno.test("hang watch: no gap is counted while the worker answers a request, which has its own deadline", () => {
  let answering = true;
  using t = watched(1000, 2000, () => answering);
  t.at(0);
  t.at(10_000);
  assert.deepEqual(t.hangs, []);
  answering = false;
  t.at(12_999);
  assert.deepEqual(t.hangs, []);
  t.at(13_000);
  assert.deepEqual(t.how, ["gap"]);
});

Deno.test("hang watch: an unwatched beat is not checked", () => {
  using t = watched(1000);
  t.beat.bump();
  t.at(0);
  t.watch.unwatch("p");
  t.at(5000);
  assert.deepEqual(t.hangs, []);
});

Deno.test("hang watch: the worker's bumps are seen through shared memory", async () => {
  const beat = new PollBeat();
  const worker = new Worker(
    `data:text/javascript,self.onmessage = (e) => { Atomics.add(new Int32Array(e.data), 0, 1); self.postMessage(0); };`,
    { type: "module" },
  );
  try {
    const answered = new Promise((r) => worker.onmessage = r);
    worker.postMessage(beat.counter.buffer);
    await answered;
    assert.equal(beat.value, 1);
    assert.equal(beat.polling, true);
  } finally {
    worker.terminate();
  }
});
