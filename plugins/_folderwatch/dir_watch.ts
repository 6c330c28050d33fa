import type { PluginLogger } from "@mimolo/sdk";
import type { ChangeSet } from "./changes.ts";
import type { WatchMode } from "./options.ts";
import { MtimeScanner, walkFiles } from "./scan.ts";

/** Opens a recursive OS watcher (injectable so tests can make it fail). */
export type OpenWatcher = (dir: string) => Deno.FsWatcher;

/** The real one: `Deno.watchFs`, recursive. */
export const openWatchFs: OpenWatcher = (dir) => Deno.watchFs(dir, { recursive: true });

/**
 * Deno before 2.9 queues at most 16 undelivered watch events and silently
 * drops the rest (fixed upstream by denoland/deno#35122), and MiMoLo pins
 * 2.7.5 for its worker termination: after this many events within
 * {@linkcode BURST_WINDOW_MS}, some may have been lost, so the tree is
 * searched for files changed since the burst began.
 */
export const BURST_EVENTS = 12;
/** The window in which {@linkcode BURST_EVENTS} events count as a burst. */
export const BURST_WINDOW_MS = 50;
/** How long after a burst's last event the catch-up search runs. */
const BURST_SETTLE_MS = 100;
/** Slack for file systems with coarse modification times. */
const MTIME_SLACK_MS = 2000;

/** Where a watched folder stands. */
export type DirState = "new" | "missing" | "not_dir" | "watching" | "scanning";

/**
 * Watches one folder tree and feeds its changes into a {@linkcode ChangeSet}.
 * `refresh()` (called on every poll) notices the folder appearing,
 * disappearing or being replaced and re-watches it; if the OS refuses to
 * watch, it falls back to mtime scans and says so once.
 *
 * @example
 * ```ts
 * const watch = new DirWatch("/p/src", changes, plugin.log, { mode: "auto", excluded: [] });
 * await watch.refresh();
 * ```
 */
export class DirWatch {
  readonly dir: string;
  #state: DirState = "new";
  readonly #changes: ChangeSet;
  readonly #log: PluginLogger;
  readonly #mode: WatchMode;
  readonly #excluded: readonly string[];
  readonly #open: OpenWatcher;
  #watcher: Deno.FsWatcher | null = null;
  /** Settles when the last watcher's event loop has ended. */
  #pumped: Promise<void> = Promise.resolve();
  #watcherDied = false;
  #scanner: MtimeScanner | null = null;
  #inode: number | null = null;
  #fellBack = false;
  #lastRefreshMs = Date.now();
  readonly #onActivity: () => void;
  #burstStartMs = 0;
  #burstEvents = 0;
  /** Wall-clock start of a burst that may have lost events, until its catch-up search runs. */
  #lossSinceMs: number | null = null;
  #catchUp: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param dir absolute folder; @param changes where changes go; @param log diagnostics;
   * @param options `onActivity` is called whenever a poll may find something (an OS event, or
   * the watch ending).
   */
  constructor(
    dir: string,
    changes: ChangeSet,
    log: PluginLogger,
    options: {
      mode: WatchMode;
      excluded: readonly string[];
      open?: OpenWatcher;
      onActivity?: () => void;
    },
  ) {
    this.dir = dir;
    this.#changes = changes;
    this.#log = log;
    this.#mode = options.mode;
    this.#excluded = options.excluded;
    this.#open = options.open ?? openWatchFs;
    this.#onActivity = options.onActivity ?? (() => {});
  }

  /** Whether only an OS event can change anything: watching, and the watch still alive. */
  get quiet(): boolean {
    return this.#state === "watching" && !this.#watcherDied;
  }

  /** The folder's current state. */
  get state(): DirState {
    return this.#state;
  }

  /** Checks the folder and (re)starts watching as needed; scans when in fallback. */
  async refresh(): Promise<void> {
    this.#lastRefreshMs = Date.now();
    const stat = statOrNull(this.dir);
    const before = this.#state;
    if (stat === null || !stat.isDirectory) {
      const next = stat === null ? "missing" : "not_dir";
      if (before !== next && before !== "new") {
        this.#log.warn(
          `watch_warning: ${this.dir} ${
            next === "missing" ? "was deleted" : "is no longer a folder"
          }; ` +
            "it will be watched again when it comes back",
        );
      }
      this.#stop();
      this.#state = next;
      return;
    }
    const replaced = this.#inode !== null && stat.ino !== null && stat.ino !== this.#inode;
    if (
      (before === "watching" && (this.#watcherDied || replaced)) ||
      (before === "scanning" && replaced)
    ) {
      this.#log.warn(`watch_warning: ${this.dir} was replaced; watching the new folder`);
      this.#stop();
      this.#state = "missing";
    }
    this.#inode = stat.ino;
    if (this.#state === "watching") return;
    if (this.#state === "scanning") {
      this.#scanner!.scan((path) => this.#changes.add(path));
      return;
    }
    const cameBack = this.#state === "missing" || this.#state === "not_dir";
    if (cameBack) this.#log.info(`watch_started: ${this.dir} is back; watching it`);
    await this.#start();
    if (cameBack) this.addAll();
  }

  /** Records every file in the tree as changed (for emit_on_discovery and folders that appear). */
  addAll(): void {
    for (const { path } of walkFiles(this.dir, this.#excluded)) this.#changes.add(path);
  }

  /** Stops watching for good. */
  close(): void {
    this.#stop();
  }

  async #start(): Promise<void> {
    if (this.#mode === "auto") {
      // Deno's watchers share OS state per path: watching a path again before the old
      // watcher has fully closed can leave the new one deaf, so wait for it to end.
      await this.#pumped;
      try {
        const watcher = this.#open(this.dir);
        this.#watcher = watcher;
        this.#watcherDied = false;
        this.#state = "watching";
        this.#pumped = this.#pump(watcher);
        return;
      } catch (err) {
        this.#fallBack(err);
      }
    }
    this.#startScanning();
  }

  #startScanning(): void {
    this.#scanner = new MtimeScanner(this.dir, this.#excluded);
    this.#scanner.prime();
    this.#state = "scanning";
  }

  #fallBack(err: unknown): void {
    if (this.#fellBack) return;
    this.#fellBack = true;
    const reason = err instanceof Error ? err.message : String(err);
    this.#log.warn(
      `watch_warning: cannot watch ${this.dir} with OS notifications (${reason}); ` +
        "scanning it for changes on every poll instead",
    );
  }

  async #pump(watcher: Deno.FsWatcher): Promise<void> {
    try {
      for await (const event of watcher) this.#onEvent(event);
    } catch (err) {
      if (this.#watcher !== watcher) return;
      // The watch broke while running (e.g. the OS ran out of watches for new subfolders).
      this.#fallBack(err);
      this.#stop();
      this.#startScanning();
      this.#onActivity();
      return;
    }
    if (this.#watcher === watcher) {
      this.#watcherDied = true;
      this.#onActivity();
    }
  }

  #onEvent(event: Deno.FsEvent): void {
    this.#noteBurst();
    this.#record(event);
    if (event.kind !== "access" && event.kind !== "other") this.#onActivity();
  }

  /** Counts events in the current burst; a large one schedules a catch-up search once it settles. */
  #noteBurst(): void {
    const now = Date.now();
    if (now - this.#burstStartMs > BURST_WINDOW_MS) {
      this.#burstStartMs = now;
      this.#burstEvents = 0;
    }
    if (++this.#burstEvents >= BURST_EVENTS) this.#lossSinceMs ??= this.#burstStartMs;
    if (this.#lossSinceMs === null) return;
    if (this.#catchUp !== null) clearTimeout(this.#catchUp);
    this.#catchUp = setTimeout(() => this.#catchUpAfterBurst(), BURST_SETTLE_MS);
  }

  #catchUpAfterBurst(): void {
    this.#catchUp = null;
    const since = this.#lossSinceMs;
    this.#lossSinceMs = null;
    if (since === null || this.#watcher === null) return;
    this.#addChangedSince(since - MTIME_SLACK_MS);
    this.#onActivity();
  }

  #record(event: Deno.FsEvent): void {
    if (event.flag === "rescan") {
      // The OS dropped events (its queue overflowed): find what changed since the last poll.
      this.#addChangedSince(this.#lastRefreshMs - 1000);
      return;
    }
    if (event.kind === "access" || event.kind === "other") return;
    for (const path of event.paths) {
      if (path === this.dir) {
        if (event.kind === "remove") this.#watcherDied = true;
        continue;
      }
      if (event.kind === "create" || event.kind === "rename") {
        this.#addFileOrFolder(path);
      } else {
        this.#changes.add(path);
      }
    }
  }

  #addChangedSince(sinceMs: number): void {
    for (const { path, mtimeMs } of walkFiles(this.dir, this.#excluded)) {
      if (mtimeMs >= sinceMs) this.#changes.add(path);
    }
  }

  /**
   * A path created or moved in or out: a file counts itself; a folder counts
   * the files in it (the OS reports only the folder).
   */
  #addFileOrFolder(path: string): void {
    try {
      const stat = statOrNull(path);
      if (!stat?.isDirectory) return this.#changes.add(path);
      for (const file of walkFiles(path, this.#excluded)) this.#changes.add(file.path);
    } catch {
      this.#changes.add(path);
    }
  }

  #stop(): void {
    const watcher = this.#watcher;
    this.#watcher = null;
    if (this.#catchUp !== null) clearTimeout(this.#catchUp);
    this.#catchUp = null;
    this.#lossSinceMs = null;
    this.#scanner = null;
    try {
      watcher?.close();
    } catch {
      // Already closed.
    }
  }
}

/**
 * A folder's stat, or `null` if it is gone. Synchronous: one `stat` costs
 * microseconds, while the async form hops through Deno's thread pool and
 * wakes this worker a second time on every poll.
 */
function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return null;
    }
    throw err;
  }
}
