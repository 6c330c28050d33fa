import assert from "node:assert/strict";
import { LiveReload } from "../../src/cli/live_reload.ts";
import { HeldReloadSignal } from "../../src/runtime/signals.ts";
import { waitUntil } from "../helpers/wait.ts";
import { parseConfig } from "../../src/config/mod.ts";
import type { RunningSetup } from "../../src/runtime/reload_plan.ts";
import { type FakePlugin, MemoryLog, registered } from "../helpers/fake_host.ts";
import { setup } from "../helpers/monitor.ts";

const a: FakePlugin = { spec: { label: "a" }, emit: () => null };
const running: RunningSetup = { plugins: registered([a]), monitor: parseConfig("", null).monitor };

Deno.test("live reload: triggers during a reload coalesce into one more; a failed load is one line and changes nothing", async () => {
  await using t = await setup([a]);
  const log = new MemoryLog();
  const loads: (() => Promise<RunningSetup>)[] = [
    () => {
      throw new Error("/cfg/mimolo.toml: no plugin is enabled. Plugins found:\n  a  [plugins.a]");
    },
    async () => {
      await new Promise((r) => setTimeout(r, 50));
      return { ...running, monitor: { ...running.monitor, cooldownSeconds: 5 } };
    },
    () => Promise.resolve({ ...running, monitor: { ...running.monitor, cooldownSeconds: 7 } }),
  ];
  let calls = 0;
  const live = new LiveReload({
    running,
    configFile: "/cfg/mimolo.toml",
    load: () => loads[calls++](),
    watch: false,
    log,
  });
  using _ = live.attach(t.monitor);
  await live.reload("SIGHUP");
  assert.deepEqual(log.lines, [
    "error reload (SIGHUP) failed, keeping the running configuration: " +
    "/cfg/mimolo.toml: no plugin is enabled. Plugins found:; a  [plugins.a]",
  ]);
  const first = live.reload("SIGHUP");
  const joined = [live.reload("SIGHUP"), live.reload("SIGHUP")];
  await Promise.all([first, ...joined]);
  assert.equal(calls, 3, "two triggers during the second reload made one more");
  assert.deepEqual(log.lines.slice(1), [
    "info reload (SIGHUP): cooldown_seconds 600 → 5",
    "info reload (SIGHUP): cooldown_seconds 5 → 7",
  ]);
});

Deno.test({
  name:
    "live reload: a SIGHUP held before the reloader listens becomes one reload once it is attached",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using t = await setup([a]);
    const log = new MemoryLog();
    using held = new HeldReloadSignal();
    let loads = 0;
    const live = new LiveReload({
      running,
      configFile: "/cfg/mimolo.toml",
      load: () => (loads++, Promise.resolve(running)),
      watch: false,
      log,
      held,
    });
    // A second listener tells when the signal has been dispatched (to both).
    const seen = Promise.withResolvers<void>();
    const listener = () => seen.resolve();
    Deno.addSignalListener("SIGHUP", listener);
    try {
      Deno.kill(Deno.pid, "SIGHUP");
      // Signal listeners do not keep the event loop alive; this timer does.
      const timer = setTimeout(() => seen.reject(new Error("no SIGHUP within 10 s")), 10_000);
      await seen.promise.finally(() => clearTimeout(timer));
    } finally {
      Deno.removeSignalListener("SIGHUP", listener);
    }
    assert.equal(loads, 0, "nothing reloads before the monitor runs");
    using _ = live.attach(t.monitor);
    await waitUntil(() => log.lines.length > 0, "the held reload");
    assert.equal(loads, 1);
    assert.deepEqual(log.lines, ["info reload (SIGHUP during start-up): nothing changed"]);
  },
});

Deno.test("live reload: a monitor that is stopping loads and reports no new configuration", async () => {
  await using t = await setup([a]);
  const log = new MemoryLog();
  let loads = 0;
  const live = new LiveReload({
    running,
    configFile: "/cfg/mimolo.toml",
    load:
      () => (loads++,
        Promise.resolve({ ...running, monitor: { ...running.monitor, cooldownSeconds: 7 } })),
    watch: false,
    log,
  });
  using _ = live.attach(t.monitor);
  const stopped = t.monitor.stop();
  await live.reload("SIGHUP");
  await stopped;
  assert.equal(loads, 0);
  assert.deepEqual(log.lines, []);
});
