import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { DENO_PIN, runtimeWarning } from "../../src/version.ts";

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

Deno.test("runtime pin: tasks, the compiled binary and a service never open a permission prompt", async () => {
  const manifest = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const running: string[] = [];
  for (const [name, task] of Object.entries<string>(manifest.tasks)) {
    // Every command of the task that runs code (not fmt, lint or check).
    for (const command of task.split("&&").map((c) => c.trim())) {
      if (!/^deno (run|test|bench|eval|serve)\b/.test(command)) continue;
      running.push(name);
      assert.match(command, / --no-prompt\b/, `task ${name}: ${command}`);
    }
  }
  assert.ok(["mimolo", "start", "test", "bench", "compile"].every((n) => running.includes(n)));
  // The compiled executable is built with these flags and a service under `deno run` runs with them.
  const { RUNTIME_FLAGS } = await import("../../scripts/compile.ts");
  assert.ok(RUNTIME_FLAGS.includes("--no-prompt"));
  const { serviceCommand } = await import("../../src/service/command.ts");
  const { NO_GRANTS } = await import("../../src/plugins/permissions.ts");
  const service = serviceCommand(
    { execPath: "/d/deno", mainScript: "/m/main.ts" },
    "/c.toml",
    NO_GRANTS,
  );
  assert.ok(service.args.includes("--no-prompt"), service.args.join(" "));
});

Deno.test("runtime pin: npm installs the npm packages, so Deno never downloads them", async () => {
  // 2.7.5 trusts only its own Mozilla roots (2.8 and later also read NODE_EXTRA_CA_CERTS):
  // behind a TLS proxy that only the OS and npm trust, it cannot fetch packages itself.
  const manifest = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  assert.equal(manifest.nodeModulesDir, "manual");
  for (const name of ["mimolo", "start", "check", "bench", "compile"]) {
    assert.match(manifest.tasks[name], /^node scripts\/npm_deps\.mjs && deno /, `task ${name}`);
  }
  // test type-checks through the check task, then runs with --no-check: like `deno run`, so that
  // the plugin workers it starts are not type-checked again and again at run time.
  assert.match(manifest.tasks.test, /^deno task check && deno test --no-check /);
  const pkg = JSON.parse(await Deno.readTextFile(`${ROOT}package.json`));
  for (const [name, spec] of Object.entries<string>(manifest.imports)) {
    const npm = /^npm:(@?[^@]+)@(.+)$/.exec(spec);
    if (!npm) continue;
    const pinned = pkg.dependencies?.[npm[1]] ?? pkg.devDependencies?.[npm[1]];
    assert.equal(
      pinned,
      npm[2],
      `deno.json's ${name} is pinned to the same version in package.json`,
    );
  }
});

Deno.test("runtime pin: a monitor on another Deno warns that hung plugins may not stop; on the pin it says nothing", () => {
  assert.equal(runtimeWarning(DENO_PIN), null);
  const other = `${DENO_PIN}-other`;
  const warning = runtimeWarning(other);
  assert.ok(warning);
  assert.ok(warning.startsWith(`running on Deno ${other}, not ${DENO_PIN}, `), warning);
  assert.match(warning, /hung plugin/);
  assert.ok(warning.includes(`npx -y deno@${DENO_PIN} `), warning);
  assert.ok(!warning.includes("\n"), "one line");
});
