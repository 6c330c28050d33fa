import assert from "node:assert/strict";
import { join } from "node:path";
import { runDeno, runMimolo } from "../helpers/cli.ts";
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

Deno.test("e2e plugin new: an existing deno.json in the folder is merged into, not clobbered", async () => {
  await using dir = await tempDir("mimolo-author-");
  const mine = {
    tasks: { hello: "echo hi" },
    imports: { other: "./other.ts" },
    fmt: { lineWidth: 80 },
  };
  const commented = '{\n  // my notes\n  "tasks": {}\n}\n';
  await writeFiles(dir.path, {
    "plugins/deno.json": JSON.stringify(mine),
    "commented/deno.json": commented,
  });
  const made = await runMimolo(["plugin", "new", "desk"], dir.path);
  assert.equal(made.code, 0, made.stderr);
  assert.match(
    made.stdout,
    /^wrote the SDK to .*plugins\/\.mimolo\/sdk and merged into .*plugins\/deno\.json: imports "@mimolo\/sdk"; imports "@mimolo\/sdk\/testing"; exclude "\.mimolo\/"$/m,
  );
  const plugins = join(dir.path, "plugins");
  assert.deepEqual(JSON.parse(await Deno.readTextFile(join(plugins, "deno.json"))), {
    ...mine,
    imports: {
      other: "./other.ts",
      "@mimolo/sdk": "./.mimolo/sdk/sdk/mod.ts",
      "@mimolo/sdk/testing": "./.mimolo/sdk/testing/mod.ts",
    },
    exclude: [".mimolo/"],
  });
  const tested = await runDeno(["test"], plugins);
  assert.equal(tested.code, 0, tested.out);
  assert.match(tested.out, /3 passed \| 0 failed/);

  const second = await runMimolo(["plugin", "new", "mug"], dir.path);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /SDK/, "an exported folder is left as it is");

  const kept = await runMimolo(["plugin", "new", "lamp", "--dir", "commented"], dir.path);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(
    kept.stdout,
    /^did not export the SDK: .*commented\/deno\.json is not plain JSON \(comments\?\), so it is not rewritten; add these entries yourself: "imports": \{"@mimolo\/sdk":/m,
  );
  assert.equal(await Deno.readTextFile(join(dir.path, "commented/deno.json")), commented);
});
