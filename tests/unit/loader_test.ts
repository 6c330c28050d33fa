import assert from "node:assert/strict";
import { join } from "node:path";
import { PluginLoadError } from "../../src/errors.ts";
import { inspectModules } from "../../src/plugins/inspect.ts";
import { MAX_MODULE_BYTES } from "../../src/plugins/module_file.ts";
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
    ["missing.ts", /missing\.ts: cannot import "\.\/nope\.ts": \/.*\/nope\.ts does not exist/],
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

/** A plugin "p" whose top level has `imports` and whose events carry `value`. */
const importing = (imports: string, value = "null") =>
  `${imports}\n${
    pluginSource(`{ label: "p" }`, `return this.makeEvent("got", { value: ${value} });`)
  }`;

Deno.test("loader: imports leaving the plugin folder are refused, naming the import, never showing the file", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "outside/secret.ts": 'export const token = "hunter2";\n',
    "outside/.env": "API_KEY=hunter2\n",
    "plugins/up.ts": importing('import { token } from "../outside/secret.ts";', "token"),
    "plugins/dynamic.ts": importing('const env = import("../outside/.env");'),
    "plugins/linked.ts": importing('import { token } from "./_helper.ts";', "token"),
  });
  const plugins = join(dir.path, "plugins");
  await Deno.symlink(join(dir.path, "outside", "secret.ts"), join(plugins, "_helper.ts"));
  const outside = join(await Deno.realPath(dir.path), "outside");
  const cases: [string, string][] = [
    ["up.ts", `cannot import "../outside/secret.ts": ${outside}/secret.ts is outside the plugin`],
    ["dynamic.ts", `cannot import "../outside/.env": ${outside}/.env is outside the plugin folder`],
    [
      "linked.ts",
      `cannot import "./_helper.ts": ${outside}/secret.ts is outside the plugin folder`,
    ],
  ];
  for (const [file, expected] of cases) {
    await assert.rejects(pluginModuleUrl(join(plugins, file)), (err: Error) => {
      assert.ok(err instanceof PluginLoadError, `${file}: ${err}`);
      assert.ok(err.message.includes(expected), `${file}: ${err.message}`);
      assert.ok(!err.message.includes("hunter2"), err.message);
      return true;
    });
  }
});

Deno.test(
  "loader: a helper symlinked inside the folder and a plugin file linked to one there load",
  {
    // Creating symlinks needs extra rights on Windows.
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "lib/_real.ts": 'export const word = "inside";\n',
      "_impl.ts": importing('import { word } from "./_alias.ts";', "word"),
    });
    await Deno.symlink(join(dir.path, "lib", "_real.ts"), join(dir.path, "_alias.ts"));
    await Deno.symlink(join(dir.path, "_impl.ts"), join(dir.path, "p.ts"));
    await using host = await hostFor(dir.path, "[plugins.p]\n");
    const event = await firstPoll(host, "p") as { data: { value: string } };
    assert.equal(event.data.value, "inside");
  },
);

Deno.test("loader: a FIFO, a device or an oversized file is refused without reading it", {
  // FIFOs and device files are POSIX.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  const big = `export const pad = "${"x".repeat(MAX_MODULE_BYTES)}";\n`;
  await writeFiles(dir.path, {
    "fifo.ts": importing('import "./_pipe.ts";'),
    "zero.ts": importing('import "./_zero.ts";'),
    "big.ts": importing('import { pad } from "./_big.ts";', "pad.length"),
    "_big.ts": big,
  });
  const mkfifo = await new Deno.Command("mkfifo", { args: [join(dir.path, "_pipe.ts")] }).output();
  assert.ok(mkfifo.success, "mkfifo");
  const real = await Deno.realPath(dir.path);
  const cases: [string, string][] = [
    ["fifo.ts", `cannot import "./_pipe.ts": ${real}/_pipe.ts is not a regular file`],
    [
      "big.ts",
      `cannot import "./_big.ts": ${real}/_big.ts is larger than ${MAX_MODULE_BYTES} bytes`,
    ],
  ];
  // A character device in the folder needs mknod, which only root may do; a link to one also counts.
  const mknod = Deno.uid() === 0
    ? await new Deno.Command("mknod", { args: [join(dir.path, "_zero.ts"), "c", "1", "5"] })
      .output()
    : null;
  if (mknod?.success) {
    cases.push(["zero.ts", `cannot import "./_zero.ts": ${real}/_zero.ts is not a regular file`]);
  } else {
    await Deno.symlink("/dev/zero", join(dir.path, "_zero.ts"));
    cases.push(["zero.ts", `cannot import "./_zero.ts": /dev/zero is outside the plugin folder`]);
  }
  for (const [file, expected] of cases) {
    await assert.rejects(pluginModuleUrl(join(dir.path, file)), (err: Error) => {
      assert.ok(err instanceof PluginLoadError, `${file}: ${err}`);
      assert.ok(err.message.includes(expected), `${file}: ${err.message}`);
      return true;
    });
  }
});
