import assert from "node:assert/strict";
import { join } from "node:path";
import { PluginLoadError } from "../../src/errors.ts";
import { inspectModules } from "../../src/plugins/inspect.ts";
import { pluginModuleUrl } from "../../src/plugins/module_loader.ts";
import { firstPoll, hostFor } from "../helpers/plugins.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("loader: a TypeScript plugin outside the repo runs in a worker with helpers, node: and the SDK", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "p.ts": pluginSource(
      `{ label: "p" }`,
      `return this.makeEvent(helper(2) + Kind.A + basename("/x/y") + (this instanceof BaseMonitor));`,
    ).replace(
      'from "@mimolo/sdk";',
      'from "@mimolo/sdk";\nimport { helper } from "./_util.ts";\nimport { basename } from "node:path";\nenum Kind { A = "a" }',
    ),
    "_util.ts":
      `import { twice } from "./lib/math.ts";\nexport function helper(n: number): string { return "h" + twice(n); }\n`,
    "lib/math.ts": `export const twice = (n: number): number => n * 2;\n`,
  });
  await using host = await hostFor(dir.path, "[plugins.p]\n");
  const event = await firstPoll(host, "p") as { event: string; label: string; timestamp: Date };
  assert.equal(event.event, "h4aytrue");
  assert.equal(event.label, "p");
  assert.ok(event.timestamp instanceof Date);
});

Deno.test("loader: preparation problems are PluginLoadErrors naming the file", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "syntax.ts": "export default class {",
    "npm.ts": 'import x from "npm:left-pad";\nexport default x;',
    "missing.ts": 'import { y } from "./nope.ts";\nexport default y;',
    "a.ts": 'import "./b.ts";',
    "b.ts": 'import "./a.ts";',
  });
  const cases: [string, RegExp][] = [
    ["syntax.ts", /syntax\.ts: syntax error/],
    ["npm.ts", /npm\.ts: cannot import "npm:left-pad": a plugin may import only/],
    ["missing.ts", /missing\.ts: cannot import .*nope\.ts: file not found/],
    ["a.ts", /circular relative imports/],
  ];
  for (const [file, expected] of cases) {
    await assert.rejects(pluginModuleUrl(join(dir.path, file)), (err: Error) => {
      assert.ok(err instanceof PluginLoadError, `${file}: ${err}`);
      assert.match(err.message, expected);
      return true;
    });
  }
});

Deno.test("loader: module evaluation runs sandboxed; throwing, hanging and permission-touching modules are reported", async () => {
  await using dir = await tempDir();
  const files = {
    "throws.ts": 'throw new Error("at import time");',
    "reads.ts": 'await Deno.readTextFile("/etc/hostname");\nexport default 1;',
    "hangs.ts": "while (true) {}",
    "ok.ts": pluginSource(`{ label: "ok" }`, "return null;"),
  };
  await writeFiles(dir.path, files);
  const modules = await Promise.all(
    Object.keys(files).map(async (f) => ({
      file: join(dir.path, f),
      url: await pluginModuleUrl(join(dir.path, f)),
    })),
  );
  const results = await inspectModules(modules, 2000);
  const reasons = results.map((r) => ("reason" in r ? r.reason : `ok ${r.spec.label}`));
  assert.match(reasons[0], /failed to evaluate: .*at import time/);
  assert.match(reasons[1], /failed to evaluate: .*Requires read access/);
  assert.match(reasons[2], /did not load: no answer to "inspect" within 2s/);
  assert.equal(reasons[3], "ok ok", "a fresh worker inspects the modules after a hang");
});
