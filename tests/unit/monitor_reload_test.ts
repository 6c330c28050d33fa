import assert from "node:assert/strict";
import type { SegmentRecord } from "@mimolo/sdk";
import { parseConfig } from "../../src/config/mod.ts";
import { planReload } from "../../src/runtime/reload_plan.ts";
import { type FakePlugin, registered } from "../helpers/fake_host.ts";
import { at, setup } from "../helpers/monitor.ts";

const monitorSettings = parseConfig("", null).monitor;
const hit = (label: string, event = "hit") => (n: number, now: number) =>
  n < 2 ? { timestamp: at(now), label, event, data: { [`${label}s`]: [n] } } : null;

Deno.test("monitor reload: a started plugin's events land in the open segment and a new cooldown moves its deadline", async () => {
  const a: FakePlugin = {
    spec: { label: "a", dataHeader: "as", pollIntervalS: 1 },
    emit: hit("a"),
  };
  const gone: FakePlugin = { spec: { label: "gone", pollIntervalS: 1 }, emit: () => null };
  const b: FakePlugin = {
    spec: { label: "b", dataHeader: "bs", resetsCooldown: false, pollIntervalS: 1 },
    emit: hit("b", "note"),
  };
  await using t = await setup([a, gone], { cooldownSeconds: 10 });
  const { clock, host, sink, monitor } = t;
  host.add(b);
  const running = {
    plugins: registered([a, gone]),
    monitor: { ...monitorSettings, cooldownSeconds: 10 },
  };
  const loaded = {
    plugins: registered([a, b]),
    monitor: { ...monitorSettings, cooldownSeconds: 3 },
  };
  let reloaded = false;
  clock.onAdvance = (now) => {
    if (now >= 2_500 && !reloaded) {
      reloaded = true;
      void monitor.reconfigure(planReload(running, loaded));
    }
    if (now >= 8_000) monitor.stop();
  };
  await monitor.run();
  assert.deepEqual(host.retired, ["gone"]);
  assert.ok((host.polls.get("gone") ?? []).every((t) => t <= 2_500), "the removed plugin stopped");
  assert.equal(sink.records.length, 1, "one segment: the reload did not close it");
  const seg = sink.records[0] as SegmentRecord;
  assert.deepEqual(seg.labels, ["a", "b"]);
  const { as, bs } = seg.aggregated as Record<string, number[][]>;
  assert.deepEqual(as, [[0], [1]]);
  assert.deepEqual(bs[0], [0], "b's first event, after the reload, joined the open segment");
  // a's last reset was at 1 s: the new 3 s cooldown closes it at 4 s, not at 11 s.
  assert.deepEqual(host.filterTimes.slice(0, 1), [4_000]);
});

Deno.test("monitor reload: a restarted plugin polls again from a fresh start, its old loop's reports dropped", async () => {
  const a: FakePlugin = { spec: { label: "a", pollIntervalS: 1 }, emit: () => null };
  await using t = await setup([a]);
  const { clock, host, monitor } = t;
  const [old] = registered([a]);
  const changed = { ...old, effective: { ...old.effective, pollIntervalS: 2 } };
  let reloaded = false;
  clock.onAdvance = (now) => {
    if (now >= 1_500 && !reloaded) {
      reloaded = true;
      void monitor.reconfigure(
        planReload({ plugins: [old], monitor: monitorSettings }, {
          plugins: [changed],
          monitor: monitorSettings,
        }),
      );
    }
    if (now >= 6_000) monitor.stop();
  };
  await monitor.run();
  assert.deepEqual(host.retired, ["a"]);
  const polls = host.polls.get("a")!;
  assert.deepEqual(polls.filter((t) => t <= 1_500), [0, 1_000]);
  const after = polls.filter((t) => t > 1_500);
  assert.ok(after.length >= 2, `polled again after the restart: ${polls}`);
  assert.equal(after[1] - after[0], 2_000, "at the new interval");
});
