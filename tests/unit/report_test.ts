import assert from "node:assert/strict";
import type { LogRecord } from "@mimolo/sdk";
import type { ReportBy, ReportModel } from "../../src/report/model.ts";
import { earliestEnd, fileSpan, OpenMachines } from "../../src/report/file_span.ts";
import { ProjectResolver } from "../../src/report/projects.ts";
import { renderCsv } from "../../src/report/render_csv.ts";
import { renderJson } from "../../src/report/render_json.ts";
import { Summariser } from "../../src/report/summarise.ts";
import { reportWindow, windowDates } from "../../src/report/window.ts";
import { wallMinutes } from "../../src/report/day_clock.ts";
import { Zone } from "../../src/time/mod.ts";
import { seg, standalone } from "../helpers/report_logs.ts";

const berlin = new Zone("Europe/Berlin");
const noVcs = { rules: [], watchRoots: [], hasVcsMarker: () => false };

function summarise(
  records: LogRecord[],
  from: string,
  to = from,
  by: ReportBy = "project",
  zone = berlin,
) {
  const projects = new ProjectResolver({ ...noVcs, watchRoots: ["/w"] });
  const s = new Summariser({
    window: reportWindow(from, to, zone),
    by,
    projectOf: (f) => projects.of(f),
    keepParts: true,
  });
  for (const r of records) s.add(r);
  return s.finish();
}

/** The model as `--format json` writes it: each day with its segment parts. */
function jsonForm(m: ReportModel) {
  const { parts, days, ...head } = m;
  return {
    ...head,
    days: days.map((d, i) => ({
      date: d.date,
      total_s: d.total_s,
      rows: d.rows,
      segments: parts!.of(i),
    })),
  };
}

Deno.test("window: today, yesterday, ISO week (Monday first), calendar month, ranges", () => {
  assert.deepEqual(windowDates({ kind: "today" }, "2026-03-05"), {
    from: "2026-03-05",
    to: "2026-03-05",
  });
  assert.deepEqual(windowDates({ kind: "yesterday" }, "2026-03-01"), {
    from: "2026-02-28",
    to: "2026-02-28",
  });
  assert.deepEqual(windowDates({ kind: "week" }, "2026-03-05"), {
    from: "2026-03-02",
    to: "2026-03-08",
  });
  assert.deepEqual(windowDates({ kind: "week" }, "2026-03-08"), {
    from: "2026-03-02",
    to: "2026-03-08",
  });
  assert.deepEqual(windowDates({ kind: "month" }, "2024-02-10"), {
    from: "2024-02-01",
    to: "2024-02-29",
  });
  assert.deepEqual(windowDates({ kind: "month" }, "2026-12-31"), {
    from: "2026-12-01",
    to: "2026-12-31",
  });
  const w = reportWindow("2026-03-28", "2026-03-30", berlin);
  assert.deepEqual(
    w.days.map((d) => (d.end - d.start) / 3_600_000),
    [24, 23, 24],
    "DST on the 29th",
  );
  assert.deepEqual(w.days.map((d) => d.offset), [60, null, 120]);
  assert.equal(w.start, Date.parse("2026-03-27T23:00:00Z"));
  assert.equal(w.end, Date.parse("2026-03-30T22:00:00Z"));
});

Deno.test("summarise: a segment across local midnight counts toward each day for its part", () => {
  const r = seg("2026-03-02T22:30:00.000Z", "2026-03-02T23:30:00.000Z", "h", ["/w/a"]);
  const both = summarise([r], "2026-03-02", "2026-03-03");
  assert.deepEqual(both.days.map((d) => d.total_s), [1800, 1800]);
  assert.equal(both.total_s, 3600);
  assert.equal(both.rows[0].segments, 1, "one segment, counted once in the totals");
  assert.deepEqual(both.days.map((d) => d.rows[0].segments), [1, 1]);
  assert.deepEqual(both.parts!.of(0)[0].end, "2026-03-03T00:00:00+01:00");
  assert.deepEqual(both.parts!.of(1)[0].start, "2026-03-03T00:00:00+01:00");
  assert.equal(summarise([r], "2026-03-03").total_s, 1800, "clipped to the window");
  assert.equal(
    summarise([r], "2026-03-02", "2026-03-02", "project", new Zone("UTC")).total_s,
    3600,
  );
  assert.equal(summarise([r], "2026-03-04").total_s, 0);
});

Deno.test("summarise: a segment of k keys gives each 1/k; rows add up to the total to the millisecond", () => {
  const r = seg("2026-03-02T10:00:00.000Z", "2026-03-02T10:00:01.000Z", "h", [
    "/w/a",
    "/w/b/x",
    "/w/c",
  ]);
  const m = summarise([r], "2026-03-02");
  assert.deepEqual(m.rows.map((x) => [x.key, x.seconds]), [["a", 0.334], ["b", 0.333], [
    "c",
    0.333,
  ]]);
  assert.equal(m.rows.reduce((s, x) => s + x.seconds * 1000, 0), 1000);
  assert.equal(m.total_s, 1);
  assert.deepEqual(m.rows.map((x) => x.share), [0.334, 0.333, 0.333]);
  const same = seg("2026-03-02T11:00:00.000Z", "2026-03-02T12:00:00.000Z", "h", [
    "/w/a",
    "/w/a/src",
  ]);
  assert.deepEqual(summarise([same], "2026-03-02").rows.map((x) => [x.key, x.seconds]), [[
    "a",
    3600,
  ]]);
});

Deno.test("summarise: label-only segments, standalone events, --by label/host/folder/day, duplicates", () => {
  const records = [
    seg("2026-03-02T08:00:00.000Z", "2026-03-02T08:10:00.000Z", "desk", [], ["example", "other"]),
    seg("2026-03-02T09:00:00.000Z", "2026-03-02T09:30:00.000Z", undefined, ["/w/a/src"]),
    standalone("2026-03-02T09:05:00.000Z", "alert", "desk"),
    standalone("2026-03-02T09:06:00.000Z", "alert", "desk"),
    standalone("2026-03-03T09:06:00.000Z", "alert", "desk"),
  ];
  const twice = [...records, ...records];
  const project = summarise(twice, "2026-03-02");
  assert.deepEqual(project.rows.map((x) => [x.key, x.seconds]), [["a", 1800], ["example", 300], [
    "other",
    300,
  ]]);
  assert.deepEqual(project.standalone, [{ label: "alert", count: 2 }]);
  assert.equal(project.segments, 2, "a record seen twice counts once");
  const host = summarise(records, "2026-03-02", "2026-03-02", "host");
  assert.deepEqual(host.rows.map((x) => [x.key, x.seconds]), [["unknown", 1800], ["desk", 600]]);
  const label = summarise(records, "2026-03-02", "2026-03-02", "label");
  assert.deepEqual(label.rows.map((x) => [x.key, x.seconds]), [["folderwatch", 1800], [
    "example",
    300,
  ], ["other", 300]]);
  const folder = summarise(records, "2026-03-02", "2026-03-02", "folder");
  assert.deepEqual(folder.rows.map((x) => x.key), ["/w/a/src", "example", "other"]);
  const day = summarise(records, "2026-03-01", "2026-03-03", "day");
  assert.deepEqual(day.rows.map((x) => [x.key, x.seconds]), [["2026-03-02", 2400]]);
});

Deno.test("summarise: a zero-length segment is counted but adds no time; its cell is marked", () => {
  const r = seg("2026-03-02T09:07:00.000Z", "2026-03-02T09:07:00.000Z", "h", ["/w/a"]);
  const m = summarise([r], "2026-03-02");
  assert.equal(m.total_s, 0);
  assert.equal(m.segments, 1);
  assert.equal(m.rows[0].segments, 1);
  const cells = m.days[0].strip;
  assert.equal(cells[40], "a", "10:07 local is cell 40");
  assert.equal(cells.filter((c) => c !== null).length, 1);
});

Deno.test("summarise: two projects of one name in different places get their parent's name", () => {
  const projects = new ProjectResolver({ ...noVcs, watchRoots: ["/work", "/home/me"] });
  const s = new Summariser({
    window: reportWindow("2026-03-02", "2026-03-02", berlin),
    by: "project",
    projectOf: (f) => projects.of(f),
    keepParts: false,
  });
  s.add(seg("2026-03-02T09:00:00.000Z", "2026-03-02T10:00:00.000Z", "h", ["/work/api/x"]));
  s.add(seg("2026-03-02T11:00:00.000Z", "2026-03-02T11:30:00.000Z", "h", ["/home/me/api"]));
  assert.deepEqual(s.finish().rows.map((r) => [r.key, r.root]), [
    ["api (work)", "/work/api"],
    ["api (me)", "/home/me/api"],
  ]);
});

Deno.test("projects: rules, then the nearest VCS root, then the first folder below watch_dirs, then the folder", () => {
  const marked = new Set(["/src/mimolo", "/src/mimolo/vendor/lib"]);
  const asked: string[] = [];
  const p = new ProjectResolver({
    rules: [{ name: "client", patterns: ["/work/clients/*"] }, {
      name: "all-docs",
      patterns: ["/**/docs"],
    }],
    watchRoots: ["/src", "/work", "/work/deep"],
    hasVcsMarker: (dir) => (asked.push(dir), marked.has(dir)),
  });
  assert.deepEqual(p.of("/work/clients/acme/app"), {
    id: "rule:client",
    name: "client",
    root: null,
  });
  assert.equal(p.of("/src/mimolo/docs/x").name, "all-docs", "rules come first");
  assert.deepEqual(p.of("/src/mimolo/src/report"), {
    id: "dir:/src/mimolo",
    name: "mimolo",
    root: "/src/mimolo",
  });
  assert.equal(p.of("/src/mimolo/vendor/lib/a").name, "lib", "the nearest root");
  assert.equal(p.of("/work/deep/beta/docs2").root, "/work/deep/beta", "the deepest watched folder");
  assert.equal(p.of("/work/gamma").name, "gamma");
  assert.equal(p.of("/work").name, "work", "a watched folder itself is its own project");
  assert.equal(p.of("/elsewhere/x/y").root, "/elsewhere/x/y");
  const before = asked.length;
  p.of("/src/mimolo/src/report");
  p.of("/src/mimolo/src/other");
  assert.equal(asked.length, before + 1, "answers are cached per folder and per parent");
});

Deno.test("day clock: wall minutes from local times; csv quotes keys", () => {
  assert.equal(wallMinutes("2026-03-02T09:15:30+01:00", "2026-03-02"), 555.5);
  assert.equal(wallMinutes("2026-03-03T00:00:00+01:00", "2026-03-02"), 1440);
  const m = summarise(
    [seg("2026-03-02T09:00:00.000Z", "2026-03-02T09:01:00.000Z", "h", ['/w/a,"b"'])],
    "2026-03-02",
  );
  assert.deepEqual([...renderCsv(m)], ["date,key,seconds,segments", '2026-03-02,"a,""b""",60,1']);
  const json = [...renderJson(m)];
  assert.deepEqual(JSON.parse(json.join("\n")), jsonForm(m), "line by line, still the model");
  assert.ok(
    json.length > 10 && json.every((l) => l.length < 400),
    "no line holds the whole report",
  );
});

Deno.test("summarise: settled day by day, the report is the one made all at once; a segment longer than the wait counts in full", () => {
  const utc = new Zone("UTC");
  const records: LogRecord[] = [];
  for (let d = 1; d <= 5; d++) {
    const date = `2026-03-0${d}`;
    records.push(seg(`${date}T08:00:00.000Z`, `${date}T09:00:00.000Z`, "desk", ["/w/a/x"]));
    records.push(seg(`${date}T11:00:00.000Z`, `${date}T11:30:00.000Z`, "desk", ["/w/b", "/w/a"]));
  }
  // 60 hours without a pause, filed under its end's date, 03-05: read after 03-02 is finished.
  const long = seg("2026-03-02T20:00:00.000Z", "2026-03-05T08:00:00.000Z", "laptop", ["/w/c"]);
  records.push(long, long);
  const fileDate = (r: LogRecord) => (r.type === "segment" ? r.end : r.timestamp).slice(0, 10);
  const streamed = (zone: Zone) => {
    const projects = new ProjectResolver({ ...noVcs, watchRoots: ["/w"] });
    const s = new Summariser({
      window: reportWindow("2026-03-01", "2026-03-05", zone),
      by: "project",
      projectOf: (f) => projects.of(f),
      keepParts: true,
    });
    const dates = [...new Set(records.map(fileDate))].sort();
    dates.forEach((date, i) => {
      for (const r of records.filter((r) => fileDate(r) === date)) s.add(r);
      s.settle(i + 1 < dates.length ? earliestEnd(dates[i + 1]) : Infinity);
    });
    return s.finish();
  };
  for (const zone of [utc, berlin]) {
    const whole = summarise(records, "2026-03-01", "2026-03-05", "project", zone);
    const stream = streamed(zone);
    assert.deepEqual(jsonForm(stream), jsonForm(whole), zone.name);
    assert.deepEqual(stream.days.map((d) => d.strip), whole.days.map((d) => d.strip), zone.name);
    assert.equal(stream.total_s, 5 * 5400 + 60 * 3600, "the long segment counted once, in full");
  }
  const stream = streamed(utc);
  assert.deepEqual(stream.parts!.of(1).map((p) => p.start.slice(11, 16)), [
    "08:00",
    "11:00",
    "20:00",
  ], "its part of 03-02, in start order after the day's others");
  assert.equal(stream.days[1].strip[80], "c", "20:00 on 03-02 is c's");
  assert.equal(stream.days[1].strip[79], null);
  assert.ok(stream.days[2].strip.every((k) => k === "c"), "03-03: c all day, first in ties");
  assert.equal(stream.rows.find((r) => r.key === "c")!.segments, 1);
});

Deno.test("summarise: a strip cell two keys share goes to the key ranked first", () => {
  const shared = seg("2026-03-02T08:00:00.000Z", "2026-03-02T08:15:00.000Z", "h", [
    "/w/a",
    "/w/b",
  ]);
  for (const more of ["a", "b"]) {
    const m = summarise([
      shared,
      seg("2026-03-02T12:00:00.000Z", "2026-03-02T13:00:00.000Z", "h", [`/w/${more}`]),
    ], "2026-03-02");
    assert.equal(m.rows[0].key, more);
    assert.equal(m.days[0].strip[36], more, "09:00 local");
  }
});

Deno.test("file span: the day before the window to two days after; machines followed until a segment starts after it", () => {
  const span = fileSpan(Date.parse("2026-03-01T23:00:00Z"), Date.parse("2026-03-02T23:00:00Z"));
  assert.deepEqual(span, { first: "2026-02-28", last: "2026-03-04", follow: "2026-04-04" });
  assert.equal(earliestEnd("2026-03-02"), Date.parse("2026-03-01T10:00:00Z"));
  const machines = new OpenMachines(Date.parse("2026-03-02T23:00:00Z"));
  assert.equal(machines.open, false);
  machines.see(seg("2026-03-02T08:00:00.000Z", "2026-03-02T09:00:00.000Z", "laptop", []));
  machines.see(seg("2026-03-02T10:00:00.000Z", "2026-03-02T11:00:00.000Z", undefined, []));
  machines.see(standalone("2026-03-03T10:00:00.000Z", "alert", "unknown"));
  assert.equal(machines.open, true);
  machines.see(seg("2026-03-03T10:00:00.000Z", "2026-03-03T11:00:00.000Z", "laptop", []));
  assert.equal(machines.open, true, "records without a host are one machine, still open");
  machines.see(seg("2026-03-03T10:00:00.000Z", "2026-03-03T11:00:00.000Z", undefined, []));
  assert.equal(machines.open, false);
  machines.see(seg("2026-03-02T20:00:00.000Z", "2026-03-03T12:00:00.000Z", "laptop", []));
  assert.equal(machines.open, false, "a closed machine stays closed");
});
