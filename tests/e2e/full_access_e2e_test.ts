import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** Reports the 1-minute load average from /proc/loadavg, which Deno opens only with full access. */
const loadavg = pluginSource(
  `{ label: "loadavg", dataHeader: "load", pollIntervalS: 0.2 }`,
  `if (this.n++ > 1) return null;
    const load = Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
    return this.makeEvent("sample", { load });`,
);

const config = (permissions: string) =>
  `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "logs"\n` +
  `[plugins.loadavg]\n[plugins.loadavg.permissions]\n${permissions}\n`;

Deno.test({
  name:
    "e2e full access: /proc/loadavg is denied with read = true, named key and flag; all = true reads it",
  ignore: Deno.build.os !== "linux", // /proc/loadavg is Linux's
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/loadavg.ts": loadavg,
      "read.toml": config("read = true"),
      "all.toml": config("all = true"),
    });
    const denied = new LiveMimolo(["monitor", "-c", "read.toml"], dir.path);
    await denied.waitFor(/plugin loadavg: .*was denied/);
    denied.child.kill("SIGINT");
    await denied.exit();
    assert.match(denied.stderr, /Requires all access to "\/proc\/loadavg"/);
    assert.match(
      denied.stderr,
      /missing full access \(Deno opens \/proc\/loadavg only with it\): grant it with "mimolo monitor --allow-all" \(all plugins\) or \[plugins\.loadavg\.permissions\] all = true in the config/,
    );

    const register = await runMimolo(["register", "-c", "all.toml"], dir.path);
    assert.match(register.stdout, /^loadavg {2}\[enabled\][^\n]*\n[^\n]*\n {4}grants: all$/m);

    const run = await runMimolo(["monitor", "--once", "-c", "all.toml"], dir.path);
    assert.equal(run.code, 0, run.stderr);
    const [segment] = await readJsonl(join(dir.path, "logs"));
    const loads = (segment.aggregated as { load: number[] }).load;
    assert.equal(loads.length, 2, JSON.stringify(segment));
    for (const load of loads) assert.ok(Number.isFinite(load) && load >= 0, String(load));
  },
});

Deno.test({
  name: "e2e full access: -A on the command line gives every plugin full access",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/loadavg.ts": loadavg,
      "none.toml": config(""),
    });
    const run = await runMimolo(["monitor", "--once", "-c", "none.toml", "-A"], dir.path);
    assert.equal(run.code, 0, run.stderr);
    const [segment] = await readJsonl(join(dir.path, "logs"));
    assert.equal((segment.aggregated as { load: number[] }).load.length, 2);
  },
});
