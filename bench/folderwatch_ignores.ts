/**
 * folderwatch's ignored folders (Linux): what a 50,000-file `node_modules`
 * beside 1,000 source files costs at start-up, in time and inotify watches.
 *
 * 1. Set-up: folderwatch's `onStart()` on the tree, each time in a fresh
 *    worker (a fresh isolate, so a fresh OS watcher), five times per
 *    variant; the inotify watches the process gained, from
 *    /proc/self/fdinfo. Variants: this checkout watching folder by folder
 *    (Linux's default), this checkout watching the whole tree recursively
 *    and filtering (what macOS and Windows do), and, with `--before DIR`,
 *    the checkout at DIR (e.g. a worktree of the commit before ignores).
 * 2. The choice behind folder-by-folder watching: N folders watched with one
 *    `Deno.watchFs` call taking the N paths, against N calls of one path
 *    each; time, inotify instances and watches, threads, and the wall and
 *    CPU time until the events of 200 writes in the last folder arrived.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/folderwatch_ignores.ts [--before DIR]
 * @module
 */
import { join, resolve } from "node:path";
import { inotifyUse } from "./tools/inotify.ts";

const SOURCE_FOLDERS = 10;
const FILES_PER_FOLDER = 100;
const PACKAGES = 500;
const RUNS = 5;
/** Files written in a row to time the delivery of their events. */
const BURST = 200;
const ROOT = new URL("../", import.meta.url).href;

/** A tree: `src/m0..m9` with 100 files each, `node_modules/pN/lib` with 100 files each. */
async function makeTree(): Promise<{ dir: string; folders: number; sourceFolders: number }> {
  const dir = await Deno.makeTempDir({ prefix: "mimolo-ignores-" });
  const content = new TextEncoder().encode("x\n");
  const fill = async (folder: string, ext: string) => {
    await Deno.mkdir(folder, { recursive: true });
    await Promise.all(
      Array.from(
        { length: FILES_PER_FOLDER },
        (_, i) => Deno.writeFile(join(folder, `f${i}.${ext}`), content),
      ),
    );
  };
  for (let m = 0; m < SOURCE_FOLDERS; m++) await fill(join(dir, "src", `m${m}`), "ts");
  for (let p = 0; p < PACKAGES; p++) await fill(join(dir, "node_modules", `p${p}`, "lib"), "js");
  await Deno.writeTextFile(join(dir, ".gitignore"), "dist/\n");
  return {
    dir,
    folders: 1 + 1 + SOURCE_FOLDERS + 1 + 2 * PACKAGES,
    sourceFolders: 2 + SOURCE_FOLDERS,
  };
}

/** One set-up in a fresh worker. */
function setUpOnce(root: string, dir: string, perFolder: boolean | undefined) {
  return new Promise<{ ms: number; watches: number; instances: number }>((ok, fail) => {
    const worker = new Worker(new URL("./tools/folderwatch_watches_worker.ts", import.meta.url), {
      type: "module",
    });
    worker.onmessage = (e) => {
      worker.terminate();
      ok(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      fail(new Error(e.message));
    };
    worker.postMessage({ root, dir, perFolder });
  });
}

const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];

async function setUp(label: string, root: string, dir: string, perFolder?: boolean) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await setUpOnce(root, dir, perFolder));
  const ms = runs.map((r) => r.ms);
  console.log(
    `  ${label}: onStart ${median(ms).toFixed(1)} ms median (${Math.min(...ms).toFixed(1)}–${
      Math.max(...ms).toFixed(1)
    }), inotify watches ${runs.map((r) => r.watches).join("/")}, instances ${runs[0].instances}`,
  );
}

function threads(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(Deno.readTextFileSync("/proc/self/status"))?.[1]);
}

/** This process's user + system CPU time so far, in ms (Linux). */
function cpuMs(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Writes `count` files one after the other into `folder` (awaiting each, so
 * the watchers are read in between), then waits until no event has arrived
 * for 500 ms: the events delivered (Deno 2.7.5 drops those beyond 16 unread
 * per watcher) and the process's CPU time, writes included (Deno routes each
 * event to every watcher whose paths it falls under, checking them one by
 * one).
 */
async function burst(
  watchers: Deno.FsWatcher[],
  folder: string,
  count: number,
): Promise<{ events: number; cpuMs: number }> {
  let events = 0;
  let lastMs = performance.now();
  const readers = watchers.map(async (w) => {
    for await (const _ of w) {
      events++;
      lastMs = performance.now();
    }
  });
  const c0 = cpuMs();
  for (let i = 0; i < count; i++) await Deno.writeTextFile(join(folder, `probe${i}.txt`), "probe");
  while (performance.now() - lastMs < 500) await new Promise((r) => setTimeout(r, 50));
  const result = { events, cpuMs: cpuMs() - c0 };
  for (const w of watchers) w.close();
  await Promise.allSettled(readers);
  return result;
}

/** Runs `fn` in a fresh worker so it gets its own OS watcher; resolves with what it posts. */
function inWorker<T>(code: string, data: unknown): Promise<T> {
  const url = "data:text/javascript," + encodeURIComponent(code);
  return new Promise((ok, fail) => {
    const w = new Worker(url, { type: "module" });
    w.onmessage = (e) => (w.terminate(), ok(e.data));
    w.onerror = (e) => (e.preventDefault(), w.terminate(), fail(new Error(e.message)));
    w.postMessage(data);
  });
}

const beforeAt = Deno.args.indexOf("--before");
const before = beforeAt >= 0 ? Deno.args[beforeAt + 1] : undefined;
const tree = await makeTree();
try {
  console.log(
    `Tree: ${(SOURCE_FOLDERS * FILES_PER_FOLDER).toLocaleString("en")} source files in ` +
      `${tree.sourceFolders} folders (root and src included) beside a ` +
      `${(PACKAGES * FILES_PER_FOLDER).toLocaleString("en")}-file node_modules; ` +
      `${tree.folders} folders in all.`,
  );
  console.log(`Set-up (${RUNS} runs each, each in a fresh worker):`);
  if (before !== undefined) {
    await setUp(`before (${before})`, new URL(`file://${resolve(before)}/`).href, tree.dir);
  }
  await setUp("after, folder by folder (Linux)", ROOT, tree.dir, true);
  await setUp("after, whole tree + filtering (macOS, Windows)", ROOT, tree.dir, false);

  const folders = [
    tree.dir,
    ...Array.from({ length: PACKAGES }, (_, p) => join(tree.dir, "node_modules", `p${p}`, "lib")),
  ];
  console.log(`\nWatching ${folders.length} folders non-recursively (each in a fresh worker):`);
  const probe = `
    ${inotifyUse.toString()}
    ${threads.toString()}
    ${cpuMs.toString()}
    ${burst.toString()}
    import { join } from "node:path";
    self.onmessage = async (e) => {
      const { folders, oneCall } = e.data;
      const [u0, t0] = [inotifyUse(), threads()];
      const start = performance.now();
      const watchers = oneCall
        ? [Deno.watchFs(folders, { recursive: false })]
        : folders.map((f) => Deno.watchFs(f, { recursive: false }));
      const ms = performance.now() - start;
      const [u1, t1] = [inotifyUse(), threads()];
      const b = await burst(watchers, folders.at(-1), ${BURST});
      self.postMessage({ ms, watches: u1.watches - u0.watches, instances: u1.instances - u0.instances,
        threads: t1 - t0, events: b.events, cpuMs: b.cpuMs });
    };`;
  for (const oneCall of [true, false]) {
    const runs: Record<string, number>[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await inWorker<Record<string, number>>(probe, { folders, oneCall }));
    }
    const m = (k: string) => median(runs.map((r) => r[k])).toFixed(1);
    console.log(
      `  ${oneCall ? "one call, a list of paths" : "one call per folder"}: ${m("ms")} ms, ` +
        `${runs[0].watches} watches, ${runs[0].instances} inotify instance(s), ` +
        `+${runs[0].threads} thread(s); ${BURST} writes in the last folder: ${m("events")} ` +
        `events delivered, ${m("cpuMs")} ms CPU (medians)`,
    );
  }
} finally {
  Deno.removeSync(tree.dir, { recursive: true });
}
