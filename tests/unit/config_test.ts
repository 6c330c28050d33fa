import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../../src/config/mod.ts";
import { ConfigError } from "../../src/errors.ts";
import { pluginSchema, STANDARD_PLUGIN_KEYS } from "../../src/config/schema.ts";

function configError(text: string): string {
  try {
    parseConfig(text, "/etc/mimolo/mimolo.toml");
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    assert.equal(err.exitCode, 2);
    assert.ok(!err.message.includes("\n"), "one line");
    return err.message;
  }
  throw new Error("no error for:\n" + text);
}

Deno.test("config: empty file gives the seed's defaults, paths against the file's folder", () => {
  const c = parseConfig("", "/etc/mimolo/mimolo.toml");
  assert.deepEqual(c.monitor, {
    cooldownSeconds: 600,
    pollTickMs: 200,
    logDir: "/etc/mimolo/logs",
    logFormat: "jsonl",
    consoleVerbosity: "info",
    pluginDirs: ["/etc/mimolo/plugins"],
    journalFsyncMs: 1000,
    maxClockSkewS: 300,
    maxEventBytes: 65536,
    maxEventRefs: 10000,
    host: Deno.hostname(),
    logDay: "local",
  });
  assert.deepEqual(c.plugins, {});
  assert.deepEqual(c.report, { projects: [] });
  assert.equal(c.baseDir, "/etc/mimolo");
});

Deno.test("config: [monitor] host and log_day, [report.projects] with ~ and relative globs", () => {
  const home = Deno.env.get("HOME")!;
  const c = parseConfig(
    `[monitor]\nhost = "desk"\nlog_day = "utc"\n` +
      `[report.projects]\nclient = ["~/work/client-*", "/abs/x"]\nsite = ["web/**"]\n`,
    "/etc/mimolo/mimolo.toml",
  );
  assert.equal(c.monitor.host, "desk");
  assert.equal(c.monitor.logDay, "utc");
  assert.deepEqual(c.report.projects, [
    { name: "client", patterns: [`${home}/work/client-*`, "/abs/x"] },
    { name: "site", patterns: ["/etc/mimolo/web/**"] },
  ]);
  assert.match(
    configError('[monitor]\nlog_day = "gmt"'),
    /\[monitor\]\.log_day: expected one of local, utc/,
  );
  assert.match(
    configError('[monitor]\nhost = " "'),
    /\[monitor\]\.host: expected a non-empty host name/,
  );
  assert.match(
    configError('[report.projects]\nx = "a"'),
    /\[report\.projects\]\.x: expected a list of path globs/,
  );
  assert.match(configError("[report]\nprojets = {}"), /\[report\]: unknown key "projets"/);
});

Deno.test("config: the embedded defaults resolve against the working directory", () => {
  const c = parseConfig("", null);
  assert.equal(c.source, null);
  assert.equal(c.monitor.logDir, join(Deno.cwd(), "logs"));
});

Deno.test("config: plugin sections keep custom keys as written and strip standard ones", () => {
  const c = parseConfig(
    `[plugins.fw]\npoll_interval_s = 2.5\nresets_cooldown = false\nwatch_dirs = ["a", "b"]\nnested = { x = 1 }\n` +
      `[plugins.off]\nenabled = false\n`,
    "/x/mimolo.toml",
  );
  assert.deepEqual(c.plugins.fw, {
    enabled: true,
    pollIntervalS: 2.5,
    resetsCooldown: false,
    infrequent: undefined,
    timeoutS: 10,
    permissions: {
      read: false,
      write: false,
      net: false,
      env: false,
      run: false,
      sys: false,
      all: false,
    },
    custom: { watch_dirs: ["a", "b"], nested: { x: 1 } },
  });
  assert.equal(c.plugins.off.enabled, false);
});

Deno.test("config: plugin permissions and timeout; paths resolve against the config folder", () => {
  const c = parseConfig(
    `[plugins.fw]\ntimeout_s = 2\n[plugins.fw.permissions]\nread = ["data", "/abs"]\nnet = true\n` +
      `run = ["git", "./bin/tool"]\nenv = ["HOME"]\n`,
    "/etc/mimolo/mimolo.toml",
  );
  assert.equal(c.plugins.fw.timeoutS, 2);
  assert.deepEqual(c.plugins.fw.permissions, {
    read: ["/etc/mimolo/data", "/abs"],
    write: false,
    net: true,
    env: ["HOME"],
    run: ["git", "/etc/mimolo/bin/tool"],
    sys: false,
    all: false,
  });
  const full = parseConfig(`[plugins.fw.permissions]\nall = true\n`, "/etc/mimolo/mimolo.toml");
  assert.equal(full.plugins.fw.permissions.all, true);
  assert.match(
    configError(`[plugins.fw.permissions]\nall = "yes"\n`),
    /\[plugins\.fw\.permissions\]\.all: expected true or false, got the string "yes"/,
  );
  assert.deepEqual(
    c.plugins.fw.custom,
    {},
    "permissions and timeout_s are not passed to the plugin",
  );
  assert.match(
    configError(`[plugins.fw.permissions]\nread = "yes"\n`),
    /\[plugins\.fw\.permissions\]\.read: expected true, false or a list of strings, got the string "yes"/,
  );
  assert.match(
    configError(`[plugins.fw.permissions]\nffi = true\n`),
    /\[plugins\.fw\.permissions\]: unknown key "ffi"/,
  );
  assert.match(
    configError(`[plugins.fw]\ntimeout_s = 0\n`),
    /\[plugins\.fw\]\.timeout_s: expected a number > 0/,
  );
});

Deno.test("config: absolute paths are kept", () => {
  const c = parseConfig(`[monitor]\nlog_dir = "/var/log/mimolo"`, "/x/mimolo.toml");
  assert.equal(c.monitor.logDir, "/var/log/mimolo");
});

Deno.test("config: errors name the file, the key and what is expected", () => {
  const cases: [string, RegExp][] = [
    [
      "[monitor]\ncooldown_seconds = -1",
      /mimolo\.toml: \[monitor\]\.cooldown_seconds: expected a number > 0/,
    ],
    ["[monitor]\ncooldown_seconds = 0", /\[monitor\]\.cooldown_seconds: expected a number > 0/],
    [
      "[monitor]\ncooldown_seconds = nan",
      /\[monitor\]\.cooldown_seconds: expected a finite number/,
    ],
    ["[monitor]\npoll_tick_ms = inf", /\[monitor\]\.poll_tick_ms: expected a finite number/],
    [
      '[monitor]\ncooldown_seconds = "10"',
      /cooldown_seconds: expected a finite number, got the string "10"/,
    ],
    ["[monitor]\ncooldownseconds = 10", /\[monitor\]: unknown key "cooldownseconds"/],
    ["debug = true", /top level: unknown key "debug"/],
    [
      '[monitor]\nlog_format = "xml"',
      /log_format: expected one of jsonl, yaml, md, got the string "xml"/,
    ],
    [
      '[monitor]\nconsole_verbosity = "loud"',
      /console_verbosity: expected one of debug, info, warning, error/,
    ],
    ["[monitor]\nplugin_dirs = [1]", /\[monitor\]\.plugin_dirs\[0\]: expected a path string/],
    ['[monitor]\nplugin_dirs = "./plugins"', /plugin_dirs: expected a list of path strings/],
    ['[plugins.example]\nenabled = "yes"', /\[plugins\.example\]\.enabled: expected true or false/],
    [
      "[plugins.example]\npoll_interval_s = 0",
      /\[plugins\.example\]\.poll_interval_s: expected a number > 0/,
    ],
    ['[plugins."9lives"]', /\[plugins\.9lives\]: invalid plugin label/],
    ['[plugins."a b"]', /\[plugins\."a b"\]: invalid plugin label/],
    ["monitor = 3", /\[monitor\]: expected a \[monitor\] table, got number 3/],
  ];
  for (const [text, expected] of cases) assert.match(configError(text), expected, text);
});

Deno.test("config: TOML syntax errors give line and column", () => {
  assert.match(
    configError("[monitor]\ncooldown_seconds = "),
    /mimolo\.toml:2:\d+: TOML syntax error/,
  );
  assert.match(configError("[monitor]\n[monitor]"), /mimolo\.toml:2:\d+: TOML syntax error/);
});

Deno.test("config: loadConfig reports a missing file and binary garbage in one line", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    loadConfig(join(dir, "nope.toml")),
    /nope\.toml: cannot read config: file not found/,
  );
  const garbage = join(dir, "garbage.toml");
  await Deno.writeFile(garbage, new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x10]));
  await assert.rejects(loadConfig(garbage), (err: Error) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /garbage\.toml: cannot read config/);
    return true;
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("config: the standard plugin keys are exactly the schema's", () => {
  assert.deepEqual(
    [...STANDARD_PLUGIN_KEYS].sort(),
    Object.keys(pluginSchema.shape).sort(),
  );
});
