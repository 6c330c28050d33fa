import assert from "node:assert/strict";
import { join } from "node:path";
import { runDeno as deno, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const good = pluginSource(
  `{ label: "counter", dataHeader: "items", pollIntervalS: 60 }`,
  `return this.makeEvent("counted", { items: [new Date().toISOString().slice(11, 16)] });`,
  `static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }`,
);

const goodTest = `import assert from "node:assert/strict";
import { PluginRuleError, testPlugin } from "@mimolo/sdk/testing";
import Counter from "./counter.ts";

Deno.test("counter: one event per poll, times from the fake clock", async () => {
  await using run = await testPlugin(Counter, { time: "2025-01-06T09:00:00Z" });
  await run.polls(3);
  assert.deepEqual(await run.aggregate(), ["09:00", "09:01", "09:02"]);
  assert.ok(PluginRuleError);
});
`;

Deno.test("e2e sdk export: deno check and deno test in the folder resolve the SDK; a type error is named", async () => {
  await using dir = await tempDir("mimolo-author-");
  await writeFiles(dir.path, { "plugins/counter.ts": good, "plugins/counter_test.ts": goodTest });
  const plugins = join(dir.path, "plugins");
  const before = await deno(["check", "counter.ts"], plugins);
  assert.notEqual(before.code, 0, "without the export, @mimolo/sdk does not resolve");
  assert.match(before.out, /@mimolo\/sdk/);

  const exported = await runMimolo(["sdk", "export", "plugins"], dir.path);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(
    exported.stdout,
    /^wrote the SDK of mimolo \d+\.\d+\.\d+ to .*plugins\/\.mimolo\/sdk \(\d+ files\)$/m,
  );
  const stamp = JSON.parse(await Deno.readTextFile(join(plugins, ".mimolo/sdk/mimolo_sdk.json")));
  assert.match(stamp.mimolo, /^\d+\.\d+\.\d+$/);
  assert.ok(stamp.files.includes("sdk/mod.ts") && stamp.files.includes("testing/mod.ts"));

  const checked = await deno(["check"], plugins);
  assert.equal(checked.code, 0, checked.out);
  const tested = await deno(["test"], plugins);
  assert.equal(tested.code, 0, tested.out);
  assert.match(tested.out, /counter: one event per poll, times from the fake clock \.\.\. ok/);

  await writeFiles(plugins, {
    "typo.ts": pluginSource(`{ label: "typo", pollIntervalS: "often" }`, "return null;"),
  });
  const failed = await deno(["check"], plugins);
  assert.notEqual(failed.code, 0);
  assert.match(failed.out, /TS2322 \[ERROR\]: Type 'string' is not assignable to type 'number'/);
  assert.match(failed.out, /at file:\/\/\/.*plugins\/typo\.ts:\d+:\d+/);
  assert.doesNotMatch(failed.out, /counter\.ts:\d+/, "only the broken file is named");
});

Deno.test("e2e sdk export: merged into an existing deno.json; one with comments is left alone", async () => {
  await using dir = await tempDir("mimolo-author-");
  const mine = { tasks: { hello: "echo hi" }, imports: { other: "./other.ts" }, exclude: ["old/"] };
  await writeFiles(dir.path, {
    "a/deno.json": JSON.stringify(mine),
    "b/deno.json": '{\n  // my notes\n  "tasks": {}\n}\n',
  });
  const a = await runMimolo(["sdk", "export", "a"], dir.path);
  assert.equal(a.code, 0, a.stderr);
  const merged = JSON.parse(await Deno.readTextFile(join(dir.path, "a/deno.json")));
  assert.deepEqual(merged, {
    tasks: { hello: "echo hi" },
    imports: {
      other: "./other.ts",
      "@mimolo/sdk": "./.mimolo/sdk/sdk/mod.ts",
      "@mimolo/sdk/testing": "./.mimolo/sdk/testing/mod.ts",
    },
    exclude: ["old/", ".mimolo/"],
  });
  const again = await runMimolo(["sdk", "export", "a"], dir.path);
  assert.match(again.stdout, /already maps "@mimolo\/sdk"/);

  const b = await runMimolo(["sdk", "export", "b"], dir.path);
  assert.equal(b.code, 2);
  assert.match(
    b.stderr,
    /^mimolo: .*b\/deno\.json is not plain JSON \(comments\?\), so it is not rewritten; add these entries yourself: "imports": \{"@mimolo\/sdk":/,
  );
  assert.equal(
    await Deno.readTextFile(join(dir.path, "b/deno.json")),
    '{\n  // my notes\n  "tasks": {}\n}\n',
  );
});

Deno.test("e2e sdk export: monitor and register warn about a plugin folder's older SDK", async () => {
  await using dir = await tempDir("mimolo-author-");
  await writeFiles(dir.path, {
    "plugins/counter.ts": good,
    "mimolo.toml": `[monitor]\ncooldown_seconds = 1\n[plugins.counter]\n`,
  });
  assert.equal((await runMimolo(["sdk", "export", "plugins"], dir.path)).code, 0);
  const register = await runMimolo(["register"], dir.path);
  assert.doesNotMatch(register.stdout, /OLD SDK/, "a current export is not stale");
  const stampFile = join(dir.path, "plugins/.mimolo/sdk/mimolo_sdk.json");
  const stamp = JSON.parse(await Deno.readTextFile(stampFile));
  await Deno.writeTextFile(stampFile, JSON.stringify({ ...stamp, mimolo: "0.0.1" }));
  const stale = await runMimolo(["register"], dir.path);
  assert.match(
    stale.stdout,
    /^OLD SDK plugin folder .*plugins has the SDK of mimolo 0\.0\.1, older than this mimolo \d+\.\d+\.\d+: update it with "mimolo sdk export .*plugins"$/m,
  );
  const dry = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stderr,
    /WARNING +\[monitor\] plugin folder .*plugins has the SDK of mimolo 0\.0\.1/,
  );
});

Deno.test("e2e plugin new: writes NAME.ts, NAME_test.ts and the SDK; deno test passes as generated", async () => {
  await using dir = await tempDir("mimolo-author-");
  const made = await runMimolo(["plugin", "new", "desk"], dir.path);
  assert.equal(made.code, 0, made.stderr);
  const plugins = join(dir.path, "plugins");
  assert.match(made.stdout, /^wrote .*plugins\/desk_test\.ts$/m);
  assert.match(
    made.stdout,
    /^wrote the SDK to .*plugins\/\.mimolo\/sdk and .*plugins\/deno\.json/m,
  );
  const tested = await deno(["test"], plugins);
  assert.equal(tested.code, 0, tested.out);
  assert.match(tested.out, /3 passed \| 0 failed/);
  assert.equal((await deno(["check"], plugins)).code, 0);
  const tried = await runMimolo(["plugin", "test", "plugins/desk.ts", "--polls", "1"], dir.path);
  assert.equal(tried.code, 0, tried.stdout + tried.stderr);

  for (
    const [label, by] of [["example", "a plugin built into mimolo"], [
      "desk",
      ".*plugins/desk\\.ts",
    ]]
  ) {
    const taken = await runMimolo(["plugin", "new", label], dir.path);
    assert.equal(taken.code, 2);
    assert.match(
      taken.stderr,
      new RegExp(
        `^mimolo plugin new: the label "${label}" is already used by ${by}; pick another NAME ` +
          `\\(see mimolo plugin new --help\\)\n$`,
      ),
    );
  }
  assert.deepEqual(
    [...Deno.readDirSync(plugins)].map((e) => e.name).filter((n) => n.startsWith("example")),
    [],
    "nothing is written for a refused label",
  );
});
