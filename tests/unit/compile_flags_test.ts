import assert from "node:assert/strict";
import manifest from "../../deno.json" with { type: "json" };
import { compileArgs, INCLUDES, RUNTIME_FLAGS, TARGETS } from "../../scripts/compile.ts";
import { sdkSources } from "../../src/sdk_export/mod.ts";

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

Deno.test("compile: every file mimolo sdk export reads is embedded in the binary", async () => {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(info.code, 0);
  const graph: { modules: { specifier: string }[] } = JSON.parse(
    new TextDecoder().decode(info.stdout),
  );
  const root = new URL("../../", import.meta.url).href;
  const inGraph = new Set(graph.modules.map((m) => m.specifier.replace(root, "")));
  const files = await sdkSources();
  assert.ok(files.length > 10, `${files.length} files`);
  for (const { path } of files) {
    const repoPath = `src/${path}`;
    const included = INCLUDES.some((i) =>
      i.endsWith("/") ? repoPath.startsWith(i) : repoPath === i
    );
    assert.ok(
      inGraph.has(repoPath) || included,
      `${repoPath} is neither imported by main.ts nor in INCLUDES`,
    );
  }
});
