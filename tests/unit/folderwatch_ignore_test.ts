import assert from "node:assert/strict";
import { join } from "node:path";
import { setPluginLogSink } from "@mimolo/sdk";
import FolderWatchMonitor, { type FolderwatchHooks } from "../../plugins/folderwatch.ts";
import {
  DEFAULT_IGNORES,
  IgnoreRules,
  type IgnoreSources,
} from "../../plugins/_folderwatch/ignore_rules.ts";
import { configFor } from "../../src/plugins/config_declaration.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

const NONE: IgnoreSources = { defaults: false, gitignore: false, patterns: [], excluded: [] };

/** Creates empty files at the relative `paths` below `dir`. */
const touch = (dir: string, paths: string[]) =>
  writeFiles(dir, Object.fromEntries(paths.map((p) => [p, ""])));

/** The relative paths of `paths` that `rules` ignores, for compact assertions. */
function ignored(rules: IgnoreRules, root: string, paths: string[]): string[] {
  return paths.filter((p) => rules.ignores(join(root, p)));
}

const EDITOR_AND_CACHES = [
  ".git/index",
  ".git/objects/0a/1b2c",
  ".hg/store/x",
  ".svn/entries",
  ".jj/repo/x",
  "node_modules/left-pad/index.js",
  "web/node_modules/x/y.js",
  ".venv/lib/x.py",
  "venv/bin/python",
  "pkg/__pycache__/m.cpython-312.pyc",
  ".pytest_cache/v/x",
  ".mypy_cache/3.12/x.json",
  ".gradle/8.0/x",
  ".cache/x",
  "src/.main.ts.swp",
  "src/.main.ts.swo",
  "src/.main.ts.swx",
  "src/main.ts~",
  "src/.#main.ts",
  "src/#main.ts#",
  "src/4913",
  ".DS_Store",
  "src/Thumbs.db",
  "desktop.ini",
];

Deno.test("ignore rules: every default ignore, and nothing else; default_ignores = false turns them off", async () => {
  await using dir = await tempDir();
  const files = [...EDITOR_AND_CACHES, "src/main.ts", "src/venv.ts", "cache/x.ts", "src/swp.ts"];
  await touch(dir.path, files);
  const on = new IgnoreRules(dir.path, { ...NONE, defaults: true });
  assert.deepEqual(ignored(on, dir.path, files), EDITOR_AND_CACHES);
  assert.ok(
    on.ignores(join(dir.path, "node_modules"), true),
    "the folder itself, not only its files",
  );
  assert.equal(DEFAULT_IGNORES.length, 22, "the list the docs give");
  const off = new IgnoreRules(dir.path, NONE);
  assert.deepEqual(ignored(off, dir.path, files), []);
});

Deno.test("ignore rules: ignore patterns are gitignore syntax relative to the watched folder, or absolute paths", async () => {
  await using dir = await tempDir();
  const files = [
    "app.log",
    "logs/keep.log",
    "build/out.js",
    "src/build/x.ts",
    "docs/a/b/draft.md",
    "docs/final.md",
    "data/big.csv",
    "tmp",
    "tmp2/x",
    "src/main.ts",
  ];
  await touch(dir.path, files);
  const rules = new IgnoreRules(dir.path, {
    ...NONE,
    patterns: [
      "*.log",
      "!keep.log",
      "/build",
      "docs/**/draft.md",
      join(dir.path, "data"),
      "/elsewhere/entirely",
      "tmp/",
    ],
  });
  assert.deepEqual(ignored(rules, dir.path, files), [
    "app.log",
    "build/out.js",
    "docs/a/b/draft.md",
    "data/big.csv",
  ], "/build is anchored, tmp/ matches only a folder, an absolute path names its folder");
});

Deno.test("ignore rules: nested .gitignore files, negation, anchoring and folder patterns, as git reads them", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "# generated\n*.gen.ts\n/only-top.txt\nout/\ndist\n!dist/keep\n",
    "pkg/.gitignore": "!keep.gen.ts\nlocal.txt\n",
    "pkg/deep/.gitignore": "*.ts\n",
  });
  const files = [
    "a.gen.ts",
    "pkg/b.gen.ts",
    "pkg/keep.gen.ts",
    "only-top.txt",
    "pkg/only-top.txt",
    "out/x.js",
    "pkg/out",
    "dist/keep",
    "local.txt",
    "pkg/local.txt",
    "pkg/deep/x.ts",
    "pkg/deep/x.md",
    "src/main.ts",
  ];
  await touch(dir.path, files);
  const rules = new IgnoreRules(dir.path, { ...NONE, gitignore: true });
  assert.deepEqual(ignored(rules, dir.path, files), [
    "a.gen.ts",
    "pkg/b.gen.ts",
    "only-top.txt",
    "out/x.js",
    "dist/keep",
    "pkg/local.txt",
    "pkg/deep/x.ts",
  ], "a file in an ignored folder cannot be re-included (dist/keep); out/ matches only folders");
  const off = new IgnoreRules(dir.path, NONE);
  assert.deepEqual(ignored(off, dir.path, files), [], "respect_gitignore = false");
});

Deno.test("ignore rules: .git/info/exclude, the repository above the watched folder, and nested repositories", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "repo/.git/info/exclude": "secret.txt\n",
    "repo/.gitignore": "*.tmp\n",
    "repo/src/.gitignore": "generated/\n",
    "repo/src/a.tmp": "",
    "repo/src/secret.txt": "",
    "repo/src/generated/x.ts": "",
    "repo/src/main.ts": "",
    "repo/src/vendor/lib/.git/HEAD": "",
    "repo/src/vendor/lib/b.tmp": "",
    "repo/src/vendor/lib/.gitignore": "*.log\n",
    "repo/src/vendor/lib/c.log": "",
  });
  const src = join(dir.path, "repo", "src");
  const rules = new IgnoreRules(src, { ...NONE, gitignore: true });
  assert.deepEqual(
    ignored(rules, src, [
      "a.tmp",
      "secret.txt",
      "generated/x.ts",
      "main.ts",
      "vendor/lib/b.tmp",
      "vendor/lib/c.log",
    ]),
    ["a.tmp", "secret.txt", "generated/x.ts", "vendor/lib/c.log"],
    "the inner repository has its own rules",
  );
});

Deno.test("ignore rules: a changed .gitignore or info/exclude applies without a restart", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    ".git/info/exclude": "",
    ".gitignore": "",
    "gen/x.ts": "",
    "y.txt": "",
  });
  const rules = new IgnoreRules(dir.path, { ...NONE, gitignore: true });
  assert.deepEqual(ignored(rules, dir.path, ["gen/x.ts", "y.txt"]), []);
  await Deno.writeTextFile(join(dir.path, ".gitignore"), "gen/\n");
  assert.deepEqual(ignored(rules, dir.path, ["gen/x.ts"]), [], "cached until told");
  assert.equal(rules.noteChange(join(dir.path, ".gitignore")), true);
  assert.deepEqual(ignored(rules, dir.path, ["gen/x.ts", "y.txt"]), ["gen/x.ts"]);
  assert.equal(rules.noteChange(join(dir.path, "y.txt")), false, "other files change nothing");
  const later = new Date(Date.now() + 5000);
  await Deno.writeTextFile(join(dir.path, ".git/info/exclude"), "*.txt\n");
  await Deno.utime(join(dir.path, ".git/info/exclude"), later, later);
  assert.equal(rules.refresh(), true, "the exclude file is checked by its modification time");
  assert.deepEqual(ignored(rules, dir.path, ["gen/x.ts", "y.txt"]), ["gen/x.ts", "y.txt"]);
  assert.equal(rules.refresh(), false);
});

/** A started folderwatch on `dir` with `config`; disposed with `await using`. */
async function watching(
  dir: string,
  config: Record<string, unknown>,
  hooks: FolderwatchHooks,
): Promise<{ fw: FolderWatchMonitor; logs: string[] } & AsyncDisposable> {
  const logs: string[] = [];
  setPluginLogSink((level, m) => logs.push(`${level} ${m}`));
  const context = { configDir: dir, logDir: join(dir, "logs"), homeDir: "/home/nobody" };
  const fw = new FolderWatchMonitor(configFor(FolderWatchMonitor, config, context), context, hooks);
  await fw.onStart();
  return { fw, logs, [Symbol.asyncDispose]: async () => await fw.onStop() };
}

const files = (e: unknown) => (e as { data: { files: string[] } } | null)?.data.files ?? [];

/**
 * Dates every file below `dir` a minute back, so that a catch-up search after
 * a burst (which looks 2 s back, for coarse clocks) does not take the set-up
 * for activity.
 */
async function backdate(dir: string): Promise<void> {
  const old = new Date(Date.now() - 60_000);
  const walk = async (d: string): Promise<void> => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else await Deno.utime(p, old, old);
    }
  };
  await walk(dir);
}

/** Gives the OS time to deliver what would be reported (there is no event to wait for when nothing is). */
const settle = () => new Promise((r) => setTimeout(r, 300));

for (const perFolder of [true, false]) {
  const way = perFolder ? "folder by folder" : "whole tree";

  Deno.test(`folderwatch ignores: caches, VCS internals, editor droppings and .gitignored files open nothing (${way})`, async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      ".git/HEAD": "x",
      ".gitignore": "dist/\n",
      "node_modules/pkg/index.js": "x",
      "dist/.keep": "",
      "src/main.ts": "x",
    });
    await backdate(dir.path);
    await using w = await watching(dir.path, { watch_dirs: ["."], ignore: ["*.tmp"] }, {
      perFolder,
    });
    assert.match(w.logs.join("\n"), /ignoring: defaults, \.gitignore, 1 pattern\(s\)/);
    if (perFolder) {
      assert.match(
        w.logs.join("\n"),
        /; 2 folder\(s\) watched one by one/,
        "the root and src: not .git, node_modules or dist",
      );
    }
    await Deno.writeTextFile(join(dir.path, ".git", "index"), "x");
    await Deno.mkdir(join(dir.path, ".git", "objects", "0a"), { recursive: true });
    await Deno.writeTextFile(join(dir.path, ".git", "objects", "0a", "bc"), "x");
    await Deno.writeTextFile(join(dir.path, "node_modules", "pkg", "index.js"), "y");
    await Deno.mkdir(join(dir.path, "node_modules", "new"));
    await Deno.writeTextFile(join(dir.path, "node_modules", "new", "a.js"), "y");
    await Deno.writeTextFile(join(dir.path, "dist", "bundle.js"), "y");
    await Deno.writeTextFile(join(dir.path, "src", ".main.ts.swp"), "y");
    await Deno.writeTextFile(join(dir.path, "src", "main.ts~"), "y");
    await Deno.writeTextFile(join(dir.path, "src", "scratch.tmp"), "y");
    await settle();
    assert.equal(await w.fw.emitEvent(), null, "none of that is activity");
    await Deno.writeTextFile(join(dir.path, "src", "main.ts"), "edited");
    await waitUntil(() => w.fw.pending >= 1, "the real edit");
    await settle();
    assert.deepEqual(files(await w.fw.emitEvent()), [join(dir.path, "src", "main.ts")]);
  });

  Deno.test(`folderwatch ignores: a .gitignore changed while running applies at once, both ways (${way})`, async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, { ".gitignore": "", "gen/old.ts": "x", "src/a.ts": "x" });
    await backdate(dir.path);
    await using w = await watching(dir.path, { watch_dirs: ["."] }, { perFolder });
    await Deno.writeTextFile(join(dir.path, ".gitignore"), "gen/\n");
    await waitUntil(() => w.fw.pending >= 1, "the .gitignore edit (itself activity)");
    await settle();
    await w.fw.emitEvent();
    await Deno.writeTextFile(join(dir.path, "gen", "old.ts"), "y");
    await Deno.writeTextFile(join(dir.path, "gen", "new.ts"), "y");
    await settle();
    assert.equal(await w.fw.emitEvent(), null, "gen/ is ignored now");

    await Deno.writeTextFile(join(dir.path, ".gitignore"), "# nothing\n");
    await waitUntil(() => w.fw.pending >= 1, "the second .gitignore edit");
    await settle();
    await w.fw.emitEvent();
    await Deno.writeTextFile(join(dir.path, "gen", "old.ts"), "z");
    await waitUntil(() => w.fw.pending >= 1, "gen/ watched again");
    await settle();
    assert.deepEqual(files(await w.fw.emitEvent()), [join(dir.path, "gen", "old.ts")]);
  });

  Deno.test(`folderwatch ignores: a folder that appears is watched unless ignored (${way})`, async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "src/a.ts": "x" });
    await using w = await watching(dir.path, { watch_dirs: ["."] }, { perFolder });
    await Deno.mkdir(join(dir.path, "src", "feature", "deep"), { recursive: true });
    await Deno.mkdir(join(dir.path, "src", "node_modules"));
    await settle();
    await w.fw.emitEvent();
    await Deno.writeTextFile(join(dir.path, "src", "feature", "deep", "b.ts"), "x");
    await Deno.writeTextFile(join(dir.path, "src", "node_modules", "c.js"), "x");
    await waitUntil(() => w.fw.pending >= 1, "the write in the new folder");
    await settle();
    assert.deepEqual(files(await w.fw.emitEvent()), [
      join(dir.path, "src", "feature", "deep", "b.ts"),
    ]);
  });
}

Deno.test("folderwatch ignores: ~ in an ignore entry is the home folder", () => {
  const context = { configDir: "/p", logDir: "/p/logs", homeDir: "/home/me" };
  const fw = new FolderWatchMonitor(
    configFor(
      FolderWatchMonitor,
      { watch_dirs: ["~"], ignore: ["~/big", "!~/big/keep", "*.o"] },
      context,
    ),
    context,
  );
  assert.deepEqual(fw.options.dirs, ["/home/me"]);
  assert.deepEqual(fw.options.ignores.patterns, ["/home/me/big", "!/home/me/big/keep", "*.o"]);
});
