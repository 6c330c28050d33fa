import assert from "node:assert/strict";
import { join } from "node:path";
import type { ConfigDeclaration } from "@mimolo/sdk";
import { closestKey, pluginConfigValues } from "../../src/config/plugin_config.ts";
import { STANDARD_PLUGIN_KEYS } from "../../src/config/schema.ts";
import { ConfigError, PluginLoadError } from "../../src/errors.ts";
import { resolveConfigDeclaration } from "../../src/plugins/config_declaration.ts";
import { discoverPlugins } from "../../src/plugins/discover.ts";
import { registerFrom } from "../helpers/plugins.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

const DECLARATION = {
  watch_dirs: { type: "path[]", default: ["."], description: "Folders." },
  log_file: { type: "path", description: "A file." },
  extensions: { type: "string[]", default: [], description: "Extensions." },
  verbose: { type: "boolean", default: false, description: "Talk more." },
  ratio: { type: "number", default: 0.5, min: 0, max: 1, description: "A fraction." },
  depth: { type: "integer", default: 3, min: 1, description: "How deep." },
  mode: { type: "string", default: "auto", choices: ["auto", "scan"], description: "How." },
  name: { type: "string", description: "Anything." },
} satisfies ConfigDeclaration;

const PLACE = {
  file: "/etc/mimolo/mimolo.toml",
  label: "fw",
  baseDir: "/etc/mimolo",
  home: "/home/me",
  otherKeys: STANDARD_PLUGIN_KEYS,
};

/** The one-line ConfigError message for `custom`. */
function problem(custom: Record<string, unknown>): string {
  try {
    pluginConfigValues(DECLARATION, custom, PLACE);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    assert.equal(err.exitCode, 2);
    assert.ok(!err.message.includes("\n"), err.message);
    return err.message;
  }
  throw new Error(`no error for ${JSON.stringify(custom)}`);
}

Deno.test("plugin config: defaults are applied, paths made absolute (~ and relative), given values kept", () => {
  const values = pluginConfigValues(DECLARATION, { log_file: "~/fw.log", depth: 7 }, PLACE);
  assert.deepEqual(values, {
    watch_dirs: ["/etc/mimolo"],
    log_file: "/home/me/fw.log",
    extensions: [],
    verbose: false,
    ratio: 0.5,
    depth: 7,
    mode: "auto",
  });
  assert.ok(!("name" in values), "a key without a default that is not set stays absent");
  const again = pluginConfigValues(DECLARATION, {}, PLACE);
  (again.extensions as string[]).push("x");
  assert.deepEqual(
    pluginConfigValues(DECLARATION, {}, PLACE).extensions,
    [],
    "defaults are copies",
  );
  assert.deepEqual(
    pluginConfigValues(DECLARATION, { watch_dirs: ["src", "/abs", "~", "~/p"] }, PLACE).watch_dirs,
    ["/etc/mimolo/src", "/abs", "/home/me", "/home/me/p"],
  );
});

Deno.test("plugin config: an unknown key names file, section and key, and the closest declared key", () => {
  assert.equal(
    problem({ watch_dir: ["src"] }),
    '/etc/mimolo/mimolo.toml: [plugins.fw]: unknown key "watch_dir" (did you mean "watch_dirs"?)',
  );
  assert.match(problem({ Verbose: true }), /unknown key "Verbose" \(did you mean "verbose"\?\)/);
  assert.match(problem({ detph: 2 }), /unknown key "detph" \(did you mean "depth"\?\)/);
  assert.match(
    problem({ poll_interval: 2 }),
    /unknown key "poll_interval" \(did you mean "poll_interval_s"\?\)/,
    "standard keys are suggested too",
  );
  assert.equal(
    problem({ speed_ratio: 0.2 }),
    '/etc/mimolo/mimolo.toml: [plugins.fw]: unknown key "speed_ratio" (the closest declared ' +
      'key is "ratio"; mimolo plugin config fw lists every key)',
  );
  assert.equal(closestKey("x", []), null);
});

Deno.test("plugin config: a value of the wrong type names the key and what was expected", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ verbose: "yes" }, '[plugins.fw].verbose: expected true or false, got the string "yes"'],
    [
      { ratio: "half" },
      '[plugins.fw].ratio: expected a finite number from 0 to 1, got the string "half"',
    ],
    [{ ratio: 2 }, "[plugins.fw].ratio: expected a finite number from 0 to 1, got number 2"],
    [{ ratio: NaN }, "[plugins.fw].ratio: expected a finite number from 0 to 1, got number NaN"],
    [{ depth: 2.5 }, "[plugins.fw].depth: expected a whole number >= 1, got number 2.5"],
    [{ depth: 0 }, "[plugins.fw].depth: expected a whole number >= 1, got number 0"],
    [{ mode: "poll" }, '[plugins.fw].mode: expected one of "auto", "scan", got the string "poll"'],
    [{ name: 3 }, "[plugins.fw].name: expected a string, got number 3"],
    [{ name: new Date(0) }, "[plugins.fw].name: expected a string, got a date"],
    [{ log_file: "" }, '[plugins.fw].log_file: expected a path string, got the string ""'],
    [{ log_file: ["a"] }, "[plugins.fw].log_file: expected a path string, got a list"],
    [
      { extensions: "ts" },
      '[plugins.fw].extensions: expected a list of strings, got the string "ts"',
    ],
    [{ extensions: ["ts", 1] }, "[plugins.fw].extensions[1]: expected a string, got number 1"],
    [
      { watch_dirs: ["a", ""] },
      '[plugins.fw].watch_dirs[1]: expected a path string, got the string ""',
    ],
    [
      { watch_dirs: { a: 1 } },
      "[plugins.fw].watch_dirs: expected a list of path strings, got a table",
    ],
  ];
  for (const [custom, expected] of cases) {
    assert.equal(problem(custom), `/etc/mimolo/mimolo.toml: ${expected}`);
  }
});

Deno.test("plugin config: a declaration that cannot be used is a load error naming file, plugin and key", () => {
  const bad = (raw: unknown): string => {
    try {
      resolveConfigDeclaration(raw, "/p/x.ts", "x", STANDARD_PLUGIN_KEYS);
    } catch (err) {
      assert.ok(err instanceof PluginLoadError);
      return err.message;
    }
    throw new Error(`accepted ${JSON.stringify(raw)}`);
  };
  const d = (entry: Record<string, unknown>) => ({ k: { description: "K.", ...entry } });
  assert.equal(resolveConfigDeclaration(undefined, "/p/x.ts", "x", []), null);
  assert.equal(
    bad([1]),
    "/p/x.ts: plugin x: config must be a table of { type, description, default? } by key",
  );
  assert.equal(
    bad(d({ type: "date" })),
    '/p/x.ts: plugin x: config.k.type must be one of string, boolean, number, integer, path, string[], path[], got "date"',
  );
  assert.equal(
    bad(d({ type: "boolean", default: "no" })),
    '/p/x.ts: plugin x: config.k.default must be true or false, got the string "no"',
  );
  assert.equal(
    bad(d({ type: "string[]", default: [1] })),
    "/p/x.ts: plugin x: config.k.default[0] must be a string, got number 1",
  );
  assert.equal(
    bad(d({ type: "string", choices: ["a"], default: "b" })),
    '/p/x.ts: plugin x: config.k.default must be one of "a", got the string "b"',
  );
  assert.equal(
    bad(d({ type: "boolean", choices: ["a"] })),
    '/p/x.ts: plugin x: config.k.choices is only for type "string"',
  );
  assert.equal(
    bad(d({ type: "string", min: 1 })),
    '/p/x.ts: plugin x: config.k.min is only for types "number" and "integer"',
  );
  assert.equal(
    bad(d({ type: "integer", min: 3, max: 1 })),
    "/p/x.ts: plugin x: config.k.min must not be above max (1)",
  );
  assert.equal(
    bad(d({ type: "string", defualt: "a" })),
    "/p/x.ts: plugin x: config.k.defualt is not a field (fields: type, description, default, choices, min, max)",
  );
  assert.equal(
    bad({ k: { type: "string" } }),
    "/p/x.ts: plugin x: config.k.description must be one non-empty line",
  );
  assert.equal(
    bad({ k: { type: "string", description: "two\nlines" } }),
    "/p/x.ts: plugin x: config.k.description must be one non-empty line",
  );
  assert.equal(
    bad({ enabled: { type: "boolean", description: "On." } }),
    "/p/x.ts: plugin x: config.enabled is a standard key of every plugin section; pick another name",
  );
  assert.equal(
    bad({ "a b": { type: "boolean", description: "On." } }),
    '/p/x.ts: plugin x: config key "a b" must be letters, digits, _ and -',
  );
});

const DECLARED =
  `import { BaseMonitor, type ConfigDeclaration, type PluginSpec } from "@mimolo/sdk";
export default class D extends BaseMonitor {
  static override spec: PluginSpec = { label: "declared" };
  static override config = {
    folders: { type: "path[]", default: ["data"], description: "Where to look." },
    limit: { type: "integer", default: 10, min: 1, description: "At most this many." },
  } satisfies ConfigDeclaration;
  override emitEvent() { return null; }
}
`;
const UNDECLARED = `import { BaseMonitor, type PluginSpec } from "@mimolo/sdk";
export default class U extends BaseMonitor {
  static override spec: PluginSpec = { label: "undeclared" };
  override emitEvent() { return null; }
}
`;

Deno.test("plugin config: the declaration comes out of the inspection worker; undeclared plugins pass keys through", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "declared.ts": DECLARED, "undeclared.ts": UNDECLARED });
  const catalog = await discoverPlugins([dir.path]);
  const byLabel = new Map(catalog.plugins.map((p) => [p.spec.label, p]));
  assert.deepEqual(Object.keys(byLabel.get("declared")!.configDeclaration!), ["folders", "limit"]);
  assert.equal(byLabel.get("undeclared")!.configDeclaration, null);

  const plugins = await registerFrom(
    dir.path,
    `[plugins.declared]\nlimit = 2\n[plugins.undeclared]\nanything = { goes = [1, "x"] }\nwatch_dir = "typo kept"\n`,
  );
  const custom = new Map(plugins.map((p) => [p.spec.label, p.custom]));
  assert.deepEqual(custom.get("declared"), { folders: [join(dir.path, "data")], limit: 2 });
  assert.deepEqual(custom.get("undeclared"), {
    anything: { goes: [1, "x"] },
    watch_dir: "typo kept",
  });

  await assert.rejects(
    registerFrom(dir.path, `[plugins.declared]\nlimt = 2\n`),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(
        err.message,
        `${dir.path}/mimolo.toml: [plugins.declared]: unknown key "limt" (did you mean "limit"?)`,
      );
      return true;
    },
  );
});

Deno.test("plugin config: a plugin file with an unusable declaration is listed as broken", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "bad.ts": DECLARED.replace('type: "integer", default: 10', 'type: "integer", default: "10"')
      .replace("satisfies ConfigDeclaration", "as unknown as ConfigDeclaration"),
  });
  const catalog = await discoverPlugins([dir.path]);
  assert.deepEqual(catalog.broken, [{
    file: join(dir.path, "bad.ts"),
    reason:
      'plugin declared: config.limit.default must be a whole number >= 1, got the string "10"',
  }]);
});
