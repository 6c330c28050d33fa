import assert from "node:assert/strict";
import {
  BaseMonitor,
  type ConfigDeclaration,
  type Event,
  type PluginSpec,
  type SegmentRecord,
} from "@mimolo/sdk";
import { FakeTime, PluginRuleError, testPlugin } from "@mimolo/sdk/testing";
import { ConfigError, PluginLoadError } from "../../src/errors.ts";

/** Notes each poll's time; remembers the segments and stops it was told about. */
class Clocked extends BaseMonitor {
  static override spec: PluginSpec = { label: "clocked", dataHeader: "minutes", pollIntervalS: 60 };
  static override config = {
    folder: { type: "path", default: "notes", description: "Where the notes are." },
    every: { type: "integer", default: 1, min: 1, description: "Emit every n-th poll." },
  } satisfies ConfigDeclaration;
  closed: SegmentRecord[] = [];
  stopped = false;
  #polls = 0;

  override onStart(): void {
    this.log.info(`watching ${this.config.folder}`);
  }

  override emitEvent(): Event | null {
    if (this.#polls++ % (this.config.every as number) !== 0) return null;
    return this.makeEvent("tick", { minutes: new Date().getUTCMinutes() });
  }

  static override filterMethod(items: number[]): number {
    return items.reduce((a, b) => a + b, 0);
  }

  override onSegmentClose(segment: SegmentRecord): void {
    this.closed.push(segment);
  }

  override onStop(): void {
    this.stopped = true;
  }
}

Deno.test("testing: config built as the monitor would, fake time moved by the poll interval", async () => {
  const realDate = Date;
  let plugin: Clocked;
  {
    await using run = await testPlugin(Clocked, {
      config: { every: 2 },
      context: { configDir: "/home/me/mimolo" },
      time: "2025-01-06T09:00:00Z",
    });
    plugin = run.plugin;
    assert.deepEqual(run.config, { folder: "/home/me/mimolo/notes", every: 2 });
    assert.deepEqual(run.logs, [{ level: "info", message: "watching /home/me/mimolo/notes" }]);
    const events = await run.polls(5);
    assert.deepEqual(events.map((e) => e?.timestamp.toISOString() ?? null), [
      "2025-01-06T09:00:00.000Z",
      null,
      "2025-01-06T09:02:00.000Z",
      null,
      "2025-01-06T09:04:00.000Z",
    ]);
    assert.deepEqual(run.collected, [0, 2, 4]);
    assert.equal(await run.aggregate(), 6);
    run.time!.advance(30_000);
    assert.equal(Date.now(), Date.parse("2025-01-06T09:04:30Z"));
    const segment = await run.closeSegment();
    assert.deepEqual(
      { ...segment, host: undefined },
      {
        type: "segment",
        start: "2025-01-06T09:00:00.000Z",
        end: "2025-01-06T09:04:00.000Z",
        duration_s: 240,
        labels: ["clocked"],
        aggregated: { minutes: 6 },
        resets_count: 2,
        events: [
          { t: "2025-01-06T09:00:00.000Z", l: "clocked", e: "tick" },
          { t: "2025-01-06T09:02:00.000Z", l: "clocked", e: "tick" },
          { t: "2025-01-06T09:04:00.000Z", l: "clocked", e: "tick" },
        ],
        host: undefined,
      },
    );
    assert.deepEqual(plugin.closed, [segment], "onSegmentClose got the segment");
    assert.deepEqual(run.events, [], "a new segment starts");
  }
  assert.ok(plugin.stopped, "disposing called onStop()");
  assert.equal(Date, realDate, "the real clock is back");
  assert.ok(Math.abs(Date.now() - performance.timeOrigin - performance.now()) < 60_000);
});

Deno.test("testing: what the runtime refuses, the helpers refuse with the runtime's words", async () => {
  await assert.rejects(
    testPlugin(Clocked, { config: { evry: 2 } }),
    (err) =>
      err instanceof ConfigError &&
      /unknown key "evry" \(did you mean "every"\?\)/.test(err.message),
  );
  await assert.rejects(
    testPlugin(Clocked, { config: { every: 0 } }),
    (err) => err instanceof ConfigError && /every: expected a whole number >= 1/.test(err.message),
  );
  class BadSpec extends Clocked {
    static override spec: PluginSpec = { label: "bad spec" };
  }
  await assert.rejects(testPlugin(BadSpec), PluginLoadError);

  class Broken extends BaseMonitor {
    static override spec: PluginSpec = { label: "broken", dataHeader: "items" };
    n = 0;
    override emitEvent(): Event | null {
      const n = this.n++;
      if (n === 0) return this.makeEvent("ok", { items: [1] });
      if (n === 1) return this.makeEvent("no_header", { other: 1 });
      if (n === 2) return { ...this.makeEvent("old", { items: [] }), timestamp: new Date(0) };
      return this.makeEvent("bigint", { items: [1n] });
    }
    static override filterMethod(): unknown {
      return new Map();
    }
  }
  await using run = await testPlugin(Broken);
  assert.equal((await run.poll())?.event, "ok");
  await assert.rejects(run.poll(), (err) =>
    err instanceof PluginRuleError &&
    err.message === 'event.data must contain the key "items" (spec.dataHeader)');
  await assert.rejects(
    run.poll(),
    (err) =>
      err instanceof PluginRuleError &&
      /is \d+ s away from the clock \(max_clock_skew_s = 300\)/.test(err.message),
  );
  await assert.rejects(
    run.poll(),
    (err) =>
      err instanceof PluginRuleError && /event\.data\.items\[0\] is a BigInt/.test(err.message),
  );
  await assert.rejects(
    run.aggregate(),
    (err) => err instanceof PluginRuleError && /filterMethod returned non-JSON/.test(err.message),
  );
});

Deno.test("testing: FakeTime fakes only the current time; other dates and instanceof keep working", () => {
  const before = new Date(5);
  using time = new FakeTime(Date.UTC(2030, 0, 1));
  assert.equal(new Date().getUTCFullYear(), 2030);
  assert.equal(new Date(0).getTime(), 0);
  assert.ok(before instanceof Date && structuredClone(new Date()) instanceof Date);
  time.set("2031-06-01T00:00:00Z");
  assert.equal(new Date().toISOString(), "2031-06-01T00:00:00.000Z");
  assert.throws(() => time.set("soon"), RangeError);
});

Deno.test("testing: FakeTime passes arguments on", () => {
  using _time = new FakeTime(0);
  assert.equal(new Date(2025, 0, 2, 3).getFullYear(), 2025);
  assert.equal(new Date("2025-01-02T00:00:00Z").getTime(), Date.UTC(2025, 0, 2));
});
