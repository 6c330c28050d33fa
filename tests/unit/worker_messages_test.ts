import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverPlugins } from "../../src/plugins/discover.ts";
import { MAX_TEXT_CHARS, readWorkerMessage } from "../../src/plugins/worker_protocol.ts";
import { firstPoll, hostFor } from "../helpers/plugins.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** Messages a plugin can post that no MiMoLo worker sends, as source text. */
const FORGED = [
  "null",
  "undefined",
  "42",
  '"run"',
  "[1, 2]",
  '{ type: "log", level: "nope", message: "x" }',
  '{ type: "log", level: "info", message: 42 }',
  '{ type: "failed", run: 2, error: null }',
  '{ type: "failed", run: 2, error: { name: "Error" } }',
  '{ type: "event", run: "2", value: null }',
  '{ type: "event", run: -1, value: null }',
  '{ type: "exit" }',
  '{ type: "surprise" }',
  "{ id: 2 }",
  '{ id: 2, ok: "yes", value: 1 }',
  '{ id: 2, ok: false, error: "boom" }',
  "{ id: 1.5, ok: true, value: 1 }",
];

Deno.test("worker messages: every shape a worker does not send is malformed, and says what it was", () => {
  for (const source of FORGED) {
    const message = readWorkerMessage(new Function(`return ${source};`)());
    assert.ok("malformed" in message, source);
  }
  assert.deepEqual(readWorkerMessage(null), { malformed: "null" });
  assert.deepEqual(readWorkerMessage({ id: 3, ok: true, value: [1] }), {
    id: 3,
    ok: true,
    value: [1],
  });
  assert.deepEqual(readWorkerMessage({ type: "event", run: 2, value: { a: 1 } }), {
    type: "event",
    run: 2,
    value: { a: 1 },
  });
});

Deno.test("worker messages: long texts from a worker are cut", () => {
  const long = "x".repeat(MAX_TEXT_CHARS * 10);
  const log = readWorkerMessage({ type: "log", level: "info", message: long });
  assert.ok("type" in log && log.type === "log" && log.message.length < MAX_TEXT_CHARS + 10);
  const failed = readWorkerMessage({ id: 2, ok: false, error: { name: long, message: long } });
  assert.ok("ok" in failed && !failed.ok && failed.error.message.length < MAX_TEXT_CHARS + 10);
  const huge = readWorkerMessage(new Array(10_000).fill("y"));
  assert.ok("malformed" in huge && huge.malformed.length <= 80);
});

Deno.test("worker messages: a forged message fails that plugin's poll, whatever its shape", async () => {
  await using dir = await tempDir();
  const files: Record<string, string> = {};
  FORGED.forEach((message, i) => {
    files[`f${i}.ts`] = pluginSource(
      `{ label: "f${i}" }`,
      `self.postMessage(${message}); return new Promise(() => {});`,
    );
  });
  await writeFiles(dir.path, files);
  const config = FORGED.map((_, i) => `[plugins.f${i}]\n`).join("");
  await using host = await hostFor(dir.path, config);
  for (let i = 0; i < FORGED.length; i++) {
    await assert.rejects(
      firstPoll(host, `f${i}`),
      /^Error: emitEvent\(\) failed: its worker sent a malformed message: /,
      FORGED[i],
    );
  }
});

Deno.test("worker messages: a forged message at a module's top level makes only that file broken", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "forger.ts": `self.postMessage(null);\n${pluginSource(`{ label: "forger" }`, "return null;")}`,
    "fine.ts": pluginSource(`{ label: "fine" }`, "return null;"),
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.broken, [{
    file: join(dir.path, "forger.ts"),
    reason: "did not load: its worker sent a malformed message: null",
  }]);
  assert.ok(catalog.plugins.some((p) => p.spec.label === "fine"));
});

Deno.test("worker messages: a plugin that stops its own worker fails at once, saying how", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "quits.ts": pluginSource(`{ label: "quits" }`, "Deno.exit(3); return null;"),
    "closes.ts": pluginSource(`{ label: "closes" }`, "self.close(); return null;"),
  });
  // Without the worker's notice, these polls would end as timeouts.
  const config = "[plugins.quits]\ntimeout_s = 5\n[plugins.closes]\ntimeout_s = 5\n";
  await using host = await hostFor(dir.path, config);
  await assert.rejects(
    firstPoll(host, "quits"),
    /emitEvent\(\) failed: the plugin called Deno\.exit\(3\); its worker stopped/,
  );
  await assert.rejects(
    firstPoll(host, "closes"),
    /emitEvent\(\) failed: the plugin called self\.close\(\); its worker stopped/,
  );
});
