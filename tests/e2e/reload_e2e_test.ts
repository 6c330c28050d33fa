import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

// Reloading by signal needs SIGHUP; --watch-config runs everywhere but these tests stop the monitor with SIGTERM.
const POSIX = { ignore: Deno.build.os === "windows" };

/** Opens the segment with three resetting events, then goes quiet. */
const opener = pluginSource(
  `{ label: "opener", dataHeader: "items", pollIntervalS: 0.2 }`,
  `return this.n++ < 3 ? this.makeEvent("tick", { items: "i" + this.n }) : null;`,
);
/** Added by the reload: one non-resetting note, so it joins the open segment without moving its end. */
const noter = (note: string) =>
  pluginSource(
    `{ label: "noter", dataHeader: "notes", resetsCooldown: false, pollIntervalS: 0.2 }`,
    `return this.n++ === 0 ? this.makeEvent("note", { notes: "${note}" }) : null;`,
  );
const config = (cooldown: number, sections: string, logDir = "out") =>
  `[monitor]\ncooldown_seconds = ${cooldown}\npoll_tick_ms = 50\nlog_dir = "${logDir}"\n${sections}`;

/** The lines of `text` that match `pattern`. */
const linesMatching = (text: string, pattern: RegExp) =>
  text.split("\n").filter((l) => pattern.test(l));

/**
 * The reload scenario, driven by `reload` (a signal, or nothing for
 * --watch-config): an added plugin joins the open segment, a broken config
 * and a broken plugin file are each one error line and change nothing, a
 * changed plugin file restarts the plugin, and a shorter cooldown closes the
 * segment that has been open all along (a new log_dir is kept, with a warning).
 */
async function reloadScenario(args: string[], reload: (live: LiveMimolo) => void, ready: RegExp) {
  await using dir = await tempDir();
  const file = join(dir.path, "mimolo.toml");
  await writeFiles(dir.path, {
    "plugins/opener.ts": opener,
    "mimolo.toml": config(60, "[plugins.opener]\n"),
  });
  const live = new LiveMimolo(["monitor", ...args], dir.path);
  try {
    await live.waitFor(ready);
    await live.waitFor(/opener\.tick \| Data: \{"items":"i3"\}/);

    await writeFiles(dir.path, {
      "plugins/noter.ts": noter("first"),
      "mimolo.toml": config(60, "[plugins.opener]\n[plugins.noter]\n"),
    });
    reload(live);
    await live.waitFor(/reload \([^)]+\): started noter/);
    await live.waitFor(/noter\.note \| Data: \{"notes":"first"\}/);

    await Deno.writeTextFile(file, "[monitor\ncooldown_seconds = 1\n");
    reload(live);
    await live.waitFor(/reload \([^)]+\) failed/);
    const configErrors = linesMatching(live.stderr, /failed, keeping the running configuration/);
    assert.equal(configErrors.length, 1, live.stderr);
    assert.ok(
      configErrors[0].includes(`${file}:1:`),
      `names the file and line: ${configErrors[0]}`,
    );
    assert.match(configErrors[0], /TOML syntax error/);

    await writeFiles(dir.path, { "plugins/noter.ts": "export default class {" });
    await Deno.writeTextFile(file, config(60, "[plugins.opener]\n[plugins.noter]\n"));
    reload(live);
    await live.waitFor(/failed, keeping[^\n]*noter\.ts/);
    const pluginErrors = linesMatching(live.stderr, /failed, keeping[^\n]*noter\.ts/);
    assert.equal(pluginErrors.length, 1, live.stderr);
    assert.equal(live.exited, false, "the monitor goes on");
    assert.equal(await readJsonlOrNone(join(dir.path, "out")), 0, "no segment closed early");

    await writeFiles(dir.path, { "plugins/noter.ts": noter("second") });
    reload(live);
    await live.waitFor(/reload \([^)]+\): restarted noter/);
    await live.waitFor(/noter\.note \| Data: \{"notes":"second"\}/);

    await Deno.writeTextFile(file, config(1, "[plugins.opener]\n[plugins.noter]\n", "elsewhere"));
    reload(live);
    await live.waitFor(/cooldown_seconds 60 → 1/);
    const kept = linesMatching(
      live.stderr,
      /WARNING.*log_dir cannot change while the monitor runs/,
    );
    assert.equal(kept.length, 1, live.stderr);
    assert.ok(kept[0].includes(join(dir.path, "out")), `names the value kept: ${kept[0]}`);
    // The opener's last reset was seconds ago: with a 1 s cooldown the open segment closes now.
    await live.waitFor(/\[SEGMENT\]/);
  } finally {
    live.child.kill("SIGTERM");
    await live.exit();
  }
  assert.equal(linesMatching(live.stderr, /ERROR/).length, 2, live.stderr);
  const records = await readJsonl(join(dir.path, "out"));
  assert.equal(records.length, 1, "one segment, open from before the first reload");
  assert.equal(await readJsonlOrNone(join(dir.path, "elsewhere")), 0, "log_dir was kept");
  const seg = records[0];
  assert.deepEqual([...(seg.labels as string[])].sort(), ["noter", "opener"]);
  assert.equal(seg.resets_count, 2, "the opener's three events");
  const aggregated = seg.aggregated as Record<string, unknown[]>;
  assert.deepEqual(aggregated.items, ["i1", "i2", "i3"]);
  assert.deepEqual(
    aggregated.notes,
    ["first", "second"],
    "the added and restarted plugin's events",
  );
}

/** How many records a log folder holds (0 when it has none yet). */
async function readJsonlOrNone(dir: string): Promise<number> {
  try {
    return (await readJsonl(dir)).length;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return 0;
    throw err;
  }
}

Deno.test(
  "e2e reload: SIGHUP starts an added plugin in the open segment, keeps running on a broken config or plugin, restarts a changed one, applies a new cooldown",
  POSIX,
  async () => {
    await reloadScenario([], (live) => live.child.kill("SIGHUP"), /monitoring opener/);
  },
);

Deno.test(
  "e2e reload: --watch-config does the same when the files change, without a signal",
  POSIX,
  async () => {
    await reloadScenario(["--watch-config"], () => {}, /--watch-config: watching/);
  },
);

Deno.test({
  name:
    "e2e reload: a SIGHUP as soon as the config is read is a reload, never the end of the monitor",
  ...POSIX,
  fn: async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/opener.ts": opener,
      "mimolo.toml": config(60, "[plugins.opener]\n"),
    });
    const live = new LiveMimolo(["monitor"], dir.path);
    try {
      // Logged before the log folder, its journals and the reloader are set up.
      await live.waitFor(/INFO +\[monitor\] config: /);
      live.child.kill("SIGHUP");
      await live.waitFor(/reload \(SIGHUP[^)]*\): nothing changed/);
      await live.waitFor(/monitoring opener/);
      live.child.kill("SIGTERM");
      const status = await live.exit();
      assert.equal(status.signal, null, `ended by ${status.signal}:\n${live.stderr}`);
      assert.equal(status.code, 0, live.stderr);
    } finally {
      if (!live.exited) live.child.kill("SIGKILL");
      await live.exit();
    }
  },
});
