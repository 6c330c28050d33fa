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

Deno.test("e2e sandbox: a plugin's control characters reach no console line, diagnostic or Markdown cell raw; JSONL keeps them", async () => {
  await using dir = await tempDir();
  const name = "x\\n[SEGMENT] 12:00:00 -> 12:00:01 forged\\r\\u001b[2J\\u0000\\u202e";
  await writeFiles(dir.path, {
    "plugins/forger.ts": pluginSource(
      `{ label: "forger", infrequent: true, pollIntervalS: 0.1 }`,
      `if (this.n++ > 0) return null;
    this.log.warn("ok\\n12:00:00 ERROR   [monitor] forged\\u001b[31m");
    return { ...this.makeEvent("${name}", { note: "a\\rb\\u009b" }), id: "id\\n\\u001b]0;title\\u0007" };`,
    ),
    "plugins/thrower.ts": pluginSource(
      `{ label: "thrower", pollIntervalS: 0.1 }`,
      `if (this.n++ === 1) setTimeout(() => { throw new Error("\\n12:00:00 ERROR   [monitor] forged"); });
    return null;`,
    ),
    "plugins/healthy.ts": healthy,
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "out"\n` +
      `[plugins.forger]\n[plugins.healthy]\n[plugins.thrower]\n`,
    "md.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "md"\nlog_format = "md"\n` +
      `[plugins.forger]\n[plugins.healthy]\n`,
  });
  const run = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  // deno-lint-ignore no-control-regex
  const controls = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/;
  for (const [stream, text] of [["stdout", run.stdout], ["stderr", run.stderr]]) {
    assert.doesNotMatch(text, controls, stream);
    for (const line of text.split("\n")) {
      assert.doesNotMatch(line, /^(12:00:00 ERROR|\[SEGMENT\] 12:00:00)/, `${stream}: ${line}`);
    }
  }
  assert.match(run.stdout, /\[STANDALONE\] .* \| forger\.x\\n\[SEGMENT\] 12:00:00 .*\\u001b\[2J/);
  assert.match(
    run.stderr,
    /\[plugin\.forger\] ok\\n12:00:00 ERROR {3}\[monitor\] forged\\u001b\[31m/,
  );
  assert.match(
    run.stderr,
    /plugin thrower: emitEvent\(\) failed: worker crashed: Uncaught Error: \\n12:00:00 ERROR/,
  );
  const records = await readJsonl(join(dir.path, "out"));
  const event = records.find((r) => r.type === "event")!;
  assert.equal(event.event, "x\n[SEGMENT] 12:00:00 -> 12:00:01 forged\r\x1b[2J\x00\u202e");
  assert.equal(event.id, "id\n\x1b]0;title\x07");
  assert.deepEqual(event.data, { note: "a\rb\x9b" });

  const md = await runMimolo(["monitor", "--once", "-c", "md.toml"], dir.path);
  assert.equal(md.code, 0, md.stderr);
  const [file] = [...Deno.readDirSync(join(dir.path, "md"))].filter((e) => e.name.endsWith(".md"));
  const text = await Deno.readTextFile(join(dir.path, "md", file.name));
  assert.doesNotMatch(text, controls);
  const rows = text.split("\n").filter((l) => l.startsWith("|") && !/^\|[-| ]+\|$/.test(l));
  assert.equal(rows.length, 4, text); // two headers, one segment, one event
  assert.ok(rows.every((l) => l.endsWith("|")), text);
});

Deno.test("e2e sandbox: --once ends without blaming a plugin for the shutdown's own termination", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/healthy.ts": healthy,
    "plugins/slow.ts": pluginSource(
      `{ label: "slow", pollIntervalS: 0.1 }`,
      `if (this.n++ === 1) return new Promise((r) => setTimeout(() => r(null), 30_000));
    return null;`,
    ),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "out"\n` +
      `[plugins.healthy]\n[plugins.slow]\ntimeout_s = 60\n`,
  });
  const run = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /terminated \(|polling stopped|failed:|did not finish/);
  assert.match(
    run.stderr,
    /\[plugin\.slow\] a call was still running at shutdown; its worker was terminated without onStop\(\)/,
  );
});
