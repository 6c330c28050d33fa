/** Tests of notes.ts: `deno test --allow-read --allow-write` (the test writes a temp file). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { testPlugin } from "@mimolo/sdk/testing";
import NotesMonitor from "./notes.ts";

Deno.test("notes: a change of at least min_change bytes is an event", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "notes.txt"), "hello");
  // The config is built as the monitor builds it: checked, defaults filled in, paths absolute.
  await using run = await testPlugin(NotesMonitor, {
    config: { file: "notes.txt", min_change: 3 },
    context: { configDir: dir },
  });
  assert.equal(run.config.file, join(dir, "notes.txt"));
  assert.equal(await run.poll(), null); // the first poll only learns the size
  await Deno.writeTextFile(join(dir, "notes.txt"), "hello, world");
  assert.deepEqual((await run.poll())?.data, { sizes: 12 });
  await Deno.writeTextFile(join(dir, "notes.txt"), "hello, world!");
  assert.equal(await run.poll(), null); // 1 byte < min_change
  assert.deepEqual(await run.aggregate(), { changes: 1, first: 12, last: 12 });
  assert.deepEqual(run.logs, [
    { level: "info", message: `watching ${join(dir, "notes.txt")}` },
    { level: "debug", message: "size 5 -> 12" },
  ]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("notes: a typo in the section is refused, as the monitor would", async () => {
  await assert.rejects(
    testPlugin(NotesMonitor, { config: { min_chnage: 3 } }),
    /unknown key "min_chnage" \(did you mean "min_change"\?\)/,
  );
});
