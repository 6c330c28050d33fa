import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { DENO_PIN } from "../../src/version.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every file that names a Deno version to run. */
async function filesNamingDeno(): Promise<string[]> {
  const files = ["README.md", ".ci/run"];
  for (const dir of ["docs", ".github/workflows", "bench", "scripts"]) {
    for await (const entry of Deno.readDir(`${ROOT}${dir}`)) {
      if (entry.isFile) files.push(`${dir}/${entry.name}`);
    }
  }
  return files;
}

Deno.test("runtime pin: every command in the repository runs the pinned Deno", async () => {
  const seen: string[] = [];
  for (const file of await filesNamingDeno()) {
    const text = await Deno.readTextFile(`${ROOT}${file}`);
    for (const match of text.matchAll(/deno@(\d+\.\d+\.\d+)/g)) {
      seen.push(file);
      assert.equal(match[1], DENO_PIN, `${file} runs deno@${match[1]}`);
    }
  }
  for (const file of ["README.md", ".ci/run", ".github/workflows/ci.yml"]) {
    assert.ok(seen.includes(file), `${file} names the pinned Deno`);
  }
});

Deno.test("runtime pin: the tests run on the pinned Deno", () => {
  assert.equal(Deno.version.deno, DENO_PIN);
});

Deno.test("runtime pin: tasks and the compiled binary never open a permission prompt", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  for (const [name, task] of Object.entries<string>(manifest.tasks)) {
    if (/^deno (run|test|bench)\b/.test(task) && /--allow-all|-A\b/.test(task)) {
      assert.match(task, /--no-prompt/, `task ${name}`);
    }
  }
  const { RUNTIME_FLAGS } = await import("../../scripts/compile.ts");
  assert.ok(RUNTIME_FLAGS.includes("--no-prompt"));
});
