import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../src/cli/mod.ts";
import { tempDir } from "../helpers/temp.ts";

const VALID = `[monitor]
cooldown_seconds = 30
poll_tick_ms = 200
log_dir = "./logs"
log_format = "jsonl"
console_verbosity = "info"
plugin_dirs = ["./plugins"]
journal_fsync_ms = 1000
max_clock_skew_s = 300
max_event_bytes = 65536
max_event_refs = 10000

[plugins.example]
enabled = true
poll_interval_s = 3
timeout_s = 10
item_count = 5

[plugins.example.permissions]
read = ["./data"]
`;

const NUMERIC_KEYS = [
  "cooldown_seconds",
  "poll_tick_ms",
  "journal_fsync_ms",
  "max_clock_skew_s",
  "max_event_bytes",
  "max_event_refs",
];

/** Broken configs, generated from the valid one, that must all be refused with exit 2. */
function brokenConfigs(): [string, string | Uint8Array][] {
  const cases: [string, string | Uint8Array][] = [];
  const replace = (key: string, value: string) =>
    VALID.replace(new RegExp(`^${key} = .*$`, "m"), `${key} = ${value}`);
  for (const key of NUMERIC_KEYS) {
    for (const bad of ['"ten"', "true", "[1]", "{ a = 1 }", "nan", "inf", "-inf", "-1"]) {
      cases.push([`${key} = ${bad}`, replace(key, bad)]);
    }
  }
  for (
    const key of [
      "cooldown_seconds",
      "poll_tick_ms",
      "max_clock_skew_s",
      "max_event_bytes",
      "max_event_refs",
    ]
  ) {
    cases.push([`${key} = 0`, replace(key, "0")]);
  }
  cases.push(["max_event_refs = 1.5", replace("max_event_refs", "1.5")]);
  for (
    const [key, bad] of [
      ["log_format", '"xml"'],
      ["console_verbosity", '"loud"'],
      ["log_format", "1"],
      ["log_dir", "3"],
      ["log_dir", '""'],
      ["plugin_dirs", '"./plugins"'],
      ["plugin_dirs", "[1, 2]"],
      ["poll_interval_s", "0"],
      ["timeout_s", "-5"],
      ["enabled", '"yes"'],
    ]
  ) {
    cases.push([`${key} = ${bad}`, replace(key, bad)]);
  }
  // Durations beyond what a timer can wait (2^31 ms, 24.8 days): Deno would fire them after 1 ms.
  for (
    const [key, bad] of [
      ["cooldown_seconds", "2147484"],
      ["poll_tick_ms", "2147483648"],
      ["journal_fsync_ms", "3e9"],
      ["poll_interval_s", "1e7"],
      ["timeout_s", "2147484"],
    ]
  ) {
    cases.push([`${key} = ${bad}`, replace(key, bad)]);
  }
  // Grant values Deno's permission parser refuses are configuration errors, not plugin failures.
  for (const bad of ['net = ["127.0.0.1:99999"]', 'sys = ["bogus"]', 'net = ["http://a.com"]']) {
    cases.push([bad, VALID.replace('read = ["./data"]', bad)]);
  }
  cases.push(["a [plugins.__proto__] table", VALID + "\n[plugins.__proto__]\nenabled = true\n"]);
  cases.push(["a 30,000-table header", `[${Array(30_000).fill("a").join(".")}]\n`]);
  cases.push([
    "a deeply nested inline table",
    `x = ${"{ a = ".repeat(5_000)}1${" }".repeat(5_000)}\n`,
  ]);
  cases.push(["unknown [monitor] key", VALID.replace("[monitor]\n", "[monitor]\ncooldown = 5\n")]);
  cases.push(["unknown top-level key", "verbose = true\n" + VALID]);
  cases.push(["unknown table", VALID + "\n[extra]\nx = 1\n"]);
  cases.push(["unknown permission", VALID + "ffi = true\n"]);
  cases.push(["bad permission value", VALID.replace('read = ["./data"]', 'read = "yes"')]);
  cases.push(["duplicate table", VALID + "\n[monitor]\ncooldown_seconds = 5\n"]);
  cases.push([
    "duplicate key",
    VALID.replace("poll_tick_ms = 200", "poll_tick_ms = 200\npoll_tick_ms = 300"),
  ]);
  cases.push(["monitor is not a table", "monitor = 5\n"]);
  cases.push(["plugins is not a table", "plugins = [1]\n"]);
  cases.push(["bad plugin label", VALID + '\n[plugins."my plugin"]\n']);
  cases.push(["undiscovered plugin", VALID + "\n[plugins.nonexistent]\n"]);
  cases.push(["binary garbage", crypto.getRandomValues(new Uint8Array(512))]);
  cases.push(["invalid UTF-8", new Uint8Array([0x5b, 0x6d, 0xff, 0xfe, 0x5d])]);
  cases.push(["NUL bytes", "[monitor]\x00\ncooldown_seconds = 5\n"]);
  cases.push(["huge file", "# " + "x".repeat(2 * 1024 * 1024) + "\n"]);
  cases.push(["unterminated string", '[monitor]\nlog_dir = "./logs\n']);
  cases.push(["unterminated table header", "[monitor\n"]);
  // Truncations that cut inside a token always leave invalid TOML.
  for (const cut of ['log_dir = "./lo', "[plugins.exa", 'read = ["./da']) {
    cases.push([`truncated after '${cut}'`, VALID.slice(0, VALID.indexOf(cut) + cut.length)]);
  }
  return cases;
}

async function runWith(config: string | Uint8Array, dir: string, args: string[]) {
  const file = join(dir, "mimolo.toml");
  if (typeof config === "string") await Deno.writeTextFile(file, config);
  else await Deno.writeFile(file, config);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, "-c", file], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

Deno.test("broken configs: every generated case exits 2 with one line naming the file, never a stack trace", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "plugins"));
  const valid = await runWith(VALID, dir.path, ["monitor", "--dry-run"]);
  assert.equal(valid.code, 0, `the valid base config must pass: ${valid.err.join("\n")}`);
  const cases = brokenConfigs();
  assert.ok(cases.length > 80, `${cases.length} cases`);
  for (const [name, config] of cases) {
    for (const args of [["monitor", "--dry-run"], ["monitor"], ["register"]]) {
      const { code, err } = await runWith(config, dir.path, args);
      assert.equal(code, 2, `${name} (${args.join(" ")}): exit ${code}\n${err.join("\n")}`);
      assert.equal(err.length, 1, `${name}: one line, got ${err.length}`);
      assert.match(err[0], /^mimolo: .*mimolo\.toml/, name);
      assert.doesNotMatch(err[0], /\bat \S+:\d+:\d+|Error:|undefined|call stack/, name);
      assert.ok(err[0].length < 400, `${name}: short line`);
    }
  }
});

Deno.test("broken configs: any truncation of a valid config is refused cleanly or still valid", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "plugins"));
  for (let cut = 1; cut < VALID.length; cut += 7) {
    const { code, err } = await runWith(VALID.slice(0, cut), dir.path, ["register"]);
    assert.ok(code === 0 || code === 2, `cut at ${cut}: exit ${code} ${err.join("\n")}`);
    if (code === 2) assert.equal(err.length, 1, `cut at ${cut}`);
  }
});

Deno.test("broken configs: a duration beyond the timers' range names the range", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "plugins"));
  for (
    const [key, bad, range] of [
      [
        "cooldown_seconds",
        "2147484",
        /\[monitor\]\.cooldown_seconds: expected .*at most 2073600 \(24 days\)/,
      ],
      [
        "poll_tick_ms",
        "2147483648",
        /\[monitor\]\.poll_tick_ms: expected .*at most 2073600000 \(24 days\)/,
      ],
      [
        "poll_interval_s",
        "1e7",
        /\[plugins\.example\]\.poll_interval_s: expected .*at most 2073600/,
      ],
      ["timeout_s", "2147484", /\[plugins\.example\]\.timeout_s: expected .*at most 2073600/],
    ] as const
  ) {
    const config = VALID.replace(new RegExp(`^${key} = .*$`, "m"), `${key} = ${bad}`);
    const { code, err } = await runWith(config, dir.path, ["monitor", "--dry-run"]);
    assert.equal(code, 2, `${key}: ${err.join("\n")}`);
    assert.match(err[0], range);
  }
  const flag = await runWith(VALID, dir.path, ["monitor", "--dry-run", "--cooldown", "3e6"]);
  assert.equal(flag.code, 2, flag.err.join("\n"));
  assert.match(flag.err[0], /--cooldown: expected a number > 0 and at most 2073600/);
});

Deno.test("broken configs: bad grant values are named with their key and Deno's reason", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "plugins"));
  const net = VALID.replace('read = ["./data"]', 'net = ["localhost", "127.0.0.1:99999"]');
  const a = await runWith(net, dir.path, ["monitor", "--dry-run"]);
  assert.equal(a.code, 2, a.err.join("\n"));
  assert.match(
    a.err[0],
    /\[plugins\.example\.permissions\]\.net\[1\]: .*invalid port in '127\.0\.0\.1:99999'/,
  );
  const sys = VALID.replace('read = ["./data"]', 'sys = ["hostname", "bogus"]');
  const b = await runWith(sys, dir.path, ["monitor"]);
  assert.equal(b.code, 2, b.err.join("\n"));
  assert.match(
    b.err[0],
    /\[plugins\.example\.permissions\]\.sys\[1\]: unknown system info kind "bogus"/,
  );
  const flag = await runWith(VALID, dir.path, ["monitor", "--dry-run", "--allow-net=a.com:70000"]);
  assert.equal(flag.code, 2, flag.err.join("\n"));
  assert.match(flag.err[0], /--allow-net: invalid port in 'a\.com:70000'/);
  const good = VALID.replace(
    'read = ["./data"]',
    'net = ["*.example.com", "[::1]:8080", "10.0.0.0/8"]\nsys = ["hostname", "username"]',
  );
  const c = await runWith(good, dir.path, ["monitor", "--dry-run"]);
  assert.equal(c.code, 0, `valid grant values still pass: ${c.err.join("\n")}`);
});

Deno.test("broken configs: [plugins.__proto__] is refused as a reserved name, other labels are own keys", async () => {
  await using dir = await tempDir();
  await Deno.mkdir(join(dir.path, "plugins"));
  const { code, err } = await runWith(VALID + "\n[plugins.__proto__]\nenabled = true\n", dir.path, [
    "register",
  ]);
  assert.equal(code, 2, err.join("\n"));
  assert.match(err[0], /\[plugins\.__proto__\]: .*reserved/);
});
