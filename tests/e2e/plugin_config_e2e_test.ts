import assert from "node:assert/strict";
import { join } from "node:path";
import { parseConfig } from "../../src/config/mod.ts";
import { runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const undeclared = pluginSource(`{ label: "loose" }`, "return null;");

Deno.test("e2e plugin config: a typo in a declared plugin's section is exit 2 with one line and a suggestion", async () => {
  await using dir = await tempDir();
  const file = join(dir.path, "mimolo.toml");
  await writeFiles(dir.path, {
    "mimolo.toml": `[plugins.folderwatch]\nwatch_dir = ["src"]\n`,
  });
  for (const cmd of [["monitor", "--dry-run"], ["monitor"], ["register"]]) {
    const res = await runMimolo(cmd, dir.path);
    assert.equal(res.code, 2, `${cmd.join(" ")}: ${res.stderr}`);
    const errors = res.stderr.split("\n").filter((l) => l.startsWith("mimolo:"));
    assert.deepEqual(errors, [
      `mimolo: ${file}: [plugins.folderwatch]: unknown key "watch_dir" (did you mean "watch_dirs"?)`,
    ]);
  }
  await Deno.writeTextFile(file, `[plugins.folderwatch]\nemit_on_discovery = "yes"\n`);
  const wrongType = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(wrongType.code, 2);
  assert.match(
    wrongType.stderr,
    /^mimolo: .*mimolo\.toml: \[plugins\.folderwatch\]\.emit_on_discovery: expected true or false, got the string "yes"$/m,
  );
});

Deno.test("e2e plugin config: dry-run and register show declared keys with their effective values", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/loose.ts": undeclared,
    "src/.keep": "",
    "mimolo.toml": `[plugins.folderwatch]\nwatch_dirs = ["src"]\n` +
      `[plugins.loose]\nanything = [1, 2]\n`,
  });
  const dry = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(dry.code, 0, dry.stderr);
  const plugins = Object.fromEntries(
    JSON.parse(dry.stdout).plugins.map((p: { label: string }) => [p.label, p]),
  );
  assert.equal(plugins.folderwatch.config_declared, true);
  assert.deepEqual(
    Object.keys(plugins.folderwatch.config).sort(),
    [
      "default_ignores",
      "emit_on_discovery",
      "extensions",
      "ignore",
      "respect_gitignore",
      "watch_dirs",
      "watch_mode",
    ],
  );
  assert.deepEqual(plugins.folderwatch.config.watch_dirs, [join(dir.path, "src")]);
  assert.equal(plugins.folderwatch.config.watch_mode, "auto");
  assert.equal(plugins.loose.config_declared, false);
  assert.deepEqual(plugins.loose.config, { anything: [1, 2] });

  const reg = await runMimolo(["register"], dir.path);
  assert.equal(reg.code, 0, reg.stderr);
  assert.ok(reg.stdout.includes(`      watch_dirs = ["${join(dir.path, "src")}"]\n`), reg.stdout);
  assert.ok(reg.stdout.includes(`      watch_mode = "auto"  (default)\n`), reg.stdout);
  assert.ok(reg.stdout.includes(`      item_count = 5  (default)\n`), "example, no section");
  assert.ok(
    reg.stdout.includes("    config: not declared; passed as written:\n      anything = [1, 2]"),
  );
});

Deno.test("e2e plugin config: plugin config LABEL prints a sample section that is valid once uncommented", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "plugins/loose.ts": undeclared });
  const res = await runMimolo(["plugin", "config", "folderwatch"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^\[plugins\.folderwatch\]\nenabled = true$/m);
  assert.match(
    res.stdout,
    /^## Folders to watch.*\n## type: a list of path strings \(~ is your home; relative: to this file\)\n# watch_dirs = \[\]$/m,
  );
  assert.match(res.stdout, /^## type: one of "auto", "scan"\n# watch_mode = "auto"$/m);
  const uncommented = res.stdout.replace(/^# (\w+ = )/gm, "$1");
  const config = parseConfig(uncommented, join(dir.path, "mimolo.toml"));
  assert.deepEqual(Object.keys(config.plugins), ["folderwatch"]);
  assert.equal(config.plugins.folderwatch.custom.watch_mode, "auto");
  await Deno.writeTextFile(join(dir.path, "mimolo.toml"), uncommented);
  const reg = await runMimolo(["register"], dir.path);
  assert.equal(reg.code, 0, `the sample passes validation: ${reg.stderr}`);

  const loose = await runMimolo(["plugin", "config", "loose"], dir.path);
  assert.equal(loose.code, 0, loose.stderr);
  assert.match(loose.stdout, /does not declare its config keys/);
  const missing = await runMimolo(["plugin", "config", "nope"], dir.path);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /mimolo plugin config: no plugin with label "nope" was found \(discovered: example, folderwatch, loose\)/,
  );
});
