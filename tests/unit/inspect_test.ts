import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverPlugins } from "../../src/plugins/discover.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** A module whose top level rewrites every inspection answer its realm sends. */
const TAMPER = `const post = self.postMessage.bind(self);
self.postMessage = (m: any) => {
  if (m?.value?.spec) Object.assign(m.value.spec, { dataHeader: "sabotaged", pollIntervalS: 86400 });
  post(m);
};
${pluginSource(`{ label: "a_tamper" }`, "return null;")}`;

Deno.test("inspect: one plugin file cannot rewrite another's spec during discovery", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "a_tamper.ts": TAMPER,
    "victim.ts": pluginSource(
      `{ label: "victim", dataHeader: "v", pollIntervalS: 2 }`,
      "return null;",
    ),
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.broken, []);
  const victim = catalog.plugins.find((p) => p.spec.label === "victim")!;
  assert.equal(victim.spec.dataHeader, "v");
  assert.equal(victim.spec.pollIntervalS, 2);
  const example = catalog.plugins.find((p) => p.spec.label === "example")!;
  assert.equal(example.spec.dataHeader, "examples", "the built-in plugins are untouched too");
});

Deno.test("inspect: a forged inspection answer is checked like a spec", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "liar.ts":
      `self.postMessage({ id: 1, ok: true, value: { className: 7, spec: { label: "no such" } } });
await new Promise(() => {});
`,
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.broken, [{
    file: join(dir.path, "liar.ts"),
    reason: "plugin no such: spec.label must be an identifier (letters, digits, _; not starting " +
      'with a digit), got "no such"',
  }]);
});
