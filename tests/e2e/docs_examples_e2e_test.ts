/**
 * The plugin guide's examples (docs/examples/) as an author with only the
 * executable uses them, in a folder outside the repository: `mimolo sdk
 * export`, then `deno check` and `deno test` there, then `mimolo register`
 * and `mimolo plugin test` on each example plugin with its config section.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runDeno, runMimolo } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const EXAMPLES = fileURLToPath(new URL("../../docs/examples/", import.meta.url));

/** The example files: plugins, their tests and the config. */
function exampleFiles(): { plugins: string[]; tests: string[] } {
  const names = [...Deno.readDirSync(EXAMPLES)].filter((e) => e.isFile).map((e) => e.name).sort();
  const ts = names.filter((n) => n.endsWith(".ts"));
  return {
    plugins: ts.filter((n) => !n.endsWith("_test.ts")),
    tests: ts.filter((n) => n.endsWith("_test.ts")),
  };
}

/** A folder laid out as the guide's mimolo.toml expects: plugins/ and the files the plugins read. */
async function authorFolder(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "plugins"));
  const { plugins, tests } = exampleFiles();
  for (const name of [...plugins, ...tests]) {
    await Deno.copyFile(join(EXAMPLES, name), join(dir, "plugins", name));
  }
  await Deno.copyFile(join(EXAMPLES, "mimolo.toml"), join(dir, "mimolo.toml"));
  await Deno.writeTextFile(join(dir, "notes.txt"), "hello");
  for (const folder of ["projects/a", "projects/b", "inbox"]) {
    await Deno.mkdir(join(dir, folder), { recursive: true });
  }
}

Deno.test("e2e docs examples: deno check and deno test pass against the exported SDK", async () => {
  await using dir = await tempDir("mimolo-guide-");
  await authorFolder(dir.path);
  const exported = await runMimolo(["sdk", "export", "plugins"], dir.path);
  assert.equal(exported.code, 0, exported.stderr);
  const plugins = join(dir.path, "plugins");
  const { tests } = exampleFiles();

  const checked = await runDeno(["check", "."], plugins);
  assert.equal(checked.code, 0, checked.out);
  for (const name of [...exampleFiles().plugins, ...tests]) {
    assert.match(checked.out, new RegExp(`^Check (.*/)?${name}$`, "m"), `${name} checked`);
  }

  // The command the guide gives; every Deno.test of every example test file must pass.
  const tested = await runDeno(["test", "--allow-read", "--allow-write"], plugins);
  assert.equal(tested.code, 0, tested.out);
  let count = 0;
  for (const name of tests) {
    count += [...Deno.readTextFileSync(join(EXAMPLES, name)).matchAll(/^Deno\.test\(/gm)].length;
  }
  assert.ok(count >= tests.length, "each test file has tests");
  assert.match(tested.out, new RegExp(`^ok \\| ${count} passed \\| 0 failed`, "m"));
});

Deno.test("e2e docs examples: each example plugin loads and passes mimolo plugin test with its section", async () => {
  await using dir = await tempDir("mimolo-guide-");
  await authorFolder(dir.path);
  const { plugins } = exampleFiles();

  const register = await runMimolo(["register"], dir.path);
  assert.equal(register.code, 0, register.stdout + register.stderr);
  assert.doesNotMatch(register.stdout, /BROKEN/);
  for (const name of plugins) {
    const label = name.replace(/\.ts$/, "");
    assert.match(register.stdout, new RegExp(`^${label} +\\[enabled\\]`, "m"), register.stdout);
  }
  assert.match(register.stdout, /^ {4}requires: folderwatch$/m, "focus requires folderwatch");

  // Linux: loadavg reads /proc/loadavg, which Deno opens only with full access (all = true).
  const runnable = plugins.filter((n) => n !== "loadavg.ts" || Deno.build.os === "linux");
  const results = await Promise.all(
    runnable.map((name) =>
      runMimolo(["plugin", "test", `plugins/${name}`, "--polls", "2", "--json"], dir.path)
    ),
  );
  for (const [i, res] of results.entries()) {
    const lines = res.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(res.code, 0, `${runnable[i]}: ${res.stdout}${res.stderr}`);
    assert.deepEqual(lines.filter((l) => l.type === "error"), [], runnable[i]);
    assert.equal(lines.at(-1).type, "aggregate", runnable[i]);
  }
});
