import assert from "node:assert/strict";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { EventRecord, SegmentRecord } from "@mimolo/sdk";
import { ConsoleReporter, createSink, ensureLogDir } from "../../src/sinks/mod.ts";
import { parseTables } from "../../src/sinks/markdown.ts";
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
  const sink = createSink("jsonl", dir.path);
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
  const sink = createSink("yaml", dir.path);
  await sink.write(event);
  await sink.write(segment("2025-03-04T23:59:59.000Z"));
  const text = await Deno.readTextFile(join(dir.path, "2025-03-04.mimolo.yaml"));
  const docs = parseAllDocuments(text).map((d) => d.toJSON());
  assert.deepEqual(docs, [event, segment("2025-03-04T23:59:59.000Z")]);
});

Deno.test("sinks: Markdown tables are up to date on disk after every record", async () => {
  await using dir = await tempDir();
  const sink = createSink("md", dir.path);
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
  assert.match(
    tables.segments[0],
    /^\| 23:59:00 \| 23:59:59 \| 60\.0 \| a \| 1 \| 1 \| \{"items":\["x\\\|y"\]\} \|$/,
  );
  assert.match(tables.events[0], /^\| 12:00:00 \| rare \| alert \| \{"msg":"line1\\nline2"\} \|$/);
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
  assert.match(lines[0], /^\[EVENT\] \d\d:\d\d:\d\d \| a\.hit \| Data: \{"n":1\}$/);
  new ConsoleReporter(false, (l) => lines.push(l)).record(segment("2025-03-04T23:59:59.000Z"));
  assert.match(lines[1], /^\[SEGMENT\] .* \(60\.0s\) \| Labels: a \| Events: 1 \| Resets: 1/);
});
