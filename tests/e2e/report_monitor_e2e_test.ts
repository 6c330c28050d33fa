import assert from "node:assert/strict";
import { join } from "node:path";
import { runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { Zone } from "../../src/time/mod.ts";

/** Far from UTC, so "today" and the file's local date are often not the UTC ones. */
const TZ = "Pacific/Kiritimati";

for (const format of ["jsonl", "yaml", "md"] as const) {
  Deno.test(`report e2e: the monitor writes ${format}, then report --today finds the segment`, async () => {
    await using dir = await tempDir();
    const folder = join(dir.path, "work", "proj", "src");
    await writeFiles(dir.path, {
      "plugins/edits.ts": pluginSource(
        `{ label: "edits", dataHeader: "folders", pollIntervalS: 0.2 }`,
        `return this.n++ < 3 ? this.makeEvent("file_mod", { folders: [${
          JSON.stringify(folder)
        }] }) : null;`,
        `static override filterMethod(items: string[][]): string[] { return [...new Set(items.flat())].sort(); }`,
      ),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 1\npoll_tick_ms = 50\nlog_dir = "logs"\n` +
        `log_format = "${format}"\nhost = "box"\n[plugins.edits]\nwatch_dirs = ["work"]\n`,
    });
    const run = await runMimolo(["monitor", "--once"], dir.path, 60_000, { TZ });
    assert.equal(run.code, 0, run.stderr);
    const seg = /\[SEGMENT\] (\S+) -> (\S+) \((\d+:\d\d:\d\d), ([\d.]+)s\)/.exec(run.stdout);
    assert.ok(seg, run.stdout);
    assert.match(seg[1], /^\d\d:\d\d:\d\d\+14:00$/, "console times are local, with the offset");
    assert.match(
      run.stderr,
      /^\d\d:\d\d:\d\d\+14:00 INFO +\[monitor\] monitoring edits/m,
      "so are diagnostics",
    );
    const [name] = [...Deno.readDirSync(join(dir.path, "logs"))].map((e) => e.name).filter((n) =>
      n.endsWith(`.mimolo.${format}`)
    );
    const report = await runMimolo(["report", "--format", "json"], dir.path, 60_000, { TZ });
    assert.equal(report.code, 0, report.stderr);
    const model = JSON.parse(report.stdout);
    const today = new Zone(TZ).dateOf(Date.now());
    assert.equal(model.from, today);
    assert.equal(name, `${today}.mimolo.${format}`, "the file is named by the local date");
    assert.equal(model.tz, TZ);
    assert.equal(model.segments, 1);
    assert.deepEqual(model.rows.map((r: { key: string }) => r.key), ["proj"]);
    assert.equal(model.rows[0].root, join(dir.path, "work", "proj"));
    assert.ok(
      model.total_s > 0 && Math.abs(model.total_s - Number(seg[4])) < 0.06,
      `${model.total_s} vs ${seg[4]}`,
    );
    const part = model.days[0].segments[0];
    assert.equal(part.host, "box");
    assert.deepEqual(part.folders, [folder]);
    assert.equal(
      part.start.slice(11, 19),
      seg[1].slice(0, 8),
      "the report's start is the console's",
    );
  });
}
