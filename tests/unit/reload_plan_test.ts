import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/mod.ts";
import type { RegisteredPlugin } from "../../src/plugins/registry.ts";
import { isEmptyPlan, planReload, type RunningSetup } from "../../src/runtime/reload_plan.ts";
import { registered } from "../helpers/fake_host.ts";

const [a, b, c] = registered(
  ["a", "b", "c"].map((label) => ({ spec: { label }, emit: () => null })),
);
const monitor = parseConfig("", "/cfg/mimolo.toml").monitor;
const setup = (plugins: RegisteredPlugin[], over: Partial<RunningSetup["monitor"]> = {}) => ({
  plugins,
  monitor: { ...monitor, ...over },
});
const labels = (ps: RegisteredPlugin[]) => ps.map((p) => p.spec.label);

Deno.test("reload plan: the same setup, rebuilt, changes nothing", () => {
  const plan = planReload(setup([a, b]), setup(structuredClone([a, b])));
  assert.ok(isEmptyPlan(plan));
  assert.deepEqual(plan.next.plugins.map((p) => p.spec.label), ["a", "b"]);
});

Deno.test("reload plan: added plugins start, removed ones stop, in the new order", () => {
  const plan = planReload(setup([a, b]), setup([c, b]));
  assert.deepEqual(labels(plan.start), ["c"]);
  assert.deepEqual(plan.stop, ["a"]);
  assert.deepEqual(plan.restart, []);
  assert.ok(!isEmptyPlan(plan));
});

Deno.test("reload plan: a changed file, spec override, config value, grant or timeout restarts the plugin", () => {
  const changes: [string, RegisteredPlugin][] = [
    ["file contents", { ...a, url: "data:application/javascript,changed" }],
    ["poll interval", { ...a, effective: { ...a.effective, pollIntervalS: 5 } }],
    ["config value", { ...a, custom: { path: "/x" } }],
    ["grant", { ...a, grants: { ...a.grants, read: ["/home"] } }],
    ["timeout", { ...a, timeoutMs: 1000 }],
    ["requires", { ...a, requires: ["b"] }],
  ];
  for (const [what, changed] of changes) {
    const plan = planReload(setup([a, b]), setup([changed, b]));
    assert.deepEqual(labels(plan.restart), ["a"], what);
    assert.deepEqual(plan.start, [], what);
    assert.deepEqual(plan.stop, [], what);
  }
});

Deno.test("reload plan: config values written in another key order are the same", () => {
  const one = { ...a, custom: { x: 1, y: { p: 1, q: 2 } } };
  const two = { ...a, custom: { y: { q: 2, p: 1 }, x: 1 } };
  assert.ok(isEmptyPlan(planReload(setup([one]), setup([two]))));
});

Deno.test("reload plan: cooldown, tick, verbosity, limits and plugin folders apply live", () => {
  const plan = planReload(
    setup([a]),
    setup([a], {
      cooldownSeconds: 5,
      pollTickMs: 50,
      consoleVerbosity: "debug",
      maxEventBytes: 1000,
      maxClockSkewS: 10,
      pluginDirs: ["/cfg/more"],
    }),
  );
  assert.deepEqual(plan.applied.map((s) => s.key), [
    "cooldown_seconds",
    "poll_tick_ms",
    "console_verbosity",
    "plugin_dirs",
    "max_clock_skew_s",
    "max_event_bytes",
  ]);
  assert.deepEqual(plan.applied[0], { key: "cooldown_seconds", from: 600, to: 5 });
  assert.deepEqual(plan.kept, []);
  assert.equal(plan.next.monitor.cooldownSeconds, 5);
});

Deno.test("reload plan: log_dir, log_format, log_day, host, journal_fsync_ms and max_event_refs keep their running value", () => {
  const plan = planReload(
    setup([a]),
    setup([a], {
      logDir: "/elsewhere",
      logFormat: "yaml",
      logDay: "utc",
      host: "other",
      journalFsyncMs: 5,
      maxEventRefs: 3,
      cooldownSeconds: 7,
    }),
  );
  assert.deepEqual(plan.kept.map((s) => s.key), [
    "log_dir",
    "log_format",
    "log_day",
    "host",
    "journal_fsync_ms",
    "max_event_refs",
  ]);
  assert.deepEqual(plan.kept[0], { key: "log_dir", from: monitor.logDir, to: "/elsewhere" });
  assert.equal(plan.next.monitor.logDir, monitor.logDir);
  assert.equal(plan.next.monitor.logFormat, monitor.logFormat);
  assert.equal(plan.next.monitor.maxEventRefs, monitor.maxEventRefs);
  assert.equal(plan.next.monitor.cooldownSeconds, 7, "live keys still take the new value");
  // Diffing the next reload against what runs keeps warning about a still-changed key, once per reload.
  assert.deepEqual(
    planReload(plan.next, setup([a], { logDir: "/elsewhere" })).kept.map((s) => s.key),
    ["log_dir"],
  );
});
