import assert from "node:assert/strict";
import { join } from "node:path";
import { readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const alert = pluginSource(
  `{ label: "alert", infrequent: true, pollIntervalS: 0.2 }`,
  `return this.makeEvent("rare");`,
);
const beat = pluginSource(
  `{ label: "beat", resetsCooldown: false, pollIntervalS: 0.2 }`,
  `return this.makeEvent("beat");`,
);
const failing = pluginSource(
  `{ label: "failing", pollIntervalS: 0.2 }`,
  `throw new Error("sensor unplugged");`,
);
const ticking = pluginSource(
  `{ label: "ticking", dataHeader: "n", pollIntervalS: 0.2 }`,
  `return this.makeEvent("tick", { n: this.n++ });`,
);

Deno.test("e2e --once: with only an infrequent plugin, or only plugins that cannot open a segment, it exits at once, saying why", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/alert.ts": alert,
    "plugins/beat.ts": beat,
    "alert.toml": `[monitor]\ncooldown_seconds = 1\n[plugins.alert]\n`,
    "both.toml": `[monitor]\ncooldown_seconds = 1\n[plugins.alert]\n[plugins.beat]\n`,
  });
  const why = {
    "alert.toml": "alert is infrequent \\(its events are written at once\\)",
    "both.toml":
      "alert is infrequent \\(its events are written at once\\); beat does not reset the cooldown",
  };
  for (const [config, reason] of Object.entries(why)) {
    for (const extra of [[], ["--timeout", "30"]]) {
      const started = performance.now();
      const res = await runMimolo(["monitor", "--once", "-c", config, ...extra], dir.path);
      assert.equal(res.code, 2, res.stderr);
      assert.match(
        res.stderr,
        new RegExp(
          `^mimolo monitor: --once would never end: no enabled plugin can open a segment \\(${reason}\\); run without --once`,
          "m",
        ),
      );
      assert.ok(performance.now() - started < 20_000, "it did not wait for --timeout");
    }
  }
});

Deno.test("e2e --once --timeout: a plugin that fails every poll ends the run at the timeout, exit 4", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/failing.ts": failing,
    "mimolo.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "logs"\n[plugins.failing]\n`,
  });
  const res = await runMimolo(["monitor", "--once", "--timeout", "1.5"], dir.path);
  assert.equal(res.code, 4, res.stderr);
  assert.match(res.stderr, /plugin failing: emitEvent\(\) threw Error: sensor unplugged/);
  assert.match(res.stderr, /--timeout 1\.5s reached: closing the open segment and exiting/);
  assert.match(res.stderr, /--once: no segment was written within --timeout 1\.5s \(exit 4\)/);
  assert.deepEqual(await readJsonl(join(dir.path, "logs")), []);
});

Deno.test("e2e --timeout: the open segment is written when the time is up, exit 0", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/ticking.ts": ticking,
    "mimolo.toml": `[monitor]\ncooldown_seconds = 600\nlog_dir = "logs"\n[plugins.ticking]\n`,
  });
  for (const once of [[], ["--once"]]) {
    const res = await runMimolo(["monitor", ...once, "--timeout", "1"], dir.path);
    assert.equal(res.code, 0, res.stderr);
  }
  const records = await readJsonl(join(dir.path, "logs"));
  assert.equal(records.length, 2);
  for (const r of records) {
    assert.equal(r.type, "segment");
    assert.ok((r.aggregated as { n: number[] }).n.length >= 1);
  }
});
