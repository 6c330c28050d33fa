import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl, runMimolo } from "../helpers/cli.ts";
import { canMount, run } from "../helpers/mount.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A plugin owning the `n` data header that reports nothing: recovery aggregates its values. */
const keeper = pluginSource(
  `{ label: "keeper", dataHeader: "n", pollIntervalS: 60 }`,
  "return null;",
);

const CONFIG =
  `[monitor]\ncooldown_seconds = 5\nlog_dir = "logs"\nlog_day = "utc"\n[plugins.keeper]\n`;

/** Journal lines of `count` events one second apart, an hour ago (their cooldown has run out). */
function journalLines(count: number, startMs = Date.now() - 3_600_000): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      t: new Date(startMs + i * 1000).toISOString(),
      l: "keeper",
      e: "tick",
      r: true,
      h: "n",
      v: i + 1,
      w: startMs + i * 1000,
    }));
}

const JOURNAL = "logs/.journal/segment-1-1-0.jsonl";

async function withJournal(dir: string, lines: string[]): Promise<void> {
  await writeFiles(dir, {
    "plugins/keeper.ts": keeper,
    "mimolo.toml": CONFIG,
    [JOURNAL]: lines.map((l) => "\n" + l).join(""),
  });
}

function journalDir(dir: string): string[] {
  return [...Deno.readDirSync(join(dir, "logs/.journal"))].map((e) => e.name).sort();
}

Deno.test("e2e journal: a corrupted entry is set aside and said, the rest of the segment is recovered", async () => {
  await using dir = await tempDir();
  const [a, b, c] = journalLines(3);
  const garbage = b.replace(/"t":"[^"]*"/, '"t":"garbage"');
  await withJournal(dir.path, [a, garbage, b, c]);
  const first = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stderr,
    /WARNING .*segment-1-1-0\.jsonl: 1 unreadable entry set aside in .*segment-1-1-0\.jsonl\.bad-/,
  );
  const records = await readJsonl(join(dir.path, "logs"));
  assert.equal(records.length, 1);
  assert.deepEqual((records[0].aggregated as { n: number[] }).n, [1, 2, 3]);
  const sidecars = journalDir(dir.path).filter((n) => n.includes(".bad-"));
  assert.equal(sidecars.length, 1, journalDir(dir.path).join(", "));
  const aside = await Deno.readTextFile(join(dir.path, "logs/.journal", sidecars[0]));
  assert.equal(aside.trim(), garbage, "the bad line is kept, exactly as it was");
  assert.deepEqual(journalDir(dir.path), sidecars, "the journal itself is gone once written");
});

Deno.test("e2e journal: a timestamp in year +275760 is set aside, never a file named after it", async () => {
  await using dir = await tempDir();
  const [a, b] = journalLines(2);
  const future = b.replace(/"t":"[^"]*"/, '"t":"+275760-09-13T00:00:00.000Z"');
  await withJournal(dir.path, [a, future]);
  const run = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /1 unreadable entry set aside/);
  const names = [...Deno.readDirSync(join(dir.path, "logs"))].map((e) => e.name);
  assert.ok(!names.some((n) => n.startsWith("+")), names.join(", "));
  const records = await readJsonl(join(dir.path, "logs"));
  assert.deepEqual(records.map((r) => (r.aggregated as { n: number[] }).n), [[1]]);
});

Deno.test("e2e journal: a journal whose segment is already in the log is not written again", async () => {
  await using dir = await tempDir();
  const lines = journalLines(3);
  await withJournal(dir.path, lines);
  const first = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(first.code, 0, first.stderr);
  assert.equal((await readJsonl(join(dir.path, "logs"))).length, 1);
  // As if removing it had failed, or the monitor had been killed right after writing the record.
  await writeFiles(dir.path, { [JOURNAL]: lines.map((l) => "\n" + l).join("") });
  const live = new LiveMimolo(["monitor"], dir.path);
  await live.waitFor(/monitoring keeper/);
  await live.waitFor(/segment from .* is already in the log; removed its journal/);
  live.child.kill("SIGTERM");
  assert.equal((await live.exit()).code, 0, live.stderr);
  assert.equal((await readJsonl(join(dir.path, "logs"))).length, 1, "written once");
  assert.deepEqual(journalDir(dir.path), []);
});

Deno.test({
  name:
    "e2e journal: a journal that cannot be removed after its segment was written does not make the next start write it again",
  // A journal bind-mounted onto itself cannot be removed (EBUSY), even by root: needs Linux, root, mount.
  ignore: !canMount((file) => ["--bind", file, file], "file"),
  fn: async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/burst.ts": pluginSource(
        `{ label: "burst", dataHeader: "n", pollIntervalS: 0.2 }`,
        `return this.n++ < 3 ? this.makeEvent("tick", { n: this.n }) : null;`,
      ),
      "plugins/quiet.ts": pluginSource(`{ label: "quiet", pollIntervalS: 60 }`, "return null;"),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 2\npoll_tick_ms = 50\nlog_dir = "logs"\n` +
        `[plugins.burst]\n`,
      "restart.toml": `[monitor]\nlog_dir = "logs"\n[plugins.quiet]\n`,
    });
    const live = new LiveMimolo(["monitor"], dir.path);
    let pinned: string | null = null;
    try {
      await waitUntil(() => {
        try {
          return journalDir(dir.path).length > 0;
        } catch {
          return false;
        }
      }, "the segment's journal");
      pinned = join(dir.path, "logs/.journal", journalDir(dir.path)[0]);
      run("mount", "--bind", pinned, pinned);
      await live.waitFor(/cannot remove the journal .*busy/i);
      live.child.kill("SIGTERM");
      assert.equal((await live.exit()).code, 0, live.stderr);
    } finally {
      if (!live.exited) live.child.kill("SIGKILL");
      await live.exit();
      if (pinned) run("umount", pinned);
    }
    assert.equal((await readJsonl(join(dir.path, "logs"))).length, 1);
    assert.equal(journalDir(dir.path).length, 1, "the journal is still there");
    const again = new LiveMimolo(["monitor", "-c", "restart.toml"], dir.path);
    await again.waitFor(/already in the log; removed its journal/);
    // That line comes before the signal handlers are installed; this one after.
    await again.waitFor(/monitoring quiet/);
    again.child.kill("SIGTERM");
    assert.equal((await again.exit()).code, 0, again.stderr);
    const records = await readJsonl(join(dir.path, "logs"));
    assert.equal(records.length, 1, `written once: ${JSON.stringify(records)}`);
  },
});
