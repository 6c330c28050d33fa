import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** Emits on its first `burst` polls with `items`. */
const burst = (label: string, burst: number, interval = 0.2) =>
  pluginSource(
    `{ label: "${label}", dataHeader: "${label}_items", pollIntervalS: ${interval} }`,
    `return this.n++ < ${burst} ? this.makeEvent("tick", { ${label}_items: [this.n] }) : null;`,
  );

Deno.test("e2e plugins: a drop-in plugin with a relative helper import runs from outside the repo", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "my-plugins/greeter.ts": pluginSource(
      `{ label: "greeter", dataHeader: "words", pollIntervalS: 0.2 }`,
      `return this.n++ < 2 ? this.makeEvent("hello", { words: [shout(String(this.config.word))] }) : null;`,
    ).replace('from "@mimolo/sdk";', 'from "@mimolo/sdk";\nimport { shout } from "./_shout.ts";'),
    "my-plugins/_shout.ts": `export const shout = (s: string): string => s.toUpperCase() + "!";\n`,
    "mimolo.toml":
      `[monitor]\ncooldown_seconds = 1\nlog_dir = "out"\nplugin_dirs = ["my-plugins"]\n[plugins.greeter]\nword = "hi"\n`,
  });
  const res = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  const [segment] = await readJsonl(join(dir.path, "out"));
  assert.deepEqual(segment.aggregated, { words: [["HI!"], ["HI!"]] });
});

Deno.test(
  "e2e plugins: a hanging plugin is reported while the healthy plugin's segment closes on time",
  {
    // Stopping it gracefully needs a POSIX signal.
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/healthy.ts": burst("healthy", 2),
      "plugins/hang.ts": pluginSource(`{ label: "hang", pollIntervalS: 0.2 }`, "while (true) {}"),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 1\npoll_tick_ms = 50\nlog_dir = "out"\n` +
        `[plugins.healthy]\n[plugins.hang]\ntimeout_s = 10\n`,
    });
    const live = new LiveMimolo(["monitor"], dir.path);
    await live.waitFor(/\[SEGMENT\]/);
    // The segment closed one cooldown after the healthy plugin's events, while the other
    // plugin was still stuck in its first poll (its 10 s timeout had not run out).
    assert.doesNotMatch(live.stderr, /plugin hang/);
    const [segment] = await readJsonl(join(dir.path, "out"));
    assert.deepEqual(segment.labels, ["healthy"]);
    await live.waitFor(
      /plugin hang: emitEvent\(\) did not finish within 10s \(timeout_s\); worker terminated/,
    );
    assert.match(live.stderr, /failure 1; quarantined, next poll in 1s/);
    live.child.kill("SIGTERM");
    assert.equal((await live.exit()).code, 0, live.stderr);
  },
);

/** Reads `secret` on its first poll only, so a one-second cooldown can close the segment. */
const reader = (secret: string) =>
  pluginSource(
    `{ label: "reader", pollIntervalS: 0.2 }`,
    `if (this.n++ > 0) return null;
    return Deno.readTextFile(${
      JSON.stringify(secret)
    }).then((text) => this.makeEvent("read", { text }));`,
  );

Deno.test("e2e plugins: reading an ungranted file is reported and the monitor keeps running", async () => {
  await using dir = await tempDir();
  const secret = join(dir.path, "secret.txt");
  await writeFiles(dir.path, {
    "plugins/reader.ts": reader(secret),
    "plugins/healthy.ts": burst("healthy", 1),
    "secret.txt": "s3cret",
    "mimolo.toml":
      `[monitor]\ncooldown_seconds = 1\nlog_dir = "out"\n[plugins.reader]\n[plugins.healthy]\n`,
  });
  const res = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  assert.match(
    res.stderr,
    /plugin reader: emitEvent\(\) was denied: Requires read access to ".*secret\.txt"/,
  );
  assert.match(res.stderr, /--allow-read=.*secret\.txt/);
  assert.match(res.stderr, /\[plugins\.reader\.permissions\] read = /);
  const [segment] = await readJsonl(join(dir.path, "out"));
  assert.deepEqual(segment.labels, ["healthy"], "the monitor carried on without the denied plugin");
});

Deno.test("e2e plugins: the same plugin reads with --allow-read, and separately with a config grant", async () => {
  await using dir = await tempDir();
  const secret = join(dir.path, "secret.txt");
  await writeFiles(dir.path, {
    "plugins/reader.ts": reader(secret).replace(
      "pollIntervalS: 0.2",
      'dataHeader: "text", pollIntervalS: 0.2',
    ),
    "secret.txt": "s3cret",
    "flag.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "out-flag"\n[plugins.reader]\n`,
    "grant.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "out-grant"\n` +
      `[plugins.reader]\n[plugins.reader.permissions]\nread = ["./secret.txt"]\n`,
  });
  const withFlag = await runMimolo(
    ["monitor", "--once", "-c", "flag.toml", "--allow-read"],
    dir.path,
  );
  assert.equal(withFlag.code, 0, withFlag.stderr);
  const withGrant = await runMimolo(["monitor", "--once", "-c", "grant.toml"], dir.path);
  assert.equal(withGrant.code, 0, withGrant.stderr);
  for (const out of ["out-flag", "out-grant"]) {
    const [segment] = await readJsonl(join(dir.path, out));
    assert.equal((segment.aggregated as { text: string[] }).text[0], "s3cret", out);
  }
  assert.doesNotMatch(withFlag.stderr + withGrant.stderr, /denied/);
});

Deno.test("e2e plugins: register and --dry-run show each plugin's effective grants", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/reader.ts": reader("/nowhere"),
    "mimolo.toml": `[plugins.reader]\npermissions = { read = ["./data"], net = true }\n`,
  });
  const dry = await runMimolo(["monitor", "--dry-run", "--allow-env=HOME"], dir.path);
  assert.equal(dry.code, 0, dry.stderr);
  const effective = JSON.parse(dry.stdout);
  assert.equal(effective.plugins[0].grants, `read=${join(dir.path, "data")} net env=HOME`);
  const reg = await runMimolo(["register", "--allow-env=HOME"], dir.path);
  assert.equal(reg.code, 0, reg.stderr);
  assert.match(reg.stdout, /reader +\[enabled\][^]*grants: read=.*data net env=HOME/);
  assert.match(reg.stdout, /example +\[no config section\][^\n]*\n[^\n]*\n +grants: env=HOME\n/);
});

Deno.test("e2e plugins: a throwing constructor is quarantined with backoff while the monitor keeps running", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/healthy.ts": burst("healthy", 2),
    "plugins/ctor.ts": pluginSource(
      `{ label: "ctor", pollIntervalS: 0.2 }`,
      "return null;",
      `constructor() { super(); throw new Error("missing api_key"); }`,
    ),
    "mimolo.toml":
      `[monitor]\ncooldown_seconds = 1\nlog_dir = "out"\n[plugins.healthy]\n[plugins.ctor]\n`,
  });
  const res = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  assert.match(
    res.stderr,
    /plugin ctor: start \(constructor or onStart\(\)\) threw Error: missing api_key \(failure 1; quarantined, next poll in 1s\)/,
  );
  const [segment] = await readJsonl(join(dir.path, "out"));
  assert.deepEqual(segment.labels, ["healthy"]);
});
