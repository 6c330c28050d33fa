import assert from "node:assert/strict";
import { join } from "node:path";
import { setPluginLogSink } from "@mimolo/sdk";
import FolderWatchMonitor, { type FolderwatchHooks } from "../../plugins/folderwatch.ts";
import { ChangeSet, MAX_LISTED } from "../../plugins/_folderwatch/changes.ts";
import { TreeWatch } from "../../plugins/_folderwatch/tree_watch.ts";
import { configFor } from "../../src/plugins/config_declaration.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A folderwatch instance on `dir`, with its log lines captured. */
async function watching(
  dir: string,
  config: Record<string, unknown>,
  hooks: FolderwatchHooks = {},
): Promise<{ fw: FolderWatchMonitor; logs: string[] } & AsyncDisposable> {
  const logs: string[] = [];
  setPluginLogSink((level, m) => logs.push(`${level} ${m}`));
  const context = { configDir: dir, logDir: join(dir, "logs") };
  const fw = new FolderWatchMonitor(configFor(FolderWatchMonitor, config, context), context, hooks);
  await fw.onStart();
  return { fw, logs, [Symbol.asyncDispose]: async () => await fw.onStop() };
}

/** Defines the test twice: folders watched one by one (Linux's way), and the tree as a whole. */
function bothWays(name: string, fn: (hooks: FolderwatchHooks) => Promise<void>): void {
  for (const perFolder of [true, false]) {
    Deno.test(`${name} (${perFolder ? "folder by folder" : "whole tree"})`, () =>
      fn({ perFolder }));
  }
}

type Batch = { folders: string[]; files: string[]; files_omitted?: number };
const data = (e: unknown) => (e as { data: Batch }).data;

Deno.test("folderwatch options: folders against the config folder, extensions normalised, errors clear", () => {
  const ctx = { configDir: "/p", logDir: "/p/logs", homeDir: "/home/me" };
  const options = (config: Record<string, unknown>) =>
    new FolderWatchMonitor(configFor(FolderWatchMonitor, config, ctx), ctx).options;
  assert.deepEqual(
    options({
      watch_dirs: ["src", "/abs", "src", "~/notes"],
      extensions: ["TS", ".Md"],
      emit_on_discovery: true,
    }),
    {
      dirs: ["/p/src", "/abs", "/home/me/notes"],
      extensions: [".ts", ".md"],
      emitOnDiscovery: true,
      mode: "auto",
      ignores: { defaults: true, gitignore: true, patterns: [], excluded: ["/p/logs"] },
    },
  );
  assert.throws(
    () => options({ watch_dirs: "src" }),
    /\[plugins\.folderwatch\]\.watch_dirs: expected a list of path strings, got the string "src"/,
  );
  assert.throws(() => options({ extensions: [1] }), /\.extensions\[0\]: expected a string/);
  assert.throws(() => options({ extensions: [""] }), /must not contain an empty extension/);
  assert.throws(
    () => options({ emit_on_discovery: "yes" }),
    /\.emit_on_discovery: expected true or false/,
  );
  assert.throws(
    () => options({ watch_mode: "poll" }),
    /\.watch_mode: expected one of "auto", "scan", got the string "poll"/,
  );
  assert.throws(
    () => options({ watch_dir: ["src"] }),
    /\[plugins\.folderwatch\]: unknown key "watch_dir" \(did you mean "watch_dirs"\?\)/,
  );
});

Deno.test("folderwatch changes: extension filter, unique sorted, capped", () => {
  const c = new ChangeSet([".ts"]);
  for (const p of ["/p/b/x.ts", "/p/a/y.TS", "/p/a/y.TS", "/p/a/z.md"]) c.add(p);
  assert.deepEqual(c.take(), { folders: ["/p/a", "/p/b"], files: ["/p/a/y.TS", "/p/b/x.ts"] });
  assert.equal(c.take(), null);
  for (let i = 0; i < MAX_LISTED + 10; i++) c.add(`/p/d${i % 300}/f${i}.ts`);
  const big = c.take()!;
  assert.equal(big.files.length, MAX_LISTED);
  assert.equal(big.files_omitted, 10);
  assert.equal(big.folders.length, MAX_LISTED);
  assert.equal(big.folders_omitted, 10);
});

bothWays(
  "folderwatch: many changes in two folders are coalesced into one event per poll",
  async (hooks) => {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "a/.keep": "", "b/.keep": "", "b/old.ts": "x" });
    await using w = await watching(dir.path, { watch_dirs: ["."], extensions: [".ts"] }, hooks);
    assert.equal(await w.fw.emitEvent(), null, "start-up is not activity");
    for (let i = 0; i < 50; i++) {
      await Deno.writeTextFile(join(dir.path, "a", `f${i}.ts`), "x");
      await Deno.writeTextFile(join(dir.path, "b", `g${i}.ts`), "x");
      await Deno.writeTextFile(join(dir.path, "b", `ignored${i}.txt`), "x");
    }
    await Deno.rename(join(dir.path, "a", "f0.ts"), join(dir.path, "a", "renamed.ts"));
    // Deno 2.7.5 may drop events of a burst; a catch-up search then finds the
    // modified files again (after this poll, if it were still to run), but
    // not a removal: that comes once the burst is over.
    const settled = (n: number) => () => w.fw.pending >= n && !w.fw.catchingUp;
    await waitUntil(settled(101), "the burst's changes to arrive");
    await Deno.remove(join(dir.path, "b", "old.ts"));
    await waitUntil(settled(102), "the removal to arrive");
    const event = await w.fw.emitEvent();
    assert.equal((event as { event: string }).event, "file_mod");
    const batch = data(event);
    assert.deepEqual(batch.folders, [join(dir.path, "a"), join(dir.path, "b")]);
    assert.equal(batch.files.length, 102);
    assert.ok(batch.files.includes(join(dir.path, "a", "renamed.ts")));
    assert.ok(batch.files.includes(join(dir.path, "b", "old.ts")), "a removal is activity");
    assert.ok(!batch.files.some((f) => f.endsWith(".txt")));
    assert.equal(await w.fw.emitEvent(), null, "nothing new since the last poll");
  },
);

bothWays(
  "folderwatch: a missing folder is reported and picked up when it appears",
  async (hooks) => {
    await using dir = await tempDir();
    const later = join(dir.path, "later");
    await using w = await watching(dir.path, { watch_dirs: ["later"] }, hooks);
    assert.ok(
      w.logs.some((l) => l.startsWith("warn watch_warning:") && l.includes(`${later} (missing`)),
    );
    assert.equal(await w.fw.emitEvent(), null);
    await writeFiles(dir.path, { "later/first.ts": "x" });
    const appeared = await w.fw.emitEvent();
    assert.deepEqual(data(appeared).files, [join(later, "first.ts")]);
    assert.ok(w.logs.some((l) => l.includes(`watch_started: ${later} is back`)));
    await Deno.writeTextFile(join(later, "second.ts"), "x");
    await waitUntil(() => w.fw.pending >= 1, "a change in the new folder");
    assert.deepEqual(data(await w.fw.emitEvent()).files, [join(later, "second.ts")]);
  },
);

bothWays(
  "folderwatch: a folder deleted while watched is reported and re-watched when it returns",
  async (hooks) => {
    await using dir = await tempDir();
    const watched = join(dir.path, "w");
    await writeFiles(dir.path, { "w/old.ts": "x" });
    await using w = await watching(dir.path, { watch_dirs: ["w"] }, hooks);
    await Deno.remove(watched, { recursive: true });
    // Whether the OS reports each removed file varies; the folder's disappearance is always noticed.
    await w.fw.emitEvent();
    assert.ok(w.logs.some((l) => l.includes(`watch_warning: ${watched} was deleted`)));
    assert.equal(await w.fw.emitEvent(), null);
    await writeFiles(dir.path, { "w/new.ts": "x" });
    assert.deepEqual(data(await w.fw.emitEvent()).files, [join(watched, "new.ts")]);
    await Deno.writeTextFile(join(watched, "newer.ts"), "x");
    await waitUntil(() => w.fw.pending >= 1, "a change after re-watching");
    assert.deepEqual(data(await w.fw.emitEvent()).files, [join(watched, "newer.ts")]);
  },
);

bothWays(
  "folderwatch: the monitor's log folder inside a watched folder is never activity",
  async (hooks) => {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "logs/.keep": "" });
    await using w = await watching(dir.path, { watch_dirs: ["."] }, hooks);
    for (let i = 0; i < 20; i++) {
      await Deno.writeTextFile(join(dir.path, "logs", "2025-01-01.mimolo.jsonl"), `${i}\n`, {
        append: true,
      });
    }
    await Deno.writeTextFile(join(dir.path, "work.md"), "x");
    await waitUntil(() => w.fw.pending >= 1, "the real change");
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(data(await w.fw.emitEvent()).files, [join(dir.path, "work.md")]);
  },
);

Deno.test("folderwatch: when the OS refuses to watch, it says so once and falls back to scanning", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "a/old.ts": "x", "b/old.ts": "x" });
  const refuse = () => {
    throw new Error("OS file watch limit reached (inotify max_user_watches)");
  };
  await using w = await watching(dir.path, { watch_dirs: ["a", "b"] }, { open: refuse });
  assert.equal(await w.fw.emitEvent(), null, "the first snapshot is not activity");
  const warnings = w.logs.filter((l) => l.includes("cannot watch"));
  assert.equal(warnings.length, 2, "said once per folder, not on every poll");
  assert.match(
    warnings[0],
    /inotify max_user_watches.*scanning it for changes on every poll instead/,
  );

  await new Promise((r) => setTimeout(r, 20));
  await Deno.writeTextFile(join(dir.path, "a", "old.ts"), "changed");
  await Deno.writeTextFile(join(dir.path, "b", "new.ts"), "x");
  await Deno.remove(join(dir.path, "b", "old.ts"));
  assert.deepEqual(data(await w.fw.emitEvent()).files, [
    join(dir.path, "a", "old.ts"),
    join(dir.path, "b", "new.ts"),
    join(dir.path, "b", "old.ts"),
  ]);
  assert.equal(await w.fw.emitEvent(), null);
});

Deno.test("folderwatch: symlink loops do not hang watching, scanning or discovery", {
  // Creating symlinks needs extra rights on Windows.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "t/a/file.ts": "x" });
  await Deno.symlink(join(dir.path, "t"), join(dir.path, "t", "a", "loop"));
  for (const watch_mode of ["auto", "scan"]) {
    await using w = await watching(dir.path, {
      watch_dirs: ["t"],
      emit_on_discovery: true,
      watch_mode,
    });
    assert.deepEqual(
      data(await w.fw.emitEvent()).files,
      [join(dir.path, "t", "a", "file.ts")],
      watch_mode,
    );
  }
});

Deno.test("folderwatch: filterMethod flattens, resolves, de-duplicates and sorts folders", () => {
  assert.deepEqual(FolderWatchMonitor.filterMethod([["/p/b", "/p/a"], ["/p/a/../b", "/p/c/"]]), [
    "/p/a",
    "/p/b",
    "/p/c",
  ]);
});

Deno.test("folderwatch: a watch that breaks while running falls back to scanning", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "a/old.ts": "x" });
  const breaking = () =>
    ({
      close() {},
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          await new Promise((r) => setTimeout(r, 10));
          throw new Error("No space left on device (os error 28)");
        },
      }),
    }) as unknown as Deno.FsWatcher;
  await using w = await watching(dir.path, { watch_dirs: ["a"] }, { open: breaking });
  await waitUntil(() => w.logs.some((l) => l.includes("cannot watch")), "the fallback warning");
  await w.fw.emitEvent();
  await new Promise((r) => setTimeout(r, 20));
  await Deno.writeTextFile(join(dir.path, "a", "new.ts"), "x");
  assert.deepEqual(data(await w.fw.emitEvent()).files, [join(dir.path, "a", "new.ts")]);
});

bothWays("folderwatch: a folder moved into a watched folder counts its files", async (hooks) => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "w/.keep": "",
    "outside/proj/a.ts": "x",
    "outside/proj/sub/b.ts": "x",
  });
  await using w = await watching(dir.path, { watch_dirs: ["w"] }, hooks);
  await Deno.rename(join(dir.path, "outside", "proj"), join(dir.path, "w", "proj"));
  await waitUntil(() => w.fw.pending >= 2, "the moved folder's files");
  assert.deepEqual(data(await w.fw.emitEvent()).files, [
    join(dir.path, "w", "proj", "a.ts"),
    join(dir.path, "w", "proj", "sub", "b.ts"),
  ]);
});

Deno.test("folderwatch: when the OS reports dropped events (rescan), files changed since the last poll are found", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "w/old.ts": "x" });
  await Deno.utime(
    join(dir.path, "w", "old.ts"),
    new Date(Date.now() - 60_000),
    new Date(Date.now() - 60_000),
  );
  let deliver: (e: Deno.FsEvent) => void = () => {};
  const overflowing = () =>
    ({
      close() {},
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise((resolve) => deliver = (value) => resolve({ value, done: false })),
      }),
    }) as unknown as Deno.FsWatcher;
  await using w = await watching(dir.path, { watch_dirs: ["w"] }, { open: overflowing });
  await w.fw.emitEvent();
  await Deno.writeTextFile(join(dir.path, "w", "lost.ts"), "x");
  deliver({ kind: "any", paths: [], flag: "rescan" });
  await waitUntil(() => w.fw.pending >= 1, "the rescan");
  assert.deepEqual(data(await w.fw.emitEvent()).files, [join(dir.path, "w", "lost.ts")]);
});

Deno.test("folderwatch tree watch: events about paths outside its root (Deno 2.7.5 shares one OS watcher) are dropped", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "w/mine.ts": "x" });
  const root = join(dir.path, "w");
  const mine = join(root, "mine.ts");
  const theirs = join(dir.path, "other", "theirs.ts");
  const queue: Deno.FsEvent[] = [
    { kind: "modify", paths: [theirs] },
    { kind: "modify", paths: [join(dir.path, "w-sibling", "x.ts")] },
    { kind: "rename", paths: [theirs, mine] },
    { kind: "any", paths: [], flag: "rescan" },
    { kind: "modify", paths: [mine] },
  ];
  let closed = false;
  const shared = () =>
    ({
      close() {
        closed = true;
      },
      [Symbol.asyncIterator]: () => ({
        next: () =>
          Promise.resolve(
            queue.length > 0 && !closed
              ? { value: queue.shift()!, done: false }
              : { value: undefined, done: true },
          ),
      }),
    }) as unknown as Deno.FsWatcher;
  const seen: Deno.FsEvent[] = [];
  const tree = new TreeWatch(root, false, () => false, shared, {
    event: (e) => seen.push(e),
    burst: () => {},
    broke: (err) => assert.fail(String(err)),
    ended: () => {},
  });
  tree.start();
  await waitUntil(() => queue.length === 0, "the queue to drain");
  await tree.close();
  assert.deepEqual(seen, [
    { kind: "rename", paths: [mine] },
    { kind: "any", paths: [], flag: "rescan" },
    { kind: "modify", paths: [mine] },
  ]);
});

Deno.test("folderwatch: a burst that may have overflowed Deno's event queue is caught up from mtimes", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "w/old.ts": "x" });
  const old = new Date(Date.now() - 60_000);
  await Deno.utime(join(dir.path, "w", "old.ts"), old, old);
  // Like Deno 2.7.5's watcher: the first 16 events of a burst arrive, the rest are dropped silently.
  const queue: Deno.FsEvent[] = [];
  let wake: () => void = () => {};
  const lossy = () =>
    ({
      close() {},
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          while (queue.length === 0) await new Promise<void>((r) => wake = r);
          return { value: queue.shift()!, done: false };
        },
      }),
    }) as unknown as Deno.FsWatcher;
  await using w = await watching(dir.path, { watch_dirs: ["w"] }, { open: lossy });
  assert.equal(await w.fw.emitEvent(), null);
  const files = Array.from({ length: 40 }, (_, i) => join(dir.path, "w", `f${i}.ts`));
  for (const f of files) await Deno.writeTextFile(f, "x");
  for (const f of files.slice(0, 16)) queue.push({ kind: "create", paths: [f] });
  wake();
  await waitUntil(() => w.fw.pending >= files.length, "the catch-up search after the burst");
  assert.deepEqual(data(await w.fw.emitEvent()).files, files.toSorted());

  const few = [join(dir.path, "w", "g1.ts"), join(dir.path, "w", "g2.ts")];
  for (const f of few) await Deno.writeTextFile(f, "x");
  await new Promise((r) => setTimeout(r, 300));
  for (const f of few) queue.push({ kind: "modify", paths: [f] });
  wake();
  await waitUntil(() => w.fw.pending >= 2, "the two events");
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(data(await w.fw.emitEvent()).files, few, "a small burst searches nothing");
});

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
  const settled = await Promise.race([p.then(() => true as const), late]);
  clearTimeout(timer);
  return settled;
}

bothWays(
  "folderwatch: while every folder is watched and nothing waits, polls wait for an OS event",
  async (hooks) => {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "a/old.ts": "" });
    await using t = await watching(dir.path, { watch_dirs: ["a", "b"], extensions: ["ts"] }, hooks);
    assert.equal(t.fw.nextActivity(), null, "b is missing: it must be polled to be noticed");
    await Deno.mkdir(join(dir.path, "b"));
    await t.fw.emitEvent(); // b is picked up; its files count once
    await t.fw.emitEvent();
    const quiet = t.fw.nextActivity();
    assert.ok(quiet, "every folder watched, nothing waiting");
    assert.equal(await settlesWithin(quiet, 200), false, "nothing happened: no poll needed");
    await Deno.writeTextFile(join(dir.path, "b", "new.ts"), "x");
    assert.equal(await settlesWithin(quiet, 5000), true, "a write wakes it");
    assert.deepEqual(data(await t.fw.emitEvent()).files, [join(dir.path, "b", "new.ts")]);

    const next = t.fw.nextActivity()!;
    await Deno.remove(join(dir.path, "a"), { recursive: true });
    assert.equal(await settlesWithin(next, 5000), true, "a watched folder deleted wakes it");
    await t.fw.emitEvent();
    assert.equal(t.fw.nextActivity(), null, "a is missing again: back to polling");
  },
);
