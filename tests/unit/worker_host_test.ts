import assert from "node:assert/strict";
import { join } from "node:path";
import type { SegmentRecord } from "@mimolo/sdk";
import { NO_GRANTS } from "../../src/plugins/permissions.ts";
import { firstPoll, hostFor, registerFrom } from "../helpers/plugins.ts";
import { WorkerHost } from "../../src/plugins/worker_host.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const reader = (path: string) =>
  pluginSource(
    `{ label: "reader" }`,
    `return Deno.readTextFile(${
      JSON.stringify(path)
    }).then((t) => this.makeEvent("read", { text: t }));`,
  );

Deno.test("workers: plugins get no permissions by default; the error names the grant to add", async () => {
  await using dir = await tempDir();
  const secret = join(dir.path, "secret.txt");
  await writeFiles(dir.path, { "reader.ts": reader(secret), "secret.txt": "s3cret" });
  await using host = await hostFor(dir.path, "[plugins.reader]\n");
  await assert.rejects(firstPoll(host, "reader"), (err: Error) => {
    assert.match(err.message, /emitEvent\(\) was denied: Requires read access to ".*secret\.txt"/);
    assert.match(err.message, /"mimolo monitor --allow-read=.*secret\.txt"/);
    assert.match(err.message, /\[plugins\.reader\.permissions\] read = \[".*secret\.txt"\]/);
    return true;
  });
});

Deno.test("workers: a CLI grant or a config grant lets the plugin read", async () => {
  await using dir = await tempDir();
  const secret = join(dir.path, "secret.txt");
  await writeFiles(dir.path, { "reader.ts": reader(secret), "secret.txt": "s3cret" });
  {
    await using host = await hostFor(dir.path, "[plugins.reader]\n", {
      ...NO_GRANTS,
      read: [secret],
    });
    assert.deepEqual((await firstPoll(host, "reader") as { data: unknown }).data, {
      text: "s3cret",
    });
  }
  {
    const config = `[plugins.reader]\npermissions = { read = ["./secret.txt"] }\n`;
    await using host = await hostFor(dir.path, config);
    assert.deepEqual((await firstPoll(host, "reader") as { data: unknown }).data, {
      text: "s3cret",
    });
  }
});

/** Source that runs `body` while `flag` exists (a file the test removes), else emits "ok". */
const whileFlag = (label: string, flag: string, body: string) =>
  pluginSource(
    `{ label: "${label}" }`,
    `if (exists(${JSON.stringify(flag)})) { ${body} } return this.makeEvent("ok");`,
    "",
  ) +
  "function exists(p: string): boolean { try { Deno.statSync(p); return true; } catch { return false; } }\n";

Deno.test("workers: a hanging emitEvent is terminated at timeout_s and the plugin restarts", async () => {
  await using dir = await tempDir();
  const flag = join(dir.path, "flag");
  await writeFiles(dir.path, { "hang.ts": whileFlag("hang", flag, "while (true) {}"), flag: "" });
  const config = `[plugins.hang]\ntimeout_s = 0.5\npermissions = { read = ["./flag"] }\n`;
  await using host = await hostFor(dir.path, config);
  await assert.rejects(
    firstPoll(host, "hang"),
    /emitEvent\(\) did not finish within 0\.5s \(timeout_s\); worker terminated/,
  );
  await Deno.remove(flag);
  assert.equal((await firstPoll(host, "hang") as { event: string }).event, "ok", "a fresh worker");
});

Deno.test("workers: a throwing constructor and a crashed worker are errors, not crashes", async () => {
  await using dir = await tempDir();
  const flag = join(dir.path, "flag");
  await writeFiles(dir.path, {
    "ctor.ts": pluginSource(
      `{ label: "ctor" }`,
      "return null;",
      `constructor() { super(); throw new Error("bad config"); }`,
    ),
    "crash.ts": whileFlag(
      "crash",
      flag,
      `setTimeout(() => { throw new Error("async boom"); }, 0); return new Promise(() => {});`,
    ),
    flag: "",
  });
  const config = `[plugins.ctor]\n[plugins.crash]\npermissions = { read = ["./flag"] }\n`;
  await using host = await hostFor(dir.path, config);
  await assert.rejects(
    firstPoll(host, "ctor"),
    /start \(constructor or onStart\(\)\) threw Error: bad config/,
  );
  await assert.rejects(firstPoll(host, "crash"), /worker crashed: .*async boom/);
  await Deno.remove(flag);
  assert.equal((await firstPoll(host, "crash") as { event: string }).event, "ok");
});

Deno.test("workers: filterMethod runs in the plugin's worker, or a spare one while it is busy", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "f.ts": pluginSource(
      `{ label: "f", dataHeader: "items" }`,
      `return new Promise((r) => setTimeout(() => r(null), 1000));`,
      `static override filterMethod(items: number[][]): number { return items.flat().reduce((a, b) => a + b, 0); }`,
    ),
  });
  await using host = await hostFor(dir.path, "[plugins.f]\n");
  assert.equal(await host.filter("f", [[1, 2], [3]]), 6, "no worker yet: a spare one");
  const poll = firstPoll(host, "f");
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await host.filter("f", [[4]]), 4, "busy worker: a spare one");
  assert.equal(await poll, null);
  assert.equal(await host.filter("f", [[5]]), 5, "idle worker: its own");
});

Deno.test("workers: lifecycle hooks onStart, onSegmentClose and onStop are called", async () => {
  await using dir = await tempDir();
  const out = join(dir.path, "stopped.txt");
  await writeFiles(dir.path, {
    "life.ts": pluginSource(
      `{ label: "life" }`,
      `return this.makeEvent("state", { started: this.started, closed: this.closed });`,
      `started = false; closed: string[] = [];
       override onStart(): void { this.started = true; }
       override onSegmentClose(s: { end: string }): void { this.closed.push(s.end); }
       override async onStop(): Promise<void> { await Deno.writeTextFile(${
        JSON.stringify(out)
      }, "bye"); }`,
    ),
  });
  const host = await hostFor(
    dir.path,
    `[plugins.life]\npermissions = { write = ["./stopped.txt"] }\n`,
  );
  assert.deepEqual((await firstPoll(host, "life") as { data: unknown }).data, {
    started: true,
    closed: [],
  });
  await host.segmentClosed({ end: "2025-01-01T00:00:00.000Z" } as SegmentRecord);
  assert.deepEqual((await firstPoll(host, "life") as { data: unknown }).data, {
    started: true,
    closed: ["2025-01-01T00:00:00.000Z"],
  });
  await host.stop(2000);
  assert.equal(await Deno.readTextFile(out), "bye");
});

Deno.test("workers: check() constructs without onStart for a dry run", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "bad.ts": pluginSource(
      `{ label: "bad" }`,
      "return null;",
      `constructor(c: Record<string, unknown>) { super(c); if (!c.key) throw new Error("key is required"); }`,
    ),
  });
  await using host = await hostFor(dir.path, "[plugins.bad]\n");
  await assert.rejects(host.check("bad"), /constructor threw Error: key is required/);
  await using ok = await hostFor(dir.path, `[plugins.bad]\nkey = "v"\n`);
  await ok.check("bad");
});

Deno.test("workers: a failing or hanging lifecycle hook is logged for its plugin, never thrown", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "hooks.ts": pluginSource(
      `{ label: "hooks" }`,
      "return null;",
      `override onSegmentClose(): void { throw new Error("cannot save summary"); }
       override onStop(): void { while (true) {} }`,
    ),
  });
  const lines: string[] = [];
  const log = { debug() {}, info() {}, warn: (m: string) => lines.push(m), error() {} };
  const config = "[plugins.hooks]\ntimeout_s = 0.5\n";
  const host = new WorkerHost(await registerFrom(dir.path, config), {
    configDir: dir.path,
    logDir: dir.path,
  }, () => log);
  await firstPoll(host, "hooks");
  await host.segmentClosed({ end: "x" } as SegmentRecord);
  await host.stop(300);
  assert.deepEqual(lines, [
    "onSegmentClose() threw Error: cannot save summary",
    "onStop() did not finish within 0.3s (shutdown deadline); worker terminated",
  ]);
});

Deno.test("workers: retire() stops one plugin with onStop(); define() makes its next start use the new config", async () => {
  await using dir = await tempDir();
  const out = join(dir.path, "stopped.txt");
  await writeFiles(dir.path, {
    "life.ts": pluginSource(
      `{ label: "life" }`,
      `return this.makeEvent("state", { word: this.config.word });`,
      `override async onStop(): Promise<void> { await Deno.writeTextFile(${
        JSON.stringify(out)
      }, String(this.config.word)); }`,
    ),
    "other.ts": pluginSource(`{ label: "other" }`, `return null;`),
  });
  const grant = `permissions = { write = ["./stopped.txt"] }`;
  await using host = await hostFor(
    dir.path,
    `[plugins.life]\nword = "one"\n${grant}\n[plugins.other]\n`,
  );
  assert.deepEqual((await firstPoll(host, "life") as { data: unknown }).data, { word: "one" });
  await firstPoll(host, "other");
  await host.retire("life", 2000);
  assert.equal(await Deno.readTextFile(out), "one", "onStop ran");
  assert.equal(host.alive("life"), false);
  assert.equal(host.alive("other"), true, "the other plugin runs on");
  host.define(await registerFrom(dir.path, `[plugins.life]\nword = "two"\n${grant}\n`));
  assert.deepEqual((await firstPoll(host, "life") as { data: unknown }).data, { word: "two" });
  await host.retire("other", 2000);
  assert.deepEqual(
    await host.filter("other", [1, 2]),
    [1, 2],
    "a retired plugin's filter still runs",
  );
});

Deno.test("workers: a plugin retired while its worker is still starting never runs that worker", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "slow.ts": pluginSource(
      `{ label: "slow" }`,
      `return this.makeEvent("state", { word: this.config.word });`,
      `override async onStart(): Promise<void> { await new Promise((r) => setTimeout(r, 300)); }`,
    ),
  });
  await using host = await hostFor(dir.path, `[plugins.slow]\nword = "old"\n`);
  const changed = await registerFrom(dir.path, `[plugins.slow]\nword = "new"\n`);
  const starting = firstPoll(host, "slow");
  await host.retire("slow", 2000);
  host.define(changed);
  await assert.rejects(starting, /stopped by a reload/);
  assert.equal(host.alive("slow"), false);
  assert.deepEqual((await firstPoll(host, "slow") as { data: unknown }).data, { word: "new" });
});
