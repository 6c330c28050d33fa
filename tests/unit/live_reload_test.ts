import assert from "node:assert/strict";
import { LiveReload } from "../../src/cli/live_reload.ts";
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
