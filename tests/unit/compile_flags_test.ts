import assert from "node:assert/strict";
import manifest from "../../deno.json" with { type: "json" };
import { compileArgs, INCLUDES, RUNTIME_FLAGS, TARGETS } from "../../scripts/compile.ts";

Deno.test("compile: the binary gets exactly the mimolo task's runtime flags", () => {
  const taskFlags = manifest.tasks.mimolo.split(/\s+/).filter((a) => a.startsWith("--"));
  assert.deepEqual(RUNTIME_FLAGS, taskFlags);
});

Deno.test("compile: every target embeds what is loaded at run time", async () => {
  for (const target of TARGETS) {
    const args = compileArgs(target);
    for (const path of INCLUDES) {
      assert.ok(args.join(" ").includes(`--include ${path}`), `${target}: ${path}`);
    }
    assert.equal(args.at(-1), "main.ts");
    assert.ok(args.includes(`dist/mimolo-${target}${target.includes("windows") ? ".exe" : ""}`));
  }
  for (const path of INCLUDES) assert.ok(await Deno.stat(path), `${path} exists`);
  const worker = new URL("../../src/plugins/plugin_worker.ts", import.meta.url);
  assert.match(
    await Deno.readTextFile(worker),
    /new URL\("\.\/worker_entry\.ts", import\.meta\.url\)/,
  );
});
