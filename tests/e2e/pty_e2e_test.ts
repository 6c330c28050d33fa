import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl, spawnMimoloInPty } from "../helpers/cli.ts";
import { denoDescendant } from "../helpers/proc.ts";
import { waitUntil } from "../helpers/wait.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

// `script` (util-linux) and /proc, to find the mimolo inside the terminal, are Linux's.
const ignore = Deno.build.os !== "linux";

/** What Deno prints when it asks for a permission in a terminal. */
const PROMPT = /Deno requests|Allow\?|\[y\/n/;

/** A file no plugin here is granted. */
const SECRET = "secret.txt";

Deno.test({
  name: "e2e pty: a plugin reading at its top level is reported at discovery, without a prompt",
  ignore,
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    [SECRET]: "hunter2",
    "top/toplevel.ts": `const secret = Deno.readTextFileSync(${
      JSON.stringify(join(dir.path, SECRET))
    });\n${pluginSource(`{ label: "toplevel" }`, "return secret ? null : null;")}`,
    "mimolo.toml": `[monitor]\nplugin_dirs = ["top"]\nlog_dir = "out"\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path, {}, spawnMimoloInPty);
  try {
    const status = await live.exit(30_000);
    assert.equal(status.code, 3, live.stdout);
    assert.doesNotMatch(live.stdout, PROMPT);
    assert.match(
      live.stdout,
      /toplevel\.ts: failed to evaluate: Requires read access to ".*secret\.txt"/,
    );
  } finally {
    live.child.stdin.close();
  }
});

Deno.test({
  name:
    "e2e pty: denied reads in a poll and in folderwatch are those plugins' errors, without a prompt; others keep writing; SIGTERM ends it",
  ignore,
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    [SECRET]: "hunter2",
    "tree/.keep": "",
    "plugins/reader.ts": pluginSource(
      `{ label: "reader", pollIntervalS: 0.1 }`,
      `Deno.readTextFileSync(${JSON.stringify(join(dir.path, SECRET))}); return null;`,
    ),
    // An event every 0.5 s, each its own segment (cooldown 0.2 s).
    "plugins/healthy.ts": pluginSource(
      `{ label: "healthy", dataHeader: "n", pollIntervalS: 0.1 }`,
      `return this.n++ % 5 === 0 ? this.makeEvent("tick", { n: this.n }) : null;`,
    ),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.2\nlog_dir = "out"\n` +
      `[plugins.healthy]\n[plugins.reader]\n[plugins.folderwatch]\nwatch_dirs = ["tree"]\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path, {}, spawnMimoloInPty);
  try {
    await live.waitFor(
      /plugin reader: emitEvent\(\) was denied: Requires read access to ".*secret\.txt".*failure 2;/,
    );
    await live.waitFor(
      /plugin folderwatch: start \(constructor or onStart\(\)\) was denied: Requires read access to ".*tree".*\[plugins\.folderwatch\.permissions\] read = /,
    );
    const logs = join(dir.path, "out");
    await waitUntil(
      async () => (await readJsonl(logs).catch(() => [])).length >= 3,
      "three of healthy's segments",
    );
    // The monitor is not frozen: it still writes segments after the denials.
    const written = (await readJsonl(logs)).length;
    await waitUntil(
      async () => (await readJsonl(logs)).length > written,
      "another segment after the denials",
    );
    const pid = denoDescendant(live.child.pid);
    assert.ok(pid, "the monitor runs inside the terminal");
    const signalled = Date.now();
    Deno.kill(pid, "SIGTERM");
    const status = await live.exit(20_000);
    const seconds = (Date.now() - signalled) / 1000;
    assert.equal(status.code, 0, live.stdout);
    assert.ok(seconds < 10, `SIGTERM took ${seconds}s`);
    assert.match(live.stdout, /SIGTERM received/);
    assert.doesNotMatch(live.stdout, PROMPT);
    assert.doesNotMatch(live.stdout, /hunter2/);
    const records = await readJsonl(logs);
    assert.ok(records.every((r) => r.type === "segment" && r.labels?.toString() === "healthy"));
  } finally {
    live.child.stdin.close();
  }
});
