/** Tests of dirwatch.ts: `deno test --allow-read --allow-write` (the test writes temp files). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { testPlugin } from "@mimolo/sdk/testing";
import DirWatch from "./dirwatch.ts";

Deno.test("dirwatch: a new or changed file reports its folder", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "a"));
  await Deno.mkdir(join(dir, "b"));
  await Deno.writeTextFile(join(dir, "a/old.md"), "old");
  await using run = await testPlugin(DirWatch, {
    config: { watch_dirs: ["a", "b"] },
    context: { configDir: dir },
  });
  assert.equal(await run.poll(), null); // the first poll only learns what is there
  await Deno.writeTextFile(join(dir, "b/new.md"), "new");
  assert.deepEqual((await run.poll())?.data, { folders: [join(dir, "b")] });
  await Deno.utime(join(dir, "a/old.md"), 1, 1_000_000); // as if edited
  assert.deepEqual((await run.poll())?.data, { folders: [join(dir, "a")] });
  assert.equal(await run.poll(), null);
  assert.deepEqual(await run.aggregate(), [join(dir, "a"), join(dir, "b")]);
  await Deno.remove(dir, { recursive: true });
});
