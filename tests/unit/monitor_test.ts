import assert from "node:assert/strict";
import type { SegmentRecord } from "@mimolo/sdk";
import type { PluginHost } from "../../src/plugins/host.ts";
import type { PollListener } from "../../src/plugins/poll_loop.ts";
import type { LogRecord } from "@mimolo/sdk";
import { EVENT_CREDIT } from "../../src/plugins/credit.ts";
import { type FakePlugin, MemorySink } from "../helpers/fake_host.ts";
import { at, setup } from "../helpers/monitor.ts";

Deno.test("monitor: a burst of events becomes one segment closed one cooldown after the last", async () => {
  const plugin: FakePlugin = {
    spec: { label: "a", dataHeader: "items", pollIntervalS: 1 },
    emit: (n, now) =>
      n < 3 ? { timestamp: at(now), label: "a", event: "hit", data: { items: [n] } } : null,
    filter: (values) => (values as number[][]).flat().reverse(),
  };
  await using t = await setup([plugin], { once: true });
  const { sink, host, monitor } = t;
  await monitor.run();
  assert.equal(sink.records.length, 1);
  const seg = sink.records[0] as SegmentRecord;
  assert.equal(seg.start, at(0).toISOString());
  assert.equal(seg.end, at(2000).toISOString());
  assert.equal(seg.duration_s, 2);
  assert.equal(seg.resets_count, 2);
  assert.deepEqual(seg.aggregated, { items: [2, 1, 0] });
  assert.deepEqual(seg.events.map((e) => e.e), ["hit", "hit", "hit"]);
  // The last event was accepted at 2 s; the cooldown ran out at 12 s, a tick boundary.
  assert.deepEqual(host.filterTimes, [12_000], "closed exactly one cooldown after the last event");
  assert.deepEqual(host.closed, [seg], "onSegmentClose saw the written record");
  assert.equal(host.stopped, 1);
});

Deno.test("monitor: infrequent events are written at once as standalone records", async () => {
  const rare: FakePlugin = {
    spec: { label: "rare", infrequent: true, pollIntervalS: 2 },
    emit: (n, now) =>
      n === 1 ? { timestamp: at(now), label: "rare", event: "alert", data: { x: 1 } } : null,
  };
  await using t = await setup([rare]);
  const { clock, sink, monitor } = t;
  clock.onAdvance = (t) => {
    if (t > 2_000 && sink.records.length === 0) assert.fail("not written at once");
    if (t >= 5_000) monitor.stop();
  };
  await monitor.run();
  assert.equal(sink.records.length, 1);
  assert.deepEqual(sink.records[0], {
    type: "event",
    timestamp: at(2000).toISOString(),
    label: "rare",
    event: "alert",
    data: { x: 1 },
    id: (sink.records[0] as { id: string }).id,
    host: "unknown",
  });
  assert.match((sink.records[0] as { id: string }).id, /^[0-9a-f]{16}$/);
});

/** A sink whose writes wait until it is opened (a slow or stuck disk). */
class GatedSink extends MemorySink {
  readonly #open = Promise.withResolvers<void>();
  override async write(record: LogRecord): Promise<void> {
    await this.#open.promise;
    await super.write(record);
  }
  open(): void {
    this.#open.resolve();
  }
}

Deno.test("monitor: an infrequent plugin is polled no further ahead of the log than its credit", async () => {
  const flood: FakePlugin = {
    spec: { label: "flood", infrequent: true, pollIntervalS: 0.001 },
    emit: (n, now) => ({ timestamp: at(now), label: "flood", event: "tick", data: { n } }),
  };
  const sink = new GatedSink();
  await using t = await setup([flood], { sink });
  let pollsWhileStuck = 0;
  let openedAt = Infinity;
  t.clock.onAdvance = (now) => {
    if (now >= 1_000 && pollsWhileStuck === 0) {
      pollsWhileStuck = t.host.polls.get("flood")!.length;
      openedAt = now;
      sink.open();
    }
    if (now >= openedAt + 1_000) t.monitor.stop();
  };
  await t.monitor.run();
  assert.equal(
    pollsWhileStuck,
    EVENT_CREDIT,
    "polled every 1 ms for 1 s while nothing was written",
  );
  const polls = t.host.polls.get("flood")!.length;
  assert.ok(polls > 5 * EVENT_CREDIT, `polled again once written: ${polls} polls`);
  assert.deepEqual(
    sink.records.map((r) => (r as unknown as { data: { n: number } }).data.n),
    [...Array(polls).keys()],
    "every accepted event is written, once, in order",
  );
  assert.deepEqual(t.log.lines.filter((l) => l.includes("wait to be written")), [
    `warn plugin flood: ${EVENT_CREDIT} of its records wait to be written; it is polled only as fast as they are (it emits faster than the log is written; said once)`,
  ]);
});

Deno.test("monitor: a failing plugin backs off while a healthy one keeps its schedule, then recovers", async () => {
  const bad: FakePlugin = {
    spec: { label: "bad", pollIntervalS: 0.5 },
    emit: (n) => {
      if (n < 4) throw new Error(`boom ${n}`);
      return null;
    },
  };
  const good: FakePlugin = { spec: { label: "good", pollIntervalS: 0.5 }, emit: () => null };
  await using t = await setup([bad, good]);
  const { clock, host, log, monitor } = t;
  clock.onAdvance = (t) => t >= 20_000 && monitor.stop();
  await monitor.run();
  assert.deepEqual(host.polls.get("bad")!.slice(0, 6), [0, 1000, 3000, 7000, 15000, 15500]);
  const goodPolls = host.polls.get("good")!;
  assert.deepEqual(goodPolls.slice(0, 5), [0, 500, 1000, 1500, 2000]);
  assert.ok(goodPolls.length >= 40, `healthy plugin polled ${goodPolls.length} times`);
  assert.ok(
    log.lines.some((l) =>
      /warn plugin bad: boom 0 \(failure 1; quarantined, next poll in 1s\)/.test(l)
    ),
  );
  assert.ok(log.lines.some((l) => /warn plugin bad: boom 3 \(failure 4; .* in 8s\)/.test(l)));
  assert.ok(log.lines.includes("info plugin bad: recovered"));
});

Deno.test("monitor: an invalid event is a plugin error saying what was wrong", async () => {
  const liar: FakePlugin = {
    spec: { label: "liar", pollIntervalS: 1 },
    emit: (_n, now) => ({ timestamp: at(now), label: "someone_else", event: "x" }),
  };
  await using t = await setup([liar]);
  const { clock, sink, log, monitor } = t;
  clock.onAdvance = (t) => t >= 3_000 && monitor.stop();
  await monitor.run();
  assert.equal(sink.records.length, 0);
  assert.ok(
    log.lines.some((l) =>
      l.includes('plugin liar: event.label must be "liar", got "someone_else"')
    ),
  );
});

Deno.test("monitor: stop writes the open segment exactly once, however often it is called", async () => {
  const busy: FakePlugin = {
    spec: { label: "busy", pollIntervalS: 1 },
    emit: (_n, now) => ({ timestamp: at(now), label: "busy", event: "hit" }),
  };
  await using t = await setup([busy], { cooldownSeconds: 600 });
  const { clock, sink, host, monitor } = t;
  let stops: Promise<string[]>[] = [];
  clock.onAdvance = (t) => {
    if (t >= 5_000 && stops.length === 0) stops = [monitor.stop(), monitor.stop()];
  };
  await monitor.run();
  await Promise.all(stops);
  await monitor.stop();
  assert.equal(sink.records.length, 1);
  assert.equal((sink.records[0] as SegmentRecord).events.length, 5, "polls at 0..4 s");
  assert.equal(host.stopped, 1);
});

Deno.test("monitor: polls that find nothing never wake the monitor's loop", async () => {
  const quiet: FakePlugin = { spec: { label: "q", pollIntervalS: 1 }, emit: () => null };
  await using t = await setup([quiet]);
  t.clock.onAdvance = (time) => time >= 60_000 && t.monitor.stop();
  await t.monitor.run();
  assert.deepEqual(
    t.host.polls.get("q"),
    Array.from({ length: 60 }, (_, i) => i * 1000),
    "polls at 0, 1, ..., 59 s",
  );
  assert.equal(t.host.clock.sleeps, 60, "the plugin's loop slept once per poll");
  assert.ok(t.clock.sleeps <= 2, `the monitor's loop went to sleep ${t.clock.sleeps} times`);
});

Deno.test("monitor: a plugin's first poll waits until the plugins it requires have had theirs", async () => {
  const base: FakePlugin = { spec: { label: "base", pollIntervalS: 1 }, emit: () => null };
  const user: FakePlugin = {
    spec: { label: "user", pollIntervalS: 1 },
    emit: () => null,
    requires: ["base"],
  };
  const free: FakePlugin = { spec: { label: "free", pollIntervalS: 1 }, emit: () => null };
  await using t = await setup([base, user, free]);
  const { clock, host, monitor } = t;
  let release = () => {};
  const answered = new Promise<void>((resolve) => release = resolve);
  const poll = host.poll.bind(host);
  host.poll = (label) => {
    // The required plugin's first poll answers only at 700 ms.
    if (label !== "base" || host.polls.has("base")) return poll(label);
    return answered.then(() => poll(label));
  };
  clock.onAdvance = (t) => {
    if (t >= 700) release();
    if (t >= 3_000) monitor.stop();
  };
  await monitor.run();
  assert.equal(host.polls.get("free")![0], 0, "a plugin with no requires starts at once");
  assert.ok(host.polls.get("base")![0] >= 700);
  assert.ok(host.polls.get("user")![0] >= host.polls.get("base")![0], "user waited for base");
});

/** Makes `host.run` report `extra` to the loop's listener before the monitor sees the first poll. */
function reportsBeforeFirst(
  host: { run: PluginHost["run"] },
  extra: (listener: PollListener) => void,
): void {
  const run = host.run.bind(host);
  host.run = async (label, intervalMs, listener) => {
    const first = await run(label, intervalMs, listener);
    extra(listener);
    return first;
  };
}

Deno.test("monitor: what a loop reports before its first poll is handled is kept, in order", async () => {
  const fast: FakePlugin = {
    spec: { label: "fast", dataHeader: "n", pollIntervalS: 100 },
    emit: (n, now) =>
      n === 0 ? { timestamp: at(now), label: "fast", event: "first", data: { n: 1 } } : null,
  };
  await using t = await setup([fast], { once: true, cooldownSeconds: 1 });
  reportsBeforeFirst(
    t.host,
    (listener) =>
      listener.event({ timestamp: at(0), label: "fast", event: "second", data: { n: 2 } }),
  );
  await t.monitor.run();
  const [segment] = t.sink.records as SegmentRecord[];
  assert.deepEqual(segment.events.map((e) => e.e), ["first", "second"]);
  assert.deepEqual(segment.aggregated, { n: [1, 2] });
});

Deno.test("monitor: a loop that fails before its first poll is handled is quarantined, not forgotten", async () => {
  const dies: FakePlugin = { spec: { label: "dies", pollIntervalS: 1 }, emit: () => null };
  await using t = await setup([dies]);
  reportsBeforeFirst(t.host, (listener) => listener.failed(new Error("worker crashed")));
  t.clock.onAdvance = (now) => now >= 2_500 && t.monitor.stop();
  await t.monitor.run();
  assert.ok(
    t.log.lines.includes(
      "warn plugin dies: worker crashed (failure 1; quarantined, next poll in 1s)",
    ),
    t.log.lines.join("\n"),
  );
  assert.deepEqual(t.host.polls.get("dies")!.slice(0, 2), [0, 1000], "restarted after its backoff");
});

Deno.test("monitor: a plugin whose every event is invalid backs off instead of recovering each time", async () => {
  const invalid: FakePlugin = {
    spec: { label: "invalid", pollIntervalS: 0.5 },
    emit: (_n, now) => ({ timestamp: at(now), label: "invalid", event: "" }),
  };
  await using t = await setup([invalid]);
  t.clock.onAdvance = (now) => now >= 20_000 && t.monitor.stop();
  await t.monitor.run();
  assert.deepEqual(t.host.polls.get("invalid"), [0, 1000, 3000, 7000, 15000]);
  assert.ok(!t.log.lines.some((l) => l.includes("recovered")), t.log.lines.join("\n"));
  assert.ok(t.log.lines.some((l) => /event\.event must be .*\(failure 5; .* in 16s\)/.test(l)));
});

Deno.test("monitor: a plugin failing soon after every restart keeps backing off", async () => {
  // Each start's first poll is fine (even n), the next one throws.
  const flaky: FakePlugin = {
    spec: { label: "flaky", pollIntervalS: 0.5 },
    emit: (n) => {
      if (n % 2 === 1) throw new Error(`boom ${n}`);
      return null;
    },
  };
  await using t = await setup([flaky]);
  t.clock.onAdvance = (now) => now >= 12_000 && t.monitor.stop();
  await t.monitor.run();
  assert.deepEqual(t.host.polls.get("flaky")!.slice(0, 8), [
    0,
    500,
    1500,
    2000,
    4000,
    4500,
    8500,
    9000,
  ]);
  const failures = t.log.lines.filter((l) => l.startsWith("warn plugin flaky"));
  assert.deepEqual(failures.map((l) => /failure (\d+);.* in (\d+)s/.exec(l)!.slice(1).join(":")), [
    "1:1",
    "2:2",
    "3:4",
    "4:8",
  ]);
});
