import assert from "node:assert/strict";
import { join } from "node:path";
import { BaseMonitor } from "@mimolo/sdk";
import { PluginLoadError } from "../../src/errors.ts";
import { importPluginFile } from "../../src/plugins/module_loader.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("loader: a TypeScript plugin outside the repo loads through a data: URL with the shared SDK", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "p.ts": pluginSource(`{ label: "p" }`, "return this.makeEvent(helper(2));").replace(
      'from "@mimolo/sdk";',
      'from "@mimolo/sdk";\nimport { helper } from "./_util.ts";\nimport { basename } from "node:path";\nenum Kind { A = "a" }',
    ) + "export const kind: string = Kind.A + basename('/x/y');\n",
    "_util.ts":
      `import { twice } from "./lib/math.ts";\nexport function helper(n: number): string { return "h" + twice(n); }\n`,
    "lib/math.ts": `export const twice = (n: number): number => n * 2;\n`,
  });
  const mod = await importPluginFile(join(dir.path, "p.ts"));
  const Cls = mod.default as new () => BaseMonitor;
  const instance = new Cls();
  assert.ok(instance instanceof BaseMonitor, "the plugin's SDK is the host's SDK");
  assert.equal((instance.emitEvent() as { event: string }).event, "h4");
  assert.equal(mod.kind, "ay");
});

Deno.test("loader: problems are PluginLoadErrors naming the file", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "syntax.ts": "export default class {",
    "npm.ts": 'import x from "npm:left-pad";\nexport default x;',
    "missing.ts": 'import { y } from "./nope.ts";\nexport default y;',
    "throws.ts": 'throw new Error("at import time");',
    "a.ts": 'import "./b.ts";',
    "b.ts": 'import "./a.ts";',
  });
  const cases: [string, RegExp][] = [
    ["syntax.ts", /syntax\.ts: syntax error/],
    ["npm.ts", /npm\.ts: cannot import "npm:left-pad": a plugin may import only/],
    ["missing.ts", /missing\.ts: cannot import .*nope\.ts: file not found/],
    ["throws.ts", /throws\.ts: failed to evaluate: .*at import time/],
    ["a.ts", /circular relative imports/],
  ];
  for (const [file, expected] of cases) {
    await assert.rejects(importPluginFile(join(dir.path, file)), (err: Error) => {
      assert.ok(err instanceof PluginLoadError, `${file}: ${err}`);
      assert.match(err.message, expected);
      return true;
    });
  }
});
