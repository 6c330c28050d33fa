import assert from "node:assert/strict";
import { runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const good = pluginSource(
  `{ label: "counter", dataHeader: "items", pollIntervalS: 5 }`,
  `this.n++;
    return this.n === 2 ? null : this.makeEvent("counted", { items: ["item_" + this.n] });`,
  `static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort().reverse();
  }
  override onSegmentClose(): void {
    this.log.info("segment closed");
  }
  override onStop(): void {
    this.log.info("stopped");
  }`,
);

/** Asserts no stack trace reached the user. */
function noStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at /m, "no stack trace");
}

Deno.test("e2e plugin test: a good plugin, as text and as JSON lines; nothing is written", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "counter.ts": good });
  const text = await runMimolo(["plugin", "test", "counter.ts", "--interval", "0.1"], dir.path);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trim().split("\n");
  assert.match(
    lines[0],
    /^plugin counter \(.*counter\.ts\): 3 poll\(s\) every 0\.1s; timeout_s 10; grants: none; no logs are written$/,
  );
  assert.match(lines[1], /^start: constructor and onStart\(\) \([\d.]+ ms\)$/);
  assert.match(lines[2], /^poll 1: event "counted" \{"items":\["item_1"\]\} \([\d.]+ ms/);
  assert.match(lines[3], /^poll 2: nothing \([\d.]+ ms/);
  assert.match(lines[4], /^poll 3: event "counted" \{"items":\["item_3"\]\} \([\d.]+ ms/);
  assert.equal(lines[5], "stop: onStop() done");
  assert.equal(
    lines[6],
    'aggregate: {"items":["item_3","item_1"]} (onSegmentClose called with a segment of 2 event(s))',
  );
  assert.equal(lines.at(-1), "ok: every call worked");
  assert.match(text.stderr, /\[plugin\.counter\] segment closed/);
  assert.match(text.stderr, /\[plugin\.counter\] stopped/);
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((e) => e.name), ["counter.ts"]);

  const json = await runMimolo(
    ["plugin", "test", "counter.ts", "--json", "--polls", "4", "--interval", "0.1"],
    dir.path,
  );
  assert.equal(json.code, 0, json.stderr);
  const records = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(records.map((r) => r.type), [
    "start",
    "event",
    "none",
    "event",
    "event",
    "stop",
    "aggregate",
  ]);
  const [, first, none] = records;
  assert.deepEqual(
    { ...first, ms: 0, timestamp: 0 },
    {
      type: "event",
      poll: 1,
      ms: 0,
      timestamp: 0,
      label: "counter",
      event: "counted",
      data: { items: ["item_1"] },
    },
  );
  assert.ok(!Number.isNaN(Date.parse(first.timestamp)));
  assert.deepEqual({ ...none, ms: 0 }, { type: "none", poll: 2, ms: 0 });
  assert.deepEqual(records.at(-1), {
    type: "aggregate",
    aggregated: { items: ["item_4", "item_3", "item_1"] },
  });
});

Deno.test("e2e plugin test: a throwing poll and a failing filterMethod are errors naming the plugin, exit 1", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "throwing.ts": pluginSource(
      `{ label: "throwing", dataHeader: "n", pollIntervalS: 0.1 }`,
      `if (++this.n === 2) throw new Error("sensor unplugged");
    return this.makeEvent("tick", { n: this.n });`,
      `static override filterMethod(): unknown {
    throw new Error("cannot add up");
  }`,
    ),
  });
  const res = await runMimolo(["plugin", "test", "./throwing.ts", "--json"], dir.path);
  assert.equal(res.code, 1, res.stderr);
  noStack(res.stdout + res.stderr);
  const records = res.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const errors = records.filter((r) => r.type === "error");
  assert.deepEqual(errors.map((e) => [e.poll ?? e.stage, e.message]), [
    [2, "plugin throwing: emitEvent() threw Error: sensor unplugged"],
    ["filterMethod", "plugin throwing: filterMethod() threw Error: cannot add up"],
  ]);
  assert.deepEqual(
    records.at(-1),
    { type: "aggregate", aggregated: { n: [1, 3] } },
    "raw values kept",
  );
});

Deno.test("e2e plugin test: a hanging poll ends at its timeout_s, and the rest is skipped", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "hanging.ts": pluginSource(
      `{ label: "hanging", pollIntervalS: 0.1 }`,
      "while (true) { /* stuck */ }",
    ),
    "mimolo.toml": "[plugins.hanging]\ntimeout_s = 1\n",
  });
  const started = performance.now();
  const res = await runMimolo(["plugin", "test", "hanging.ts", "--polls", "5"], dir.path);
  assert.equal(res.code, 1, res.stderr);
  assert.ok(performance.now() - started < 30_000, "it did not wait for every poll");
  assert.match(
    res.stdout,
    /^poll 1: error: plugin hanging: emitEvent\(\) did not finish within 1s \(timeout_s\); worker terminated \(\d+ ms; slow: keep emitEvent\(\) under 100 ms\)$/m,
  );
  assert.match(res.stdout, /^4 poll\(s\) skipped: its worker was terminated$/m);
  assert.match(res.stdout, /^FAILED: see the errors above \(exit 1\)$/m);
  noStack(res.stdout + res.stderr);
});

Deno.test("e2e plugin test: a plugin needing a grant is denied, then granted by a flag", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "reader.ts": pluginSource(
      `{ label: "reader", dataHeader: "size", pollIntervalS: 0.1 }`,
      `return this.makeEvent("size", { size: Deno.statSync(this.context.configDir + "/data.txt").size });`,
    ),
    "data.txt": "12345",
  });
  const denied = await runMimolo(["plugin", "test", "reader.ts", "--polls", "1"], dir.path);
  assert.equal(denied.code, 1);
  assert.match(
    denied.stdout,
    /^poll 1: error: plugin reader: emitEvent\(\) was denied: Requires read access to ".*data\.txt".*\[plugins\.reader\.permissions\] read = \[".*data\.txt"\]/m,
  );
  const granted = await runMimolo(
    ["plugin", "test", "reader.ts", "--polls", "1", `--allow-read=${dir.path}`],
    dir.path,
  );
  assert.equal(granted.code, 0, granted.stdout + granted.stderr);
  assert.match(granted.stdout, /grants: read=/);
  assert.match(granted.stdout, /^aggregate: \{"size":\[5\]\}/m);
});

Deno.test({
  name: "e2e plugin test: /proc/loadavg with all = true in its section",
  ignore: Deno.build.os !== "linux", // /proc/loadavg is Linux's
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "loadavg.ts": pluginSource(
        `{ label: "loadavg", dataHeader: "load", pollIntervalS: 0.1 }`,
        `return this.makeEvent("sample", { load: Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]) });`,
      ),
      "mimolo.toml": "[plugins.loadavg.permissions]\nall = true\n",
    });
    const res = await runMimolo(
      ["plugin", "test", "loadavg.ts", "--polls", "2", "--json"],
      dir.path,
    );
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const last = JSON.parse(res.stdout.trim().split("\n").at(-1)!);
    assert.equal(last.aggregated.load.length, 2);
  },
});

Deno.test("e2e plugin test: a plugin that does not load exits 3; an unknown label exits 2", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "broken.ts": "export default class {" });
  const cases: [string, number, RegExp][] = [
    ["broken.ts", 3, /^mimolo: .*broken\.ts: syntax error/],
    ["missing.ts", 3, /^mimolo: .*missing\.ts: file not found$/],
    [
      "nolabel",
      2,
      /^mimolo plugin test: no plugin with label "nolabel" was found \(discovered: example, folderwatch\)$/,
    ],
  ];
  for (const [target, code, pattern] of cases) {
    const res = await runMimolo(["plugin", "test", target], dir.path);
    assert.equal(res.code, code, res.stderr);
    assert.match(res.stderr.trim(), pattern);
    noStack(res.stderr);
  }
});
