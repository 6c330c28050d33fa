import assert from "node:assert/strict";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { EventRecord, SegmentRecord } from "@mimolo/sdk";
import { ConsoleReporter, createDecoder, createSink, ensureLogDir } from "../../src/sinks/mod.ts";
import { markdownDecoder, parseTables } from "../../src/sinks/markdown.ts";
import { localClock, systemZone } from "../../src/time/mod.ts";
import { tempDir } from "../helpers/temp.ts";

const segment = (end: string): SegmentRecord => ({
  type: "segment",
  start: "2025-03-04T23:59:00.000Z",
  end,
  duration_s: 60,
  labels: ["a"],
  aggregated: { items: ["x|y"] },
  resets_count: 1,
  events: [{ t: "2025-03-04T23:59:00.000Z", l: "a", e: "hit" }],
});
const event: EventRecord = {
  type: "event",
  timestamp: "2025-03-04T12:00:00.000Z",
  label: "rare",
  event: "alert",
  data: { msg: "line1\nline2" },
  id: "0123456789abcdef",
};

Deno.test(
  "sinks: the log dir is created with mode 0700",
  { ignore: Deno.build.os === "windows" },
  async () => {
    await using dir = await tempDir();
    const logDir = join(dir.path, "a", "logs");
    await ensureLogDir(logDir);
    assert.equal((await Deno.stat(logDir)).mode! & 0o777, 0o700);
  },
);

Deno.test("sinks: JSONL appends one record per line to the record's UTC day", async () => {
  await using dir = await tempDir();
  const sink = await createSink("jsonl", dir.path, "utc");
  await sink.write(segment("2025-03-05T00:00:30.000Z"));
  await sink.write(event);
  await sink.write(segment("2025-03-04T23:59:59.000Z"));
  const day4 = (await Deno.readTextFile(join(dir.path, "2025-03-04.mimolo.jsonl"))).split("\n");
  const day5 = (await Deno.readTextFile(join(dir.path, "2025-03-05.mimolo.jsonl"))).split("\n");
  assert.deepEqual(day4.slice(0, -1).map((l) => JSON.parse(l)), [
    event,
    segment("2025-03-04T23:59:59.000Z"),
  ]);
  assert.equal(day4.at(-1), "");
  assert.deepEqual(JSON.parse(day5[0]), segment("2025-03-05T00:00:30.000Z"));
});

Deno.test("sinks: YAML writes one document per record", async () => {
  await using dir = await tempDir();
  const sink = await createSink("yaml", dir.path, "utc");
  await sink.write(event);
  await sink.write(segment("2025-03-04T23:59:59.000Z"));
  const text = await Deno.readTextFile(join(dir.path, "2025-03-04.mimolo.yaml"));
  const docs = parseAllDocuments(text).map((d) => d.toJSON());
  assert.deepEqual(docs, [event, segment("2025-03-04T23:59:59.000Z")]);
});

Deno.test("sinks: Markdown tables are up to date on disk after every record", async () => {
  await using dir = await tempDir();
  const sink = await createSink("md", dir.path, "utc");
  const path = join(dir.path, "2025-03-04.mimolo.md");
  await sink.write(segment("2025-03-04T23:59:59.000Z"));
  let text = await Deno.readTextFile(path);
  assert.match(text, /^# MiMoLo Log - 2025-03-04\n/);
  assert.deepEqual(parseTables(text).events, []);
  await sink.write(event);
  await sink.write(segment("2025-03-04T23:59:58.000Z"));
  text = await Deno.readTextFile(path);
  const tables = parseTables(text);
  assert.equal(tables.segments.length, 2);
  assert.equal(tables.events.length, 1);
  const local = (iso: string) => localClock(Date.parse(iso));
  assert.equal(
    tables.segments[0].replace(/ <!-- mimolo .* --> \|$/, " |"),
    `| ${local("2025-03-04T23:59:00.000Z")} | ${local("2025-03-04T23:59:59.000Z")} | ` +
      `0:01:00 (60.0 s) | a | 1 | 1 | {"items":["x\\|y"]} |`,
  );
  assert.equal(
    tables.events[0].replace(/ <!-- mimolo .* --> \|$/, " |"),
    `| ${local(event.timestamp)} | rare | alert | {"msg":"line1\\nline2"} |`,
  );
  assert.ok(text.indexOf("## Segments") < text.indexOf("## Standalone Events"));
  const names = [...Deno.readDirSync(dir.path)].map((e) => e.name);
  assert.deepEqual(names, ["2025-03-04.mimolo.md"], "no temporary files left behind");
});

Deno.test("console: one line per event at info, none at warning; one per record", () => {
  const lines: string[] = [];
  const e = { timestamp: new Date(0), label: "a", event: "hit", data: { n: 1 } };
  new ConsoleReporter(true, (l) => lines.push(l)).event(e);
  new ConsoleReporter(false, (l) => lines.push(l)).event(e);
  assert.equal(lines.length, 1);
  assert.equal(lines[0], `[EVENT] ${localClock(0)} | a.hit | Data: {"n":1}`);
  assert.match(lines[0], /^\[EVENT\] \d\d:\d\d:\d\d[+-]\d\d:\d\d \|/, "local time with offset");
  new ConsoleReporter(false, (l) => lines.push(l)).record(segment("2025-03-04T23:59:59.000Z"));
  assert.match(
    lines[1],
    /^\[SEGMENT\] \S+ -> \S+ \(0:01:00, 60\.0s\) \| Labels: a \| Events: 1 \| Resets: 1/,
  );
});

Deno.test("sinks: each format reads back exactly what it wrote, Markdown through its row payloads", async () => {
  await using dir = await tempDir();
  const tricky = segment("2025-03-04T23:59:59.000Z");
  tricky.aggregated = { folders: ["/a--b/<x>|y", "/é\u2028z"], n: -1 };
  tricky.host = "desk--1";
  const records = [tricky, { ...event, host: "desk" }];
  for (const format of ["jsonl", "yaml", "md"] as const) {
    const sink = await createSink(format, dir.path, "utc");
    for (const r of records) await sink.write(r);
    const text = await Deno.readTextFile(join(dir.path, `2025-03-04.mimolo.${format}`));
    const decoder = await createDecoder(format, "2025-03-04");
    const decoded = text.split("\n").flatMap((line, i) => decoder.line(line, i + 1));
    decoded.push(...decoder.end());
    const back = decoded.map((d) => "record" in d ? d.record : d);
    // Markdown carries every field but the events list; its rows are ordered segments first.
    const expected = format === "md" ? [{ ...tricky, events: undefined }, records[1]] : records;
    assert.deepEqual(
      back.map((r) =>
        JSON.parse(
          JSON.stringify({
            ...r,
            events: format === "md" ? undefined : (r as SegmentRecord).events,
          }),
        )
      ),
      expected.map((r) =>
        JSON.parse(
          JSON.stringify({
            ...r,
            events: format === "md" ? undefined : (r as SegmentRecord).events,
          }),
        )
      ),
      format,
    );
  }
  const md = await Deno.readTextFile(join(dir.path, "2025-03-04.mimolo.md"));
  for (const row of parseTables(md).segments) {
    const comment = /<!-- (mimolo .*) -->/.exec(row)![1];
    assert.ok(!/--|[<>|]/.test(comment), "nothing in the payload can end the comment or the cell");
    assert.equal(row.split(/(?<!\\)\|/).length, 9, "still seven cells");
  }
});

Deno.test("sinks: Markdown rows written before 0.2 (no payload, UTC times) are read from their cells", () => {
  const decoder = markdownDecoder("2025-03-05");
  const lines = [
    "# MiMoLo Log - 2025-03-05",
    "## Segments",
    "| Start | End | Duration (s) | Labels | Resets | Events | Aggregated |",
    "|-------|-----|--------------|--------|--------|--------|------------|",
    '| 23:50:00 | 00:10:00 | 1200.0 | folderwatch | 3 | 4 | {"folders":["/p/a\\|b"]} |',
    "## Standalone Events",
    "| Timestamp | Label | Event | Data |",
    "|-----------|-------|-------|------|",
    '| 12:00:00 | rare | alert | {"x":1} |',
    "| garbage |",
  ];
  const out = lines.flatMap((l, i) => decoder.line(l, i + 1));
  const [seg, ev, bad] = out;
  assert.ok("record" in seg && seg.record.type === "segment");
  assert.equal(
    seg.record.start,
    "2025-03-04T23:50:00.000Z",
    "a start after the end was the day before",
  );
  assert.equal(seg.record.end, "2025-03-05T00:10:00.000Z");
  assert.deepEqual(seg.record.aggregated, { folders: ["/p/a|b"] });
  assert.ok(
    "record" in ev && ev.record.type === "event" &&
      ev.record.timestamp === "2025-03-05T12:00:00.000Z",
  );
  assert.deepEqual(bad, { problem: "a table row MiMoLo cannot read", line: 10 });
});

Deno.test("sinks: with log_day = local, files are named by the local date of the segment's end", async () => {
  await using dir = await tempDir();
  const sink = await createSink("jsonl", dir.path, "local");
  await sink.write(segment("2025-03-05T00:00:30.000Z"));
  const expected = systemZone().dateOf(Date.parse("2025-03-05T00:00:30.000Z"));
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((e) => e.name), [
    `${expected}.mimolo.jsonl`,
  ]);
});
