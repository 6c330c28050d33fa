import assert from "node:assert/strict";
import { join } from "node:path";
import { PluginLoadError } from "../../src/errors.ts";
import { parseConfig } from "../../src/config/mod.ts";
import {
  BUILTIN_PLUGIN_DIR,
  type DiscoveredPlugin,
  discoverPlugins,
} from "../../src/plugins/discover.ts";
import { pluginModuleUrl } from "../../src/plugins/module_loader.ts";
import { NO_GRANTS } from "../../src/plugins/permissions.ts";
import { register } from "../../src/plugins/registry.ts";
import { resolveSpec } from "../../src/plugins/spec.ts";
import { WorkerHost } from "../../src/plugins/worker_host.ts";
import { firstPoll } from "../helpers/plugins.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const USES_GITIGNORE = pluginSource(
  `{ label: "gi" }`,
  `return this.makeEvent(String(gitignoreMatcher("*.log").test("a.log")));`,
).replace(
  'from "@mimolo/sdk";',
  'from "@mimolo/sdk";\nimport { gitignoreMatcher } from "@mimolo/gitignore";',
);

Deno.test("builtin modules: only plugins shipped with MiMoLo may import @mimolo/gitignore", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "gi.ts": USES_GITIGNORE });
  await assert.rejects(pluginModuleUrl(join(dir.path, "gi.ts")), (err: Error) => {
    assert.ok(err instanceof PluginLoadError);
    assert.match(
      err.message,
      /gi\.ts: cannot import "@mimolo\/gitignore": a plugin may import only/,
    );
    return true;
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.plugins.map((p) => p.spec.label), ["example", "folderwatch"]);
  assert.equal(catalog.broken.length, 1, "the user plugin is broken, folderwatch is not");
  assert.ok(catalog.plugins.every((p) => p.file.startsWith(BUILTIN_PLUGIN_DIR)));
});

Deno.test("builtin modules: a built-in plugin uses the matcher in a worker with no permissions", async () => {
  // Prepared as the loader prepares a file of the built-in folder, and run as the monitor runs it.
  await using dir = await tempDir();
  await writeFiles(dir.path, { "gi.ts": USES_GITIGNORE });
  const url = await pluginModuleUrl(join(dir.path, "gi.ts"), dir.path, { builtin: true });
  assert.match(url, /^data:text\/javascript;base64,/);
  const plugin: DiscoveredPlugin = {
    file: join(dir.path, "gi.ts"),
    builtin: true,
    url,
    className: "P",
    spec: resolveSpec({ label: "gi" }, "gi.ts"),
    meta: {},
    configDeclaration: null,
    requires: [],
  };
  const config = parseConfig("[plugins.gi]\n", join(dir.path, "mimolo.toml"));
  const host = new WorkerHost([register(plugin, config, NO_GRANTS)], {
    configDir: dir.path,
    logDir: join(dir.path, "logs"),
  });
  try {
    const event = await firstPoll(host, "gi") as { event: string };
    assert.equal(event.event, "ignored");
  } finally {
    await host.stop(1000);
  }
});
