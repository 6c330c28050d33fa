import assert from "node:assert/strict";
import { join } from "node:path";
import { runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const good = pluginSource(`{ label: "good", pollIntervalS: 1 }`, "return null;");

/** Asserts a clean failure: the expected code, one-line messages, no stack trace. */
function assertCleanFailure(res: { code: number; stderr: string }, code: number, pattern: RegExp) {
  assert.equal(res.code, code, res.stderr);
  assert.match(res.stderr, pattern);
  assert.doesNotMatch(res.stderr, /^\s+at /m, "no stack trace");
}

Deno.test("e2e exit 0: --version, --help, dry-run and register", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/good.ts": good,
    "mimolo.toml": "[plugins.good]\nkey = 1\n",
  });
  const version = await runMimolo(["--version"], dir.path);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^mimolo \d+\.\d+\.\d+/);
  for (
    const cmd of [["--help"], ["monitor", "--help"], ["register", "--help"], [
      "synthetic",
      "--help",
    ]]
  ) {
    const res = await runMimolo(cmd, dir.path);
    assert.equal(res.code, 0, cmd.join(" "));
    assert.match(res.stdout, /Usage: mimolo/);
  }
  const dry = await runMimolo(
    ["monitor", "--dry-run", "--cooldown", "3", "--log-format", "md"],
    dir.path,
  );
  assert.equal(dry.code, 0, dry.stderr);
  const effective = JSON.parse(dry.stdout);
  assert.equal(effective.monitor.cooldownSeconds, 3);
  assert.equal(effective.monitor.logFormat, "md");
  assert.deepEqual(effective.plugins.map((p: { label: string }) => p.label), ["good"]);
  assert.deepEqual(effective.plugins[0].config, { key: 1 });
  assert.ok(!(await exists(join(dir.path, "logs"))), "dry run writes nothing");
  const reg = await runMimolo(["register", "--json"], dir.path);
  assert.equal(reg.code, 0, reg.stderr);
  const listed = JSON.parse(reg.stdout);
  const status = Object.fromEntries(
    listed.plugins.map((p: { label: string; status: string }) => [p.label, p.status]),
  );
  assert.deepEqual(status, {
    example: "no config section",
    folderwatch: "no config section",
    good: "enabled",
  });
});

Deno.test("e2e exit 1: an environment failure is reported in one line", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/good.ts": good,
    "not-a-dir": "x",
    "mimolo.toml": `[monitor]\nlog_dir = "not-a-dir/logs"\n[plugins.good]\n`,
  });
  assertCleanFailure(
    await runMimolo(["monitor"], dir.path),
    1,
    /mimolo: cannot create log directory .*not-a-dir/,
  );
});

Deno.test("e2e exit 2: configuration and usage errors", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/good.ts": good,
    "bad-type.toml": `[monitor]\ncooldown_seconds = "soon"\n[plugins.good]\n`,
    "bad-syntax.toml": `[monitor]\ncooldown_seconds = \n`,
    "typo.toml": `[plugins.goood]\n`,
    "none.toml": `[monitor]\ncooldown_seconds = 5\n`,
  });
  const cases: [string[], RegExp][] = [
    [
      ["monitor", "-c", "bad-type.toml"],
      /bad-type\.toml: \[monitor\]\.cooldown_seconds: expected a finite number/,
    ],
    [
      ["monitor", "--dry-run", "-c", "bad-syntax.toml"],
      /bad-syntax\.toml:2:\d+: TOML syntax error/,
    ],
    [
      ["monitor", "-c", "typo.toml"],
      /\[plugins\.goood\]: no plugin with label "goood" was found \(discovered: example, folderwatch, good\)/,
    ],
    [["monitor", "-c", "none.toml"], /no plugin is enabled/],
    [["monitor", "-c", "missing.toml"], /missing\.toml: cannot read config: file not found/],
    [["monitor", "-c", "none.toml", "--cooldown=-1"], /--cooldown: expected a number > 0/],
    [["monitor", "-c", "none.toml", "--cooldown", "-1"], /--cooldown: expected a number > 0/],
    [
      ["monitor", "-c", "none.toml", "--log-format", "xml"],
      /--log-format: expected one of jsonl, yaml, md/,
    ],
    [["monitor", "--bogus"], /mimolo monitor: .*bogus.* \(see mimolo monitor --help\)/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["test", "--count", "many"], /--count/],
  ];
  for (const [args, pattern] of cases) {
    assertCleanFailure(await runMimolo(args, dir.path), 2, pattern);
  }
});

Deno.test("e2e exit 2: usage errors in MiMoLo's words, one line, pointing at the command's help", async () => {
  await using dir = await tempDir();
  const cases: [string[], string, RegExp][] = [
    [["monitor", "--onse"], "monitor", /unknown option --onse \(did you mean --once\?\)/],
    [["monitor", "--config"], "monitor", /--config needs a value \(FILE\)/],
    [["monitor", "--allow-ffi"], "monitor", /--allow-ffi is refused: .*full access/],
    [["monitor", "--allow-import"], "monitor", /--allow-import is refused/],
    [["register", "--allow-ffi"], "register", /--allow-ffi is refused/],
    [["register", "stray"], "register", /unexpected argument "stray"/],
    [["synthetic", "--count"], "synthetic", /--count needs a value \(N\)/],
    [["plugin", "test"], "plugin test", /FILE\|LABEL is missing/],
    [["plugin", "test", "x.ts", "--polls", "0"], "plugin test", /--polls: expected a number > 0/],
    [
      ["plugin", "test", "x.ts", "--polls", "2.5"],
      "plugin test",
      /--polls: expected a whole number/,
    ],
    [["plugin", "test", "x.ts", "--allow-ffi"], "plugin test", /--allow-ffi is refused/],
    [["init", "--bogus"], "init", /unknown option --bogus/],
    [["plugin", "new", "x", "--bogus"], "plugin new", /unknown option --bogus/],
    [["plugin", "config"], "plugin config", /LABEL is missing/],
    [["plugin", "frob"], "plugin", /unknown subcommand "frob"/],
    [["service", "install", "--allow-import"], "service install", /--allow-import is refused/],
    [["service", "status", "--bogus"], "service status", /unknown option --bogus/],
  ];
  for (const [args, command, pattern] of cases) {
    const res = await runMimolo(args, dir.path);
    assertCleanFailure(res, 2, pattern);
    const lines = res.stderr.trim().split("\n");
    assert.equal(lines.length, 1, res.stderr);
    assert.ok(lines[0].startsWith(`mimolo ${command}: `), lines[0]);
    assert.ok(lines[0].endsWith(`(see mimolo ${command} --help)`), lines[0]);
  }
});

Deno.test("e2e exit 3: broken plugin files are named with the reason", async () => {
  const cases: [string, string, RegExp][] = [
    ["syntax.ts", "export default class {", /syntax\.ts: syntax error/],
    ["nodefault.ts", "export const x = 1;", /nodefault\.ts: no default export/],
    [
      "notmonitor.ts",
      "export default class X {}",
      /notmonitor\.ts: the default export is not a monitor class/,
    ],
    [
      "badspec.ts",
      pluginSource(`{ label: "x", pollIntervalS: -1 }`, "return null;"),
      /badspec\.ts: plugin x: spec\.pollIntervalS/,
    ],
  ];
  for (const [name, source, pattern] of cases) {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/good.ts": good,
      [`plugins/${name}`]: source,
      "mimolo.toml": "[plugins.good]\n",
    });
    assertCleanFailure(await runMimolo(["monitor", "--once"], dir.path), 3, pattern);
    const reg = await runMimolo(["register"], dir.path);
    assert.equal(reg.code, 3);
    assert.match(reg.stdout, /^good +\[enabled\]/m, "good plugins are still listed");
    assert.match(reg.stdout, pattern);
  }
});

Deno.test("e2e exit 3: two plugins with one label are named together", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/a.ts": good,
    "plugins/b.ts": good,
    "mimolo.toml": "[plugins.good]\n",
  });
  assertCleanFailure(
    await runMimolo(["monitor"], dir.path),
    3,
    /b\.ts: plugin label "good" is already used by .*a\.ts/,
  );
});

Deno.test("e2e: mimolo synthetic prints synthetic event records; the old name still works, saying so", async () => {
  await using dir = await tempDir();
  const old = await runMimolo(["test", "--count", "2", "--rate", "1000"], dir.path);
  assert.equal(old.code, 0, old.stderr);
  assert.equal(old.stdout.trim().split("\n").length, 2);
  assert.match(old.stderr, /"mimolo test" is now "mimolo synthetic".*mimolo plugin test FILE/);
  const res = await runMimolo(["synthetic", "--count", "3", "--rate", "1000"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  const lines = res.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((l) => l.data.seq), [0, 1, 2]);
  for (const l of lines) assert.equal(l.type, "event");
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
