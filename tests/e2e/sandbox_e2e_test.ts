import assert from "node:assert/strict";
import { join } from "node:path";
import { readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** Emits on its first two polls, every 0.1 s. */
const healthy = pluginSource(
  `{ label: "healthy", dataHeader: "n", pollIntervalS: 0.1 }`,
  `return this.n++ < 2 ? this.makeEvent("tick", { n: this.n }) : null;`,
);

Deno.test("e2e sandbox: a forged worker message is that plugin's failure; monitor and register carry on", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/healthy.ts": healthy,
    "plugins/forger.ts": pluginSource(
      `{ label: "forger", pollIntervalS: 0.1 }`,
      `if (this.n++ === 1) self.postMessage(null); return null;`,
    ),
    "top/toplevel.ts": `self.postMessage(42);\n${
      pluginSource(`{ label: "toplevel" }`, "return null;")
    }`,
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "out"\n` +
      `[plugins.healthy]\n[plugins.forger]\n`,
    "top.toml": `[monitor]\nplugin_dirs = ["top"]\n`,
  });
  const run = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /plugin forger: emitEvent\(\) failed: its worker sent a malformed message: null \(failure 1;/,
  );
  assert.doesNotMatch(run.stderr, /Uncaught|TypeError/);
  const [segment] = await readJsonl(join(dir.path, "out"));
  assert.deepEqual(segment.labels, ["healthy"]);

  const register = await runMimolo(["register", "-c", "top.toml"], dir.path);
  assert.equal(register.code, 3, register.stderr);
  assert.match(
    register.stdout,
    /BROKEN {2}.*toplevel\.ts: did not load: its worker sent a malformed message: 42\n/,
  );
  assert.match(register.stdout, /^example {2}\[no config section\]/m, "the other files are listed");
  assert.equal(register.stderr, "");
});

Deno.test(
  "e2e sandbox: register refuses imports from outside the folder and FIFOs, and one file cannot rewrite another's spec",
  {
    // FIFOs are POSIX.
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "secret.ts": 'export const token = "hunter2";\n',
      "plugins/thief.ts": `import { token } from "../secret.ts";\n${
        pluginSource(`{ label: "thief" }`, "return this.makeEvent(token);")
      }`,
      "plugins/piped.ts": `import "./_pipe.ts";\n${
        pluginSource(`{ label: "piped" }`, "return null;")
      }`,
      "plugins/a_tamper.ts": `const post = self.postMessage.bind(self);
self.postMessage = (m: any) => {
  if (m?.value?.spec) Object.assign(m.value.spec, { dataHeader: "sabotaged", pollIntervalS: 86400 });
  post(m);
};
${pluginSource(`{ label: "a_tamper" }`, "return null;")}`,
      "plugins/victim.ts": pluginSource(
        `{ label: "victim", dataHeader: "v", pollIntervalS: 2 }`,
        "return null;",
      ),
    });
    await new Deno.Command("mkfifo", { args: [join(dir.path, "plugins", "_pipe.ts")] }).output();
    const res = await runMimolo(["register"], dir.path, 20_000);
    assert.equal(res.code, 3, res.stderr);
    assert.match(
      res.stdout,
      /BROKEN {2}.*thief\.ts: cannot import "\.\.\/secret\.ts": .*secret\.ts is outside the plugin folder/,
    );
    assert.match(
      res.stdout,
      /BROKEN {2}.*piped\.ts: cannot import "\.\/_pipe\.ts": .*_pipe\.ts is not a regular file/,
    );
    assert.doesNotMatch(res.stdout + res.stderr, /hunter2/);
    assert.match(res.stdout, /^victim .*\n {4}dataHeader=v .* pollIntervalS=2\n/m);
    assert.match(res.stdout, /^example .*\n {4}dataHeader=examples /m);
  },
);
