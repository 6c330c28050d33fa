import assert from "node:assert/strict";
import { join } from "node:path";
import { mimoloCommand, runMimolo } from "../helpers/cli.ts";
import { seg, writeLogs, writeReportFixture as fixture } from "../helpers/report_logs.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

const BOTH = ["--logs", "logs", "--logs", "desk-logs"];

async function reportJson(dir: string, args: string[], env: Record<string, string> = {}) {
  const res = await runMimolo(["report", ...args, "--format", "json"], dir, 60_000, env);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout);
}

const seconds = (rows: { key: string; seconds: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.seconds]));

Deno.test("report e2e: projects from VCS roots, watch_dirs, rules, folder names and labels; 1/k split; midnight; TZ", async () => {
  await using dir = await tempDir();
  await fixture(dir.path);
  const model = await reportJson(dir.path, ["--day", "2026-03-02", ...BOTH], {
    TZ: "Europe/Berlin",
  });
  assert.equal(model.tz, "Europe/Berlin");
  assert.deepEqual(seconds(model.rows), {
    alpha: 3600 + 900 + 1800,
    beta: 1800 + 900,
    client: 1200,
    example: 900,
    gamma: 600,
  });
  assert.deepEqual(model.rows.map((r: { key: string }) => r.key), [
    "alpha",
    "beta",
    "client",
    "example",
    "gamma",
  ]);
  assert.equal(model.total_s, 11_700);
  assert.equal(model.rows.reduce((s: number, r: { seconds: number }) => s + r.seconds, 0), 11_700);
  const alpha = model.rows[0];
  assert.equal(alpha.root, join(dir.path, "work/alpha"), "the git root");
  assert.equal(alpha.segments, 3);
  assert.equal(model.rows[1].root, join(dir.path, "work/beta"), "first folder below watch_dirs");
  assert.equal(
    model.rows.find((r: { key: string }) => r.key === "gamma").root,
    join(dir.path, "elsewhere/gamma"),
  );
  assert.deepEqual(model.standalone, [{ label: "alert", count: 1 }]);
  assert.equal(model.segments, 7);
  const day = model.days[0];
  assert.equal(day.date, "2026-03-02");
  assert.equal(
    day.segments[0].start,
    "2026-03-02T00:15:00+01:00",
    "S0, from desk's UTC-named 03-01 file",
  );
  const last = day.segments.at(-1);
  assert.deepEqual([last.start, last.end, last.seconds], [
    "2026-03-02T23:30:00+01:00",
    "2026-03-03T00:00:00+01:00",
    1800,
  ]);
  assert.deepEqual(day.segments[2].keys.sort(), ["alpha", "beta"], "S2 is split");
  assert.equal(day.segments[2].seconds, 1800);

  // --tz gives the same answer as TZ; the machine's own zone (UTC here) another one.
  assert.deepEqual(
    await reportJson(dir.path, ["--day", "2026-03-02", "--tz", "Europe/Berlin", ...BOTH]),
    model,
  );
  const utc = await reportJson(dir.path, ["--day", "2026-03-02", "--tz", "UTC", ...BOTH]);
  assert.deepEqual(seconds(utc.rows), {
    alpha: 3600 + 900 + 3600,
    beta: 900,
    client: 1200,
    example: 900,
    gamma: 600,
  });
});

Deno.test("report e2e: --by host, day, label and folder; a segment across midnight counts toward each day", async () => {
  await using dir = await tempDir();
  await fixture(dir.path);
  const args = ["--tz", "Europe/Berlin", ...BOTH];
  const byHost = await reportJson(dir.path, ["--day", "2026-03-02", "--by", "host", ...args]);
  assert.deepEqual(seconds(byHost.rows), {
    laptop: 3600 + 1800 + 1800,
    desk: 1800 + 1200 + 600 + 900,
  });
  const byDay = await reportJson(dir.path, [
    "--from",
    "2026-03-02",
    "--to",
    "2026-03-03",
    "--by",
    "day",
    ...args,
  ]);
  assert.deepEqual(byDay.rows.map((r: { key: string; seconds: number }) => [r.key, r.seconds]), [
    ["2026-03-02", 11_700],
    ["2026-03-03", 1800],
  ]);
  assert.deepEqual(byDay.days.map((d: { total_s: number }) => d.total_s), [11_700, 1800]);
  const nextDay = await reportJson(dir.path, ["--day", "2026-03-03", ...args]);
  assert.deepEqual(seconds(nextDay.rows), { alpha: 1800 });
  assert.equal(nextDay.days[0].segments[0].start, "2026-03-03T00:00:00+01:00");
  const byLabel = await reportJson(dir.path, ["--day", "2026-03-02", "--by", "label", ...args]);
  assert.deepEqual(seconds(byLabel.rows), { folderwatch: 10_800, example: 900 });
  const byFolder = await reportJson(dir.path, ["--day", "2026-03-02", "--by", "folder", ...args]);
  const f = seconds(byFolder.rows);
  assert.equal(
    f[join(dir.path, "work/alpha/src")],
    1800 + 900,
    "S1 split over two folders, S2 over two",
  );
  assert.equal(f[join(dir.path, "work/alpha")], 1800 + 1800);
  assert.equal(f.example, 900);
  assert.equal(byFolder.total_s, 11_700);
});

Deno.test("report e2e: YAML and Markdown logs give the same numbers as JSONL", async () => {
  const models = [];
  for (const format of ["jsonl", "yaml", "md"] as const) {
    await using dir = await tempDir();
    await fixture(dir.path, format);
    const model = await reportJson(dir.path, [
      "--from",
      "2026-03-01",
      "--to",
      "2026-03-03",
      "--tz",
      "Europe/Berlin",
      ...BOTH,
    ]);
    // Folder paths differ between temp dirs; compare everything else.
    models.push(JSON.parse(JSON.stringify(model).replaceAll(dir.path, "<dir>")));
  }
  assert.equal(models[0].total_s, 11_700 + 1800);
  assert.deepEqual(models[1], models[0], "yaml");
  assert.deepEqual(models[2], models[0], "md");
});

Deno.test("report e2e: text and csv; a corrupt line is skipped with one warning", async () => {
  await using dir = await tempDir();
  await fixture(dir.path);
  const file = join(dir.path, "logs", "2026-03-02.mimolo.jsonl");
  const lines = (await Deno.readTextFile(file)).split("\n");
  lines.splice(1, 0, '{"type":"segment","start":"2026-03-02T1');
  await Deno.writeTextFile(file, lines.join("\n"));
  const text = await runMimolo(["report", "--day", "2026-03-02", ...BOTH], dir.path, 60_000, {
    TZ: "Europe/Berlin",
  });
  assert.equal(text.code, 0, text.stderr);
  // Only the warning: the line naming the config and logs is for a terminal (see the pty test).
  assert.equal(
    text.stderr.trim(),
    `mimolo: warning: ${file}:2: not valid JSON (a torn or corrupt line); skipped`,
  );
  const out = text.stdout.split("\n");
  assert.equal(out[0], "MiMoLo report · Mon 2026-03-02 · Europe/Berlin · by project");
  assert.match(text.stdout, /^█ alpha +1:45 +54% +3$/m);
  assert.match(text.stdout, /^▓ beta +0:45 +23% +2$/m);
  assert.match(text.stdout, /^ {2}Total +3:15 +100% +7$/m);
  assert.match(text.stdout, /^Standalone events: alert 1$/m);
  const strip = out.find((l) => l.startsWith("Mon 03-02"))!;
  assert.match(strip, /^Mon 03-02 {3}3:15 [·█▓▒░#]{96}$/);
  const cells = strip.slice(17);
  assert.equal(cells.slice(36, 40), "████", "09:00–10:00 is alpha");
  assert.equal(cells.slice(0, 3), "·▓▓", "00:15–00:45 is beta");
  assert.equal(cells.slice(40, 44), "····", "10:00–11:00 nothing");
  assert.equal(cells.slice(94), "██", "23:30–24:00 alpha");

  const csv = await runMimolo([
    "report",
    "--from",
    "2026-03-02",
    "--to",
    "2026-03-03",
    "--format",
    "csv",
    "--tz",
    "Europe/Berlin",
    ...BOTH,
  ], dir.path);
  assert.equal(csv.code, 0, csv.stderr);
  assert.deepEqual(csv.stdout.trimEnd().split("\r\n"), [
    "date,key,seconds,segments",
    "2026-03-02,alpha,6300,3",
    "2026-03-02,beta,2700,2",
    "2026-03-02,client,1200,1",
    "2026-03-02,example,900,1",
    "2026-03-02,gamma,600,1",
    "2026-03-03,alpha,1800,1",
  ]);
});

Deno.test("report e2e: an empty window is an empty report, exit 0; bad values exit 2 with one line", async () => {
  await using dir = await tempDir();
  await fixture(dir.path);
  await writeFiles(dir.path, { "unused.toml": `[monitor]\nlog_dir = "never"\n` });
  const empty = await reportJson(dir.path, ["--day", "2025-06-01", ...BOTH]);
  assert.equal(empty.total_s, 0);
  assert.deepEqual(empty.rows, []);
  const text = await runMimolo(["report", "--day", "2025-06-01"], dir.path);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /No activity recorded in this window\./);
  for (
    const [args, message] of [
      [
        ["--day", "2026-02-30"],
        'mimolo report: --day: expected a date YYYY-MM-DD, got "2026-02-30"',
      ],
      [
        ["--from", "2026-03-05", "--to", "2026-03-01"],
        "mimolo report: --from 2026-03-05 is after --to 2026-03-01",
      ],
      [
        ["--tz", "Mars/Olympus"],
        'mimolo report: --tz: unknown time zone "Mars/Olympus" (expected an IANA zone such as Europe/Berlin)',
      ],
      [
        ["--by", "colour"],
        'mimolo report: --by: expected one of project, folder, label, host, day, got "colour"',
      ],
      [
        ["--format", "pdf"],
        'mimolo report: --format: expected one of text, json, csv, html, got "pdf"',
      ],
      [["--logs", "nowhere"], `mimolo: log folder ${join(dir.path, "nowhere")} does not exist`],
      [
        ["-c", "unused.toml"],
        `mimolo: log folder ${join(dir.path, "never")} does not exist yet: the monitor creates ` +
        `it when it first runs (log_dir of ${
          join(dir.path, "unused.toml")
        }; --logs DIR reads another folder)`,
      ],
      [["--today", "--week"], "mimolo report: choose one window, got --today and --week"],
    ] as const
  ) {
    const res = await runMimolo(["report", ...args], dir.path);
    assert.equal(res.code, 2, `${args.join(" ")}: ${res.stdout}`);
    const help = message.startsWith("mimolo report: ") ? " (see mimolo report --help)" : "";
    assert.equal(res.stderr.trim(), message + help);
  }
  // No config at all: the monitor would not run, so its log folder will never appear by itself.
  const bare = join(dir.path, "work");
  const none = await runMimolo(["report"], bare);
  assert.equal(none.code, 2, none.stdout);
  assert.equal(
    none.stderr.trim(),
    `mimolo: log folder ${join(bare, "logs")} does not exist: no config file found (looked for ` +
      `$MIMOLO_CONFIG, ./mimolo.toml, ${
        join(bare, ".no-user-config", "mimolo", "mimolo.toml")
      }); ` +
      'create one with "mimolo init", or name log folders with --logs DIR',
  );
});

Deno.test({
  name: "report e2e: colours on a terminal (script gives a pseudo-terminal), none with NO_COLOR",
  // util-linux `script` is Linux's; elsewhere the terminal check is the same Deno.stdout.isTerminal().
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using dir = await tempDir();
    await fixture(dir.path);
    const [cmd, args] = mimoloCommand([
      "report",
      "--day",
      "2026-03-02",
      "--tz",
      "Europe/Berlin",
      ...BOTH,
    ]);
    const line = [cmd, ...args].map((a) => `'${a}'`).join(" ");
    const run = async (env: Record<string, string>) => {
      const out = await new Deno.Command("script", {
        args: ["-qec", line, "/dev/null"],
        cwd: dir.path,
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout);
    };
    const coloured = await run({ NO_COLOR: "", TERM: "xterm" });
    const said = `mimolo report: config: ${join(dir.path, "mimolo.toml")} (found in the working ` +
      `directory); logs: ${join(dir.path, "logs")}, ${join(dir.path, "desk-logs")}`;
    assert.ok(
      coloured.trimEnd().split(/\r?\n/).at(-1) === said,
      `the terminal's last line names the config and logs:\n${coloured}`,
    );
    // deno-lint-ignore no-control-regex -- matching ANSI colour codes is the point
    assert.match(coloured, /\x1b\[34m█\x1b\[0m alpha/, "alpha's row marker in its colour");
    // deno-lint-ignore no-control-regex -- matching ANSI colour codes is the point
    assert.match(coloured, /Mon 03-02 {3}3:15 .*\x1b\[34m█/, "the strip too");
    const plain = await run({ NO_COLOR: "1", TERM: "xterm" });
    // deno-lint-ignore no-control-regex -- matching ANSI colour codes is the point
    assert.doesNotMatch(plain, /\x1b\[/);
    assert.match(plain, /█ alpha/);
  },
});

Deno.test("report e2e: a segment that began in the window and ended days later is found in a later file", async () => {
  await using dir = await tempDir();
  const work = join(dir.path, "work");
  await writeLogs(join(dir.path, "logs"), "jsonl", {
    "2026-03-02": [seg("2026-03-02T08:00:00.000Z", "2026-03-02T09:00:00.000Z", "laptop", [work])],
    "2026-03-03": [seg("2026-03-03T08:00:00.000Z", "2026-03-03T09:00:00.000Z", "desk", [work])],
    "2026-03-04": [seg("2026-03-04T08:00:00.000Z", "2026-03-04T09:00:00.000Z", "desk", [work])],
    // Three days without a cooldown-long pause, from 20:00 on the 2nd: filed on the 5th.
    "2026-03-05": [seg("2026-03-02T20:00:00.000Z", "2026-03-05T08:00:00.000Z", "laptop", [work])],
  });
  const model = await reportJson(dir.path, [
    "--day",
    "2026-03-02",
    "--tz",
    "UTC",
    "--logs",
    "logs",
  ]);
  assert.equal(model.total_s, 3600 + 4 * 3600);
  assert.deepEqual(
    model.days[0].segments.map((s: { start: string; end: string }) => [s.start, s.end]),
    [
      ["2026-03-02T08:00:00+00:00", "2026-03-02T09:00:00+00:00"],
      ["2026-03-02T20:00:00+00:00", "2026-03-03T00:00:00+00:00"],
    ],
  );
});
