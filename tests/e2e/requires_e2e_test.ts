import assert from "node:assert/strict";
import { join } from "node:path";
import { readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const base = pluginSource(
  `{ label: "base", dataHeader: "b", pollIntervalS: 0.2 }`,
  `return this.n++ < 2 ? this.makeEvent("tick", { b: this.n }) : null;`,
);
const user = pluginSource(
  `{ label: "user", pollIntervalS: 0.2 }`,
  "return null;",
  `static override requires = ["base"];`,
);

Deno.test("e2e requires: a missing or disabled required plugin stops the monitor (exit 3) naming both", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/user.ts": user,
    "plugins/base.ts": base,
    "alone.toml": `[plugins.user]\n`,
    "off.toml": `[plugins.user]\n[plugins.base]\nenabled = false\n`,
    "lonely/user.ts": user,
    "lonely.toml": `[monitor]\nplugin_dirs = ["lonely"]\n[plugins.user]\n`,
    "both.toml":
      `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "logs"\n[plugins.user]\n[plugins.base]\n`,
  });
  for (
    const [file, why] of [["alone.toml", "add \\[plugins\\.base\\]"], [
      "off.toml",
      "\\[plugins\\.base\\] in .*off\\.toml says enabled = false",
    ]]
  ) {
    for (const cmd of [["monitor", "--once"], ["monitor", "--dry-run"]]) {
      const res = await runMimolo([...cmd, "-c", file], dir.path);
      assert.equal(res.code, 3, res.stderr);
      assert.match(
        res.stderr,
        new RegExp(
          `^mimolo: .*user\\.ts: plugin user requires plugin base, which is not enabled: ${why}`,
          "m",
        ),
      );
      assert.doesNotMatch(res.stderr, /^\s+at /m);
    }
  }
  const lonely = await runMimolo(["monitor", "-c", "lonely.toml"], dir.path);
  assert.equal(lonely.code, 3, lonely.stderr);
  assert.match(
    lonely.stderr,
    /^mimolo: .*lonely\/user\.ts: plugin user requires plugin base, which was not found \(discovered: example, folderwatch, user\)$/m,
  );
  const register = await runMimolo(["register", "-c", "both.toml"], dir.path);
  assert.equal(register.code, 0, register.stderr);
  assert.match(register.stdout, /^base .*\n(?: {4}.*\n)*? {4}required by: user$/m);
  assert.match(register.stdout, /^user .*\n(?: {4}.*\n)*? {4}requires: base$/m);
  const json = JSON.parse(
    (await runMimolo(["register", "--json", "-c", "both.toml"], dir.path)).stdout,
  );
  const user_ = json.plugins.find((p: { label: string }) => p.label === "user");
  assert.deepEqual([user_.requires, user_.required_by], [["base"], []]);

  const run = await runMimolo(["monitor", "--once", "-c", "both.toml"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  const [segment] = await readJsonl(join(dir.path, "logs"));
  assert.deepEqual(segment.labels, ["base"]);
});
