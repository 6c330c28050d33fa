import assert from "node:assert/strict";
import { join } from "node:path";
import { runMimolo } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("e2e plugin new: writes a plugin that registers and dry-runs, never overwrites", async () => {
  await using dir = await tempDir();
  const made = await runMimolo(["plugin", "new", "desk_notes"], dir.path);
  assert.equal(made.code, 0, made.stderr);
  const file = join(dir.path, "plugins", "desk_notes.ts");
  assert.match(made.stdout, new RegExp(`wrote ${file}`));
  assert.match(made.stdout, /^\[plugins\.desk_notes\]\nenabled = true$/m);
  const source = await Deno.readTextFile(file);
  assert.match(source, /export default class DeskNotesMonitor extends BaseMonitor/);
  assert.match(source, /label: "desk_notes"/);

  await writeFiles(dir.path, { "mimolo.toml": "[plugins.desk_notes]\nenabled = true\n" });
  const dry = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout).plugins.map((p: { label: string }) => p.label), [
    "desk_notes",
  ]);

  assert.match(source, /mimolo plugin config desk_notes/);
  await writeFiles(dir.path, { "mimolo.toml": '[plugins.desk_notes]\nfolder = "."\n' });
  const undeclared = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(undeclared.code, 2, "the template declares no keys yet, so any key is a typo");
  assert.match(undeclared.stderr, /\[plugins\.desk_notes\]: unknown key "folder"/);

  await Deno.writeTextFile(file, "// my edits\n");
  const again = await runMimolo(["plugin", "new", "desk_notes"], dir.path);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /desk_notes\.ts already exists; not overwriting it/);
  assert.equal(await Deno.readTextFile(file), "// my edits\n");
});

Deno.test("e2e plugin new: --dir, and invalid names are refused", async () => {
  await using dir = await tempDir();
  const made = await runMimolo(["plugin", "new", "x", "--dir", "elsewhere"], dir.path);
  assert.equal(made.code, 0, made.stderr);
  assert.ok((await Deno.stat(join(dir.path, "elsewhere", "x.ts"))).isFile);
  for (const name of ["9lives", "has-dash", "a b"]) {
    const res = await runMimolo(["plugin", "new", name], dir.path);
    assert.equal(res.code, 2, name);
    assert.match(res.stderr, /NAME must be a plugin label/);
  }
  const none = await runMimolo(["plugin", "new"], dir.path);
  assert.equal(none.code, 2);
});
