import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("e2e folderwatch: files touched in two folders after start-up make one segment with exactly those folders", async () => {
  await using dir = await tempDir();
  const tree = join(dir.path, "tree");
  await writeFiles(dir.path, {
    "tree/alpha/old.ts": "x",
    "tree/beta/old.md": "x",
    "tree/gamma/untouched.ts": "x",
    "tree/delta/.keep": "",
    "mimolo.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "logs"\n` +
      `[plugins.folderwatch]\npoll_interval_s = 0.2\nwatch_dirs = ["tree"]\nextensions = ["ts", ".MD"]\n` +
      `[plugins.folderwatch.permissions]\nread = ["tree"]\n`,
  });
  const live = new LiveMimolo(["monitor", "--once"], dir.path);
  await live.waitFor(/watch_started: 1 folder\(s\)/);
  await Deno.writeTextFile(join(tree, "alpha", "new.ts"), "work");
  await Deno.writeTextFile(join(tree, "beta", "old.md"), "edited");
  await Deno.writeTextFile(join(tree, "delta", "notes.txt"), "not a watched extension");
  const status = await live.exit();
  assert.equal(status.code, 0, live.stderr);
  const records = await readJsonl(join(dir.path, "logs"));
  assert.equal(records.length, 1, JSON.stringify(records));
  const [segment] = records;
  assert.deepEqual(segment.labels, ["folderwatch"]);
  assert.deepEqual(segment.aggregated, { folders: [join(tree, "alpha"), join(tree, "beta")] });
  assert.doesNotMatch(live.stderr, /denied|NotCapable/);
});
