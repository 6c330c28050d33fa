import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { parseConfig } from "../../src/config/mod.ts";
import { ConfigError, PluginLoadError } from "../../src/errors.ts";
import { discoverPlugins, isPluginFile } from "../../src/plugins/discover.ts";
import { selectPlugins } from "../../src/plugins/registry.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const plugin = (spec: string) => pluginSource(spec, "return null;");

Deno.test("discover: which files are plugins", () => {
  assert.ok(isPluginFile("example.ts"));
  assert.ok(isPluginFile("mine.js"));
  for (const name of ["_template.ts", "x_test.ts", "x.d.ts", "README.md", "x.json", ".hidden.ts"]) {
    assert.ok(!isPluginFile(name), name);
  }
});

Deno.test("discover: built-in and drop-in plugins, broken files reported with reasons", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "good.ts": plugin(`{ label: "good", dataHeader: "g" }`),
    "_helper.ts": "this is not even code {",
    "good_test.ts": "also ignored {",
    "broken.ts": "export default class {",
    "nodefault.ts": "export const x = 1;",
    "badspec.ts": plugin(`{ label: "bad spec" }`),
  });
  const catalog = await discoverPlugins([dir.path, dir.path, join(dir.path, "missing")]);
  const labels = catalog.plugins.map((p) => p.spec.label);
  assert.deepEqual(
    labels,
    ["example", "folderwatch", "good"],
    "each folder read once; built-ins first",
  );
  assert.equal(catalog.plugins[0].builtin, true);
  assert.equal(catalog.plugins[2].file, join(await Deno.realPath(dir.path), "good.ts"));
  const broken = Object.fromEntries(catalog.broken.map((b) => [basename(b.file), b.reason]));
  assert.deepEqual(Object.keys(broken).sort(), ["badspec.ts", "broken.ts", "nodefault.ts"]);
  assert.match(broken["broken.ts"], /syntax error/);
  assert.match(broken["nodefault.ts"], /no default export/);
  assert.match(broken["badspec.ts"], /spec\.label/);
  assert.deepEqual(catalog.missingDirs, [join(dir.path, "missing")]);
});

Deno.test("discover: two plugins with one label is an error naming both files", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "a.ts": plugin(`{ label: "twin" }`),
    "b.ts": plugin(`{ label: "twin" }`),
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.equal(catalog.broken.length, 1);
  assert.match(catalog.broken[0].file, /b\.ts$/);
  assert.match(catalog.broken[0].reason, /label "twin" is already used by .*a\.ts/);
});

Deno.test("registry: runs a plugin only when its section exists and is not disabled; applies overrides", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "one.ts": plugin(`{ label: "one", pollIntervalS: 9 }`),
    "two.ts": plugin(`{ label: "two" }`),
    "three.ts": plugin(`{ label: "three" }`),
  });
  const catalog = await discoverPlugins([dir.path]);
  const config = parseConfig(
    `[plugins.one]\npoll_interval_s = 0.5\ninfrequent = true\nkey = "v"\n[plugins.two]\nenabled = false\n`,
    join(dir.path, "mimolo.toml"),
  );
  const selected = selectPlugins(catalog, config);
  assert.deepEqual(selected.map((p) => p.spec.label), ["one"]);
  assert.equal(selected[0].effective.pollIntervalS, 0.5);
  assert.equal(selected[0].effective.infrequent, true);
  assert.equal(selected[0].spec.pollIntervalS, 9, "the plugin's own spec is untouched");
  assert.deepEqual(selected[0].custom, { key: "v" });
});

Deno.test("registry: a section for an undiscovered plugin is a config error unless disabled", async () => {
  const catalog = await discoverPlugins([]);
  const typo = parseConfig("[plugins.exmaple]\n", "/x/mimolo.toml");
  assert.throws(() => selectPlugins(catalog, typo), (err: Error) => {
    assert.ok(err instanceof ConfigError);
    assert.match(
      err.message,
      /\[plugins\.exmaple\]: no plugin with label "exmaple" was found \(discovered: example, folderwatch\)/,
    );
    return true;
  });
  const off = parseConfig("[plugins.exmaple]\nenabled = false\n", "/x/mimolo.toml");
  assert.deepEqual(selectPlugins(catalog, off), []);
});

Deno.test("registry: two enabled plugins sharing a dataHeader is a registration error", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "a.ts": plugin(`{ label: "a", dataHeader: "items" }`),
    "b.ts": plugin(`{ label: "b", dataHeader: "items" }`),
  });
  const catalog = await discoverPlugins([dir.path]);
  const both = parseConfig("[plugins.a]\n[plugins.b]\n", "/x/mimolo.toml");
  assert.throws(() => selectPlugins(catalog, both), (err: Error) => {
    assert.ok(err instanceof PluginLoadError);
    assert.match(err.message, /plugin b: dataHeader "items" is already used by plugin a/);
    return true;
  });
  const one = parseConfig("[plugins.a]\n[plugins.b]\nenabled = false\n", "/x/mimolo.toml");
  assert.equal(selectPlugins(catalog, one).length, 1);
});

Deno.test("registry: static requires puts required plugins first; a missing one names both", async () => {
  await using dir = await tempDir();
  const requiring = (label: string, requires: string) =>
    pluginSource(
      `{ label: "${label}" }`,
      "return null;",
      `static override requires = ${requires};`,
    );
  await writeFiles(dir.path, {
    "a_user.ts": requiring("user", `["base"]`),
    "b_base.ts": plugin(`{ label: "base" }`),
    "c_loop1.ts": requiring("loop1", `["loop2"]`),
    "d_loop2.ts": requiring("loop2", `["loop1"]`),
    "e_ghost.ts": requiring("haunted", `["ghost"]`),
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.broken, []);
  assert.deepEqual(catalog.plugins.find((p) => p.spec.label === "user")!.requires, ["base"]);
  const select = (toml: string) => selectPlugins(catalog, parseConfig(toml, "/c/mimolo.toml"));
  assert.deepEqual(
    select("[plugins.user]\n[plugins.base]\n").map((p) => p.spec.label),
    ["base", "user"],
  );
  const refused: [string, RegExp][] = [
    [
      "[plugins.user]\n",
      /a_user\.ts: plugin user requires plugin base, which is not enabled: add \[plugins\.base\] to \/c\/mimolo\.toml/,
    ],
    [
      "[plugins.user]\n[plugins.base]\nenabled = false\n",
      /plugin user requires plugin base, which is not enabled: \[plugins\.base\] in \/c\/mimolo\.toml says enabled = false/,
    ],
    [
      "[plugins.haunted]\n",
      /plugin haunted requires plugin ghost, which was not found \(discovered: base, example, /,
    ],
    ["[plugins.loop1]\n[plugins.loop2]\n", /circular requires: loop1 -> loop2 -> loop1/],
  ];
  for (const [toml, pattern] of refused) {
    assert.throws(
      () => select(toml),
      (err) => err instanceof PluginLoadError && pattern.test(err.message),
    );
  }
});

Deno.test("discover: an unusable static requires makes the file broken", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "self.ts": pluginSource(
      `{ label: "self" }`,
      "return null;",
      `static override requires = ["self"];`,
    ),
    "text.ts": pluginSource(
      `{ label: "text" }`,
      "return null;",
      `static override requires = "base" as never;`,
    ),
  });
  const broken = Object.fromEntries(
    (await discoverPlugins([dir.path])).broken.map((b) => [basename(b.file), b.reason]),
  );
  assert.equal(broken["self.ts"], "plugin self: requires must not name the plugin itself");
  assert.equal(
    broken["text.ts"],
    'plugin text: requires must be a list of plugin labels, got "base"',
  );
});
