import assert from "node:assert/strict";
import { join } from "node:path";
import type { LogRecord } from "@mimolo/sdk";
import { LogDirGuard } from "../../src/durability/guard.ts";
import { JOURNAL_DIR, SegmentJournals } from "../../src/durability/journal.ts";
import {
  foldEntries,
  type JournalEntry,
  parseJournal,
} from "../../src/durability/journal_entry.ts";
import { LOCK_FILE, lockLogDir, LogDirLockedError } from "../../src/durability/lock.ts";
import { Outbox } from "../../src/durability/outbox.ts";
import { findLeftoverSegments } from "../../src/durability/recover.ts";
import { removeStaleTemporaries, repairTornLogs } from "../../src/durability/repair.ts";
import { MemoryLog } from "../helpers/fake_host.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

const entry = (i: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  t: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
  l: "a",
  e: "hit",
  r: true,
  h: "items",
  v: [i],
  w: Date.UTC(2025, 0, 1) + i * 1000,
  ...over,
});

Deno.test("journal: entries survive on disk in order and fold back into the segment", async () => {
  await using dir = await tempDir();
  const journals = new SegmentJournals(dir.path, 1000, new MemoryLog());
  const file = journals.create();
  file.append(entry(0));
  file.append(entry(1, { r: false, h: undefined, v: undefined }));
  file.append(entry(2));
  const onDisk = parseJournal(await Deno.readTextFile(file.path)).entries;
  assert.deepEqual(
    onDisk,
    [entry(0), entry(1, { r: false, h: undefined, v: undefined }), entry(2)].map((e) =>
      JSON.parse(JSON.stringify(e))
    ),
  );
  const folded = foldEntries(file.entries(), 10)!;
  assert.equal(folded.state.resetsCount, 1);
  assert.equal(folded.state.events.length, 3);
  assert.deepEqual(folded.collected.get("items"), [[0], [2]]);
  assert.equal(folded.lastResetWallMs, entry(2).w);
  await file.remove();
  assert.deepEqual([...Deno.readDirSync(join(dir.path, JOURNAL_DIR))], []);
});

Deno.test("journal: a torn last line (killed mid-append) is skipped, earlier entries kept", () => {
  const text = "\n" + JSON.stringify(entry(0)) + "\n" + JSON.stringify(entry(1)) + "\n" +
    JSON.stringify(entry(2)).slice(0, 25);
  const { entries, bad } = parseJournal(text);
  assert.equal(entries.length, 2);
  assert.deepEqual(bad, [JSON.stringify(entry(2)).slice(0, 25)]);
});

Deno.test("journal: entries MiMoLo could not have written are not entries", () => {
  const good = entry(0);
  const cases: Record<string, unknown>[] = [
    { ...good, t: "garbage" },
    { ...good, t: "+275760-09-13T00:00:00.000Z" },
    { ...good, t: "2025-13-45T99:00:00.000Z" },
    { ...good, t: 5 },
    { ...good, w: "now" },
    { ...good, w: null },
    { ...good, l: 3 },
    { ...good, e: undefined },
    { ...good, r: "yes" },
    { ...good, h: 7 },
  ];
  const text = [good, ...cases].map((e) => JSON.stringify(e)).join("\n") + "\n[1]\nnull\n";
  const { entries, bad } = parseJournal(text);
  assert.deepEqual(entries, [JSON.parse(JSON.stringify(good))]);
  assert.equal(bad.length, cases.length + 2);
});

Deno.test("journal: when the disk refuses, entries wait in memory and are written in order later", async () => {
  await using dir = await tempDir();
  const log = new MemoryLog();
  const journals = new SegmentJournals(join(dir.path, "gone"), 1000, log);
  const file = journals.adopt(join(dir.path, "gone", JOURNAL_DIR, "segment-x.jsonl"));
  file.append(entry(0));
  file.append(entry(1));
  assert.equal(
    log.lines.filter((l) => l.includes("cannot write the segment journal")).length,
    1,
    "reported once",
  );
  assert.equal(file.entries().length, 2, "kept in memory");
  await Deno.mkdir(join(dir.path, "gone", JOURNAL_DIR), { recursive: true });
  file.append(entry(2));
  assert.ok(log.lines.includes("info segment journal writes recovered"));
  const onDisk = parseJournal(await Deno.readTextFile(file.path)).entries;
  assert.deepEqual(onDisk.map((e) => e.v), [[0], [1], [2]]);
  file.close();
});

Deno.test("recover: leftover journals are found oldest first; empty ones removed", async () => {
  await using dir = await tempDir();
  const jdir = join(dir.path, JOURNAL_DIR);
  const lines = (...es: JournalEntry[]) => es.map((e) => "\n" + JSON.stringify(e)).join("");
  await writeFiles(jdir, {
    "segment-2.jsonl": lines(entry(50), entry(51)),
    "segment-1.jsonl": lines(entry(10), entry(11), entry(12)) + '\n{"t": "torn',
    "segment-3.jsonl": "",
  });
  const log = new MemoryLog();
  const found = await findLeftoverSegments(dir.path, 100, log);
  assert.deepEqual(found.map((f) => f.state.events.length), [3, 2]);
  assert.deepEqual(found[0].collected.get("items"), [[10], [11], [12]]);
  const names = [...Deno.readDirSync(jdir)].map((e) => e.name).sort();
  const aside = names.filter((n) => /^segment-1\.jsonl\.bad-/.test(n));
  assert.deepEqual(names.filter((n) => !aside.includes(n)), ["segment-1.jsonl", "segment-2.jsonl"]);
  assert.equal(aside.length, 1, names.join(", "));
  assert.equal(await Deno.readTextFile(join(jdir, aside[0])), '{"t": "torn\n');
  assert.ok(
    log.lines.some((l) => /^warn .*segment-1\.jsonl: 1 unreadable entry set aside/.test(l)),
  );
  // The journal holds only its entries now: the next start has nothing to set aside.
  assert.equal(parseJournal(await Deno.readTextFile(join(jdir, "segment-1.jsonl"))).bad.length, 0);
  await findLeftoverSegments(dir.path, 100, log);
  assert.equal(log.lines.filter((l) => l.includes("set aside")).length, 1);
});

Deno.test("recover: a journal that cannot be read is left in place and said; the others recovered", async () => {
  await using dir = await tempDir();
  const jdir = join(dir.path, JOURNAL_DIR);
  await writeFiles(jdir, {
    "segment-2.jsonl": "\n" + JSON.stringify(entry(5)),
    "segment-1.jsonl": "\n" + JSON.stringify(entry(1)) + "\nbad",
    // A folder where its rewrite must go: setting the bad line aside fails.
    "segment-1.jsonl.tmp/x": "",
  });
  const log = new MemoryLog();
  const found = await findLeftoverSegments(dir.path, 100, log);
  assert.equal(found.length, 1);
  assert.ok(log.lines.some((l) => /^error cannot recover the journal .*segment-1\.jsonl/.test(l)));
  assert.ok((await Deno.stat(join(jdir, "segment-1.jsonl"))).isFile, "left in place");
});

Deno.test("lock: a held log folder is refused naming the holder; released on dispose", async () => {
  await using dir = await tempDir();
  const lockPath = join(dir.path, LOCK_FILE);
  {
    await using held = await lockLogDir(dir.path);
    assert.equal(held.tookOverFrom, null);
    const owner = JSON.parse(await Deno.readTextFile(lockPath));
    assert.equal(owner.pid, Deno.pid);
    // A second open file description is refused by the OS lock, as another process would be.
    await assert.rejects(lockLogDir(dir.path), (err: Error) => {
      assert.ok(err instanceof LogDirLockedError);
      assert.match(
        err.message,
        new RegExp(`in use by another mimolo \\(pid ${Deno.pid} on ${owner.host}, since `),
      );
      return true;
    });
  }
  assert.throws(() => Deno.statSync(lockPath), Deno.errors.NotFound, "removed on dispose");
  await using again = await lockLogDir(dir.path);
  assert.equal(again.tookOverFrom, null);
});

Deno.test("lock: a file left by a dead monitor, or naming a live unrelated pid, is taken over", async () => {
  await using dir = await tempDir();
  const { hostname } = await import("node:os");
  const lockPath = join(dir.path, LOCK_FILE);
  // Nothing holds the OS lock, whatever process the pid now belongs to (here: this one).
  await Deno.writeTextFile(lockPath, JSON.stringify({ pid: 1, host: hostname(), since: "then" }));
  await using taken = await lockLogDir(dir.path);
  assert.deepEqual(taken.tookOverFrom, { pid: 1, host: hostname(), since: "then" });
  assert.equal(JSON.parse(await Deno.readTextFile(lockPath)).pid, Deno.pid);
});

Deno.test("lock: a file written on another host is not taken over", async () => {
  await using dir = await tempDir();
  const lockPath = join(dir.path, LOCK_FILE);
  await Deno.writeTextFile(lockPath, JSON.stringify({ pid: 7, host: "elsewhere", since: "then" }));
  await assert.rejects(lockLogDir(dir.path), /locked by mimolo on host elsewhere \(pid 7\)/);
  assert.equal(JSON.parse(await Deno.readTextFile(lockPath)).host, "elsewhere", "left as it was");
});

Deno.test(
  "guard: a deleted log folder is recreated with its lock and the open journal; values kept",
  {
    // Windows keeps the name of an open file until it is closed: a folder with open files cannot go.
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    const logDir = join(dir.path, "logs");
    const log = new MemoryLog();
    const journals = new SegmentJournals(logDir, 1000, log);
    await Deno.mkdir(logDir);
    await using lock = await lockLogDir(logDir);
    const file = journals.create();
    file.append(entry(0));
    file.append(entry(1));
    using guard = new LogDirGuard(lock, journals, log, () => assert.fail("not lost"), 60_000);
    guard.check();
    assert.deepEqual(log.lines.filter((l) => l.startsWith("warn")), [], "nothing to do yet");
    await Deno.remove(logDir, { recursive: true });
    assert.deepEqual(file.entries().map((e) => e.v), [[0], [1]], "read back through the open file");
    guard.check();
    assert.ok(
      log.lines.some((l) =>
        /^warn log folder .*logs was deleted while running: recreated it with its lock and the open segment's journal \(2 entries kept\)/
          .test(l)
      ),
      log.lines.join("\n"),
    );
    assert.equal(JSON.parse(await Deno.readTextFile(join(logDir, LOCK_FILE))).pid, Deno.pid);
    await assert.rejects(lockLogDir(logDir), LogDirLockedError, "still locked");
    file.append(entry(2));
    const onDisk = parseJournal(await Deno.readTextFile(file.path)).entries;
    assert.deepEqual(onDisk.map((e) => e.v), [[0], [1], [2]]);
    await file.remove();
  },
);

Deno.test("guard: if another monitor took the deleted folder first, this one is told to stop", {
  // Windows keeps the name of an open file until it is closed: a folder with open files cannot go.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  const log = new MemoryLog();
  await using lock = await lockLogDir(dir.path);
  await Deno.remove(join(dir.path, LOCK_FILE));
  await using _other = await lockLogDir(dir.path);
  let lost = 0;
  using guard = new LogDirGuard(
    lock,
    new SegmentJournals(dir.path, 0, log),
    log,
    () => lost++,
    60_000,
  );
  guard.check();
  guard.check();
  assert.equal(lost, 1);
  assert.ok(log.lines.some((l) => /^error another mimolo \(pid \d+\) took log folder/.test(l)));
});

Deno.test("repair: a torn JSONL tail moves to a sidecar and appending resumes after the last record", async () => {
  await using dir = await tempDir();
  const good = '{"type":"event","n":1}\n{"type":"event","n":2}\n';
  await writeFiles(dir.path, {
    "2025-01-01.mimolo.jsonl": good + '{"type":"seg',
    "2025-01-02.mimolo.jsonl": good,
    "2025-01-03.mimolo.yaml": "---\ntype: event\nid: a\n---\ntype: seg",
  });
  const repairs = await repairTornLogs(dir.path);
  assert.deepEqual(repairs.map((r) => [r.file.split(/[\\/]/).pop(), r.bytes]), [
    ["2025-01-01.mimolo.jsonl", 12],
    ["2025-01-03.mimolo.yaml", 13],
  ]);
  assert.equal(await Deno.readTextFile(join(dir.path, "2025-01-01.mimolo.jsonl")), good);
  assert.equal(await Deno.readTextFile(repairs[0].sidecar), '{"type":"seg');
  assert.equal(
    await Deno.readTextFile(join(dir.path, "2025-01-03.mimolo.yaml")),
    "---\ntype: event\nid: a\n",
  );
  for (
    const line of (await Deno.readTextFile(join(dir.path, "2025-01-01.mimolo.jsonl"))).trim().split(
      "\n",
    )
  ) {
    JSON.parse(line);
  }
  assert.deepEqual(await repairTornLogs(dir.path), [], "nothing left to repair");
});

Deno.test("repair: only the end is read, yet lines and torn tails longer than a read chunk are handled", async () => {
  await using dir = await tempDir();
  // Longer than the 64 KiB chunks repair reads backwards in, so every boundary case is crossed.
  const big = JSON.stringify({ type: "event", pad: "x".repeat(200_000) }) + "\n";
  const tornBig = '{"type":"segment","pad":"' + "y".repeat(150_000);
  const yamlDoc = "---\ntype: event\npad: " + "z".repeat(100_000) + "\n";
  await writeFiles(dir.path, {
    "2025-01-01.mimolo.jsonl": big + big + tornBig,
    "2025-01-02.mimolo.jsonl": big + big,
    "2025-01-03.mimolo.yaml": yamlDoc + yamlDoc + "---\ntype: seg" + "w".repeat(70_000),
    "2025-01-04.mimolo.yaml": "---\ntype: seg",
  });
  const repairs = await repairTornLogs(dir.path);
  assert.deepEqual(repairs.map((r) => [r.file.split(/[\\/]/).pop(), r.bytes]), [
    ["2025-01-01.mimolo.jsonl", tornBig.length],
    ["2025-01-03.mimolo.yaml", 13 + 70_000],
    ["2025-01-04.mimolo.yaml", 13],
  ]);
  assert.equal(await Deno.readTextFile(join(dir.path, "2025-01-01.mimolo.jsonl")), big + big);
  assert.equal(await Deno.readTextFile(repairs[0].sidecar), tornBig);
  assert.equal(
    await Deno.readTextFile(join(dir.path, "2025-01-03.mimolo.yaml")),
    yamlDoc + yamlDoc,
  );
  assert.equal(await Deno.readTextFile(join(dir.path, "2025-01-04.mimolo.yaml")), "");
});

Deno.test("repair: temporary files of interrupted Markdown rewrites are removed, nothing else", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "2025-01-01.mimolo.md": "# MiMoLo Log - 2025-01-01\n",
    "2025-01-01.mimolo.md.tmp-4242": "# MiMoLo Log - 2025-01-01\n| partial",
    "2025-01-02.mimolo.md.tmp-17": "",
    "notes.md.tmp-4242": "not ours",
    "2025-01-01.mimolo.md.tmp-old": "not a pid",
  });
  const removed = await removeStaleTemporaries(dir.path);
  assert.deepEqual(removed.map((p) => p.split(/[\\/]/).pop()).sort(), [
    "2025-01-01.mimolo.md.tmp-4242",
    "2025-01-02.mimolo.md.tmp-17",
  ]);
  assert.deepEqual([...Deno.readDirSync(dir.path)].map((e) => e.name).sort(), [
    "2025-01-01.mimolo.md",
    "2025-01-01.mimolo.md.tmp-old",
    "notes.md.tmp-4242",
  ]);
});

Deno.test("outbox: failed writes are kept, reported once, retried with backoff and written in order", async () => {
  let failuresLeft = 3;
  const written: LogRecord[] = [];
  const sink = {
    write(record: LogRecord): Promise<void> {
      if (failuresLeft-- > 0) {
        return Promise.reject(new Error("No space left on device (os error 28)"));
      }
      written.push(record);
      return Promise.resolve();
    },
  };
  const log = new MemoryLog();
  const outbox = new Outbox(sink, log, 5);
  const rec = (n: number) =>
    ({
      type: "event",
      timestamp: "t",
      label: "a",
      event: `e${n}`,
      data: null,
      id: `${n}`,
    }) as const;
  const done: number[] = [];
  for (const n of [1, 2, 3]) outbox.push(rec(n), () => void done.push(n));
  assert.equal(outbox.pending, 3);
  await waitUntil(() => outbox.pending === 0, "the retries");
  assert.deepEqual(written.map((r) => r.type === "event" && r.event), ["e1", "e2", "e3"]);
  assert.deepEqual(done, [1, 2, 3]);
  assert.equal(log.lines.filter((l) => l.includes("cannot write the log")).length, 1);
  assert.ok(log.lines.some((l) => l.includes("log writes recovered after 3 failed attempt(s)")));
});

Deno.test("outbox: flush gives back what still cannot be written", async () => {
  const outbox = new Outbox(
    { write: () => Promise.reject(new Error("read-only file system")) },
    new MemoryLog(),
    5,
  );
  outbox.push({ type: "event", timestamp: "t", label: "a", event: "e", data: null, id: "1" });
  const left = await outbox.flush(200);
  assert.equal(left.length, 1);
  outbox.close();
});
