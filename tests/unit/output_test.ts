import assert from "node:assert/strict";
import { QueuedOutput } from "../../src/cli/output.ts";

/** A stream whose reader can be stopped: writes wait while it is stuck. */
class FakeStream {
  text = "";
  stuck = false;
  #waiting: (() => void)[] = [];

  write(bytes: Uint8Array): Promise<number> {
    const take = () => {
      this.text += new TextDecoder().decode(bytes);
      return bytes.length;
    };
    if (!this.stuck) return Promise.resolve(take());
    return new Promise((resolve) => this.#waiting.push(() => resolve(take())));
  }

  writeSync(): number {
    throw new Error("a queued output never writes synchronously");
  }

  unstick(): void {
    this.stuck = false;
    for (const resume of this.#waiting.splice(0)) resume();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 10));

Deno.test("queued output: lines are written in order without blocking the caller", async () => {
  const out = new FakeStream();
  const err = new FakeStream();
  const io = new QueuedOutput(out, err);
  const { out: print } = io; // passed around as a plain function, as the CLI does
  for (let i = 0; i < 5; i++) print(`line ${i}`);
  io.err("problem");
  assert.equal(out.text, "line 0\n", "the first write is in flight, the rest queued");
  await io.flush(1000);
  assert.equal(out.text, "line 0\nline 1\nline 2\nline 3\nline 4\n");
  assert.equal(err.text, "problem\n");
  assert.deepEqual(io.dropped, { out: 0, err: 0 });
});

Deno.test("queued output: a stuck reader costs bounded memory; drops are counted and said on both streams", async () => {
  const out = new FakeStream();
  const err = new FakeStream();
  const io = new QueuedOutput(out, err, 100);
  out.stuck = true;
  for (let i = 0; i < 50; i++) io.out(`event ${String(i).padStart(2, "0")}`); // 8 + newline each
  assert.ok(io.dropped.out > 30, `dropped ${io.dropped.out}`);
  await settle();
  assert.match(
    err.text,
    /^mimolo: stdout is not being read: console lines are dropped until it is/,
  );
  out.unstick();
  await io.flush(1000);
  const lines = out.text.trim().split("\n");
  assert.equal(lines[0], "event 00");
  assert.equal(
    lines.at(-1),
    `mimolo: ${io.dropped.out} line(s) dropped here: stdout was not being read`,
  );
  // What got through is in order, with no line cut.
  const kept = lines.slice(0, -1).map((l) => Number(l.slice(6)));
  assert.deepEqual(kept, [...kept].sort((a, b) => a - b));
  assert.ok(lines.slice(0, -1).every((l) => /^event \d\d$/.test(l)));
});

Deno.test("queued output: flush gives up on a stream that takes nothing, and says what it lost", async () => {
  const out = new FakeStream();
  const err = new FakeStream();
  const io = new QueuedOutput(out, err, 1000);
  out.stuck = true;
  for (let i = 0; i < 10; i++) io.out(`line ${i}`);
  const started = Date.now();
  await io.flush(100);
  assert.ok(Date.now() - started < 5000, "flush returned though stdout never drained");
  assert.match(err.text, /mimolo: 10 console line\(s\) dropped: stdout was not being read\n$/);
});

Deno.test("queued output: a closed stream is dropped silently, the other goes on", async () => {
  const err = new FakeStream();
  const broken = {
    write: () => Promise.reject(new Deno.errors.BrokenPipe("closed")),
    writeSync: () => 0,
  };
  const io = new QueuedOutput(broken, err);
  io.out("lost");
  io.out("also lost");
  io.err("still here");
  await io.flush(100);
  io.out("after");
  await io.flush(100);
  assert.equal(err.text, "still here\n");
});
