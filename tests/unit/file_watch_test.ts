import assert from "node:assert/strict";
import { join } from "node:path";
import { watchPaths } from "../../src/runtime/file_watch.ts";
import { MemoryLog } from "../helpers/fake_host.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

Deno.test("file watch: only the config file and direct entries of plugin folders count, a burst counts once", async () => {
  await using dir = await tempDir();
  await using other = await tempDir();
  await writeFiles(dir.path, { "mimolo.toml": "", "plugins/a.ts": "", "plugins/sub/b.ts": "" });
  // Another watcher in the process (as a plugin's): Deno 2.7.5 may deliver its events to ours.
  const foreign = Deno.watchFs(other.path);
  let calls = 0;
  using _ = watchPaths(
    { files: [join(dir.path, "mimolo.toml")], dirs: [join(dir.path, "plugins")] },
    300,
    () => calls++,
    new MemoryLog(),
  );
  try {
    await writeFiles(dir.path, { "notes.txt": "x", "plugins/sub/b.ts": "x" });
    await writeFiles(other.path, { "mimolo.toml": "x" });
    // Nothing should come of these; give a delivered event time to pass the 300 ms debounce.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(
      calls,
      0,
      "a sibling of the config file, a nested file and another watcher's event",
    );
    for (let i = 0; i < 5; i++) await Deno.writeTextFile(join(dir.path, "mimolo.toml"), `x${i}`);
    await waitUntil(() => calls > 0, "the config change");
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(calls, 1, "five writes in a row are one change");
    await Deno.writeTextFile(join(dir.path, "plugins", "new.ts"), "x");
    await waitUntil(() => calls === 2, "a new plugin file");
  } finally {
    foreign.close();
  }
});
