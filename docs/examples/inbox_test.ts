/** Tests of inbox.ts: `deno test --allow-read --allow-write` (the test writes temp files). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { testPlugin } from "@mimolo/sdk/testing";
import InboxMonitor from "./inbox.ts";

Deno.test("inbox: a file that arrives wakes the plugin, and the next poll reports it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, "inbox"));
  {
    await using run = await testPlugin(InboxMonitor, { context: { configDir: dir } });
    assert.equal(await run.poll(), null);
    const woken = run.plugin.nextActivity();
    assert.ok(woken instanceof Promise, "idle: wait for a notification");
    await Deno.writeTextFile(join(dir, "inbox/letter.txt"), "hi");
    await woken;
    assert.equal(run.plugin.nextActivity(), null, "something to report: poll on time");
    assert.deepEqual((await run.poll())?.data, { arrived: [join(dir, "inbox/letter.txt")] });
  } // onStop() closes the watcher
  await Deno.remove(dir, { recursive: true });
});
