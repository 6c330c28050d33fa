import { isInside, kindOf } from "./paths.ts";
import { walkDirs } from "./scan.ts";

/** Opens an OS watcher on folders (injectable so tests can fake or break it). */
export type OpenWatcher = (paths: string[], recursive: boolean) => Deno.FsWatcher;

/** The real one: `Deno.watchFs`. */
export const openWatchFs: OpenWatcher = (paths, recursive) => Deno.watchFs(paths, { recursive });

/**
 * Whether this OS's notifications cost one watch per folder (Linux's
 * inotify): then ignored folders are left out by watching every other
 * folder on its own. FSEvents (macOS) and ReadDirectoryChangesW (Windows)
 * watch a whole tree at the cost of one, so there the tree is watched
 * recursively and ignored paths are filtered out.
 */
export const WATCH_PER_FOLDER: boolean = Deno.build.os === "linux" || Deno.build.os === "android";

/**
 * Deno before 2.9 queues at most 16 undelivered events per watcher and
 * silently drops the rest (fixed upstream by denoland/deno#35122), and
 * MiMoLo pins 2.7.5 for its worker termination: after this many events
 * within {@linkcode BURST_WINDOW_MS} on one watcher, some may have been
 * lost, so the tree is searched for files changed since the burst began.
 */
export const BURST_EVENTS = 12;
/** The window in which {@linkcode BURST_EVENTS} events count as a burst. */
export const BURST_WINDOW_MS = 50;
/** How long after a burst's last event the catch-up search runs. */
const BURST_SETTLE_MS = 100;

/** What a {@linkcode TreeWatch} reports. */
export interface TreeWatchListener {
  /** An OS event, from any of its watchers. */
  event(event: Deno.FsEvent): void;
  /** A burst that may have lost events has settled: search for what changed since `sinceMs`. */
  burst(sinceMs: number): void;
  /** A watcher broke while running (e.g. the OS ran out of watches). */
  broke(err: unknown): void;
  /** The main watcher ended by itself. */
  ended(): void;
}

/** One open OS watcher and its burst count. */
interface Watcher {
  fs: Deno.FsWatcher;
  /** Folders it watches (per-folder mode), so it can be closed once they are all gone. */
  dirs: Set<string>;
  burstStartMs: number;
  burstEvents: number;
}

/**
 * The OS watches of one folder tree. Recursive mode: one recursive watch of
 * the root. Per-folder mode ({@linkcode WATCH_PER_FOLDER}): one
 * non-recursive watch of the root and of every folder below it that is not
 * skipped, opened in one call; folders that appear later (or stop being
 * ignored) are added with {@linkcode watchNew}. Deno 2.7.5 can add watches
 * only by opening another watcher, and routes every event under the root
 * to the first one, whose first path is the root.
 *
 * @example
 * ```ts
 * const tree = new TreeWatch("/p", true, (dir) => dir.endsWith("node_modules"), openWatchFs, listener);
 * tree.start();
 * ```
 */
export class TreeWatch {
  readonly root: string;
  readonly perFolder: boolean;
  readonly #skipDir: (dir: string) => boolean;
  readonly #open: OpenWatcher;
  readonly #listener: TreeWatchListener;
  #watchers: Watcher[] = [];
  /** Folders watched (per-folder mode). */
  #watched = new Set<string>();
  #pumps: Promise<void>[] = [];
  #closed = false;
  /** Wall-clock start of a burst that may have lost events, until its catch-up search runs. */
  #lossSinceMs: number | null = null;
  #catchUp: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param root the folder (absolute); @param perFolder the mode; @param skipDir
   * folders not to watch (with what is below them); @param open opens OS watchers.
   */
  constructor(
    root: string,
    perFolder: boolean,
    skipDir: (dir: string) => boolean,
    open: OpenWatcher,
    listener: TreeWatchListener,
  ) {
    this.root = root;
    this.perFolder = perFolder;
    this.#skipDir = skipDir;
    this.#open = open;
    this.#listener = listener;
  }

  /** How many folders are watched one by one (0 in recursive mode). */
  get folders(): number {
    return this.#watched.size;
  }

  /** Opens the watch; throws if the OS refuses. */
  start(): void {
    if (!this.perFolder) {
      this.#add(this.#open([this.root], true), []);
      return;
    }
    // The walk yields the root first: Deno 2.7.5 gives this first watcher every event whose
    // path starts with its first path.
    this.watchNew(this.root);
  }

  /**
   * Per-folder mode: watches `dir` and every folder below it that is not
   * skipped (a folder that appeared, or is no longer ignored), those
   * already watched included (a folder recreated at the same path needs a
   * new watch). Returns the folders it watched; throws if the OS refuses.
   */
  watchNew(dir: string): string[] {
    if (!this.perFolder || this.#closed) return [];
    const watched: string[] = [];
    // Walk, watch, walk again: a folder created between a walk and its watch is found by the next
    // walk, and one created after the watches exist is reported by its parent's.
    let fresh = this.#dirsBelow(dir);
    while (fresh.length > 0) {
      const opened = this.#openDirs(fresh);
      watched.push(...opened);
      const done = new Set(watched);
      fresh = this.#dirsBelow(dir).filter((d) => !done.has(d));
      if (opened.length === 0) break;
    }
    return watched;
  }

  /**
   * Per-folder mode: watches every folder of the tree that is not skipped
   * and not watched yet (after a burst or an overflow may have hidden new
   * folders, or an ignore file changed), and forgets folders that are gone.
   * Returns the folders it started watching; throws if the OS refuses.
   */
  reconcile(): string[] {
    if (!this.perFolder || this.#closed) return [];
    const live = new Set(this.#dirsBelow(this.root));
    for (const dir of this.#watched) if (!live.has(dir)) this.forget(dir);
    const fresh = [...live].filter((d) => !this.#watched.has(d));
    return fresh.length > 0 ? this.#openDirs(fresh) : [];
  }

  /** Per-folder mode: `path` was removed; forgets the folders watched at or below it. */
  forget(path: string): void {
    if (!this.#watched.has(path)) return;
    for (const dir of this.#watched) {
      if (!isInside(dir, path)) continue;
      this.#watched.delete(dir);
      for (const w of this.#watchers) w.dirs.delete(dir);
    }
    // A later watcher whose folders are all gone is closed; the first one stays, it holds the root.
    for (const w of this.#watchers.slice(1)) {
      if (w.dirs.size === 0) this.#closeWatcher(w);
    }
  }

  /** Whether a catch-up search after a burst is still to run. */
  get catchingUp(): boolean {
    return this.#catchUp !== null;
  }

  /** Closes every watcher; resolves once their event loops have ended. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#catchUp !== null) clearTimeout(this.#catchUp);
    this.#catchUp = null;
    for (const w of [...this.#watchers]) this.#closeWatcher(w);
    return Promise.all(this.#pumps).then(() => {});
  }

  /** `dir` and the folders below it that are not skipped. */
  #dirsBelow(dir: string): string[] {
    return [...walkDirs(dir, (path, isDir) => isDir && this.#skipDir(path))];
  }

  /**
   * Opens one non-recursive watcher on `dirs`; a folder that vanished in
   * the meantime is left out (the OS refuses the whole call for it).
   * Returns the folders watched; throws if the OS refuses for another reason.
   */
  #openDirs(dirs: string[]): string[] {
    for (let attempt = 0;; attempt++) {
      try {
        if (dirs.length === 0) return [];
        this.#add(this.#open(dirs, false), dirs);
        return dirs;
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound) || attempt === 3) throw err;
        dirs = dirs.filter((d) => kindOf(d) === "dir");
      }
    }
  }

  #add(fs: Deno.FsWatcher, dirs: string[]): void {
    const watcher: Watcher = { fs, dirs: new Set(dirs), burstStartMs: 0, burstEvents: 0 };
    for (const d of dirs) this.#watched.add(d);
    this.#watchers.push(watcher);
    this.#pumps.push(this.#pump(watcher));
  }

  #closeWatcher(w: Watcher): void {
    this.#watchers = this.#watchers.filter((x) => x !== w);
    try {
      w.fs.close();
    } catch {
      // Already closed.
    }
  }

  async #pump(w: Watcher): Promise<void> {
    try {
      for await (const raw of w.fs) {
        if (this.#closed) return;
        this.#noteBurst(w);
        const event = this.#own(raw);
        if (event !== null) this.#listener.event(event);
      }
    } catch (err) {
      if (this.#closed || !this.#watchers.includes(w)) return;
      this.#listener.broke(err);
      return;
    }
    if (!this.#closed && this.#watchers[0] === w) this.#listener.ended();
  }

  /**
   * The part of `event` that is about this tree. Deno 2.7.5 shares one OS
   * watcher between every `Deno.watchFs` of the process and may hand a
   * watcher the events of another one (another folderwatch instance's tree,
   * or one closed a moment ago): paths outside the root are dropped, and an
   * event left with none is not this tree's. A rescan (the OS dropped
   * events) is kept: it may have hidden some of ours.
   */
  #own(event: Deno.FsEvent): Deno.FsEvent | null {
    if (event.flag === "rescan") return event;
    const paths = event.paths.filter((p) => isInside(p, this.root));
    if (paths.length === event.paths.length) return event;
    return paths.length === 0 ? null : { ...event, paths };
  }

  /** Counts events in `w`'s current burst; a large one schedules a catch-up search once it settles. */
  #noteBurst(w: Watcher): void {
    const now = Date.now();
    if (now - w.burstStartMs > BURST_WINDOW_MS) {
      w.burstStartMs = now;
      w.burstEvents = 0;
    }
    if (++w.burstEvents >= BURST_EVENTS) {
      this.#lossSinceMs = Math.min(this.#lossSinceMs ?? Infinity, w.burstStartMs);
    }
    if (this.#lossSinceMs === null) return;
    if (this.#catchUp !== null) clearTimeout(this.#catchUp);
    this.#catchUp = setTimeout(() => {
      this.#catchUp = null;
      const since = this.#lossSinceMs;
      this.#lossSinceMs = null;
      if (since !== null && !this.#closed) this.#listener.burst(since);
    }, BURST_SETTLE_MS);
  }
}
