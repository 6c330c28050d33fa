import type { PluginLogger } from "@mimolo/sdk";
import { dirname } from "node:path";
import type { ChangeSet } from "./changes.ts";
import type { IgnoreRules } from "./ignore_rules.ts";
import type { WatchMode } from "./options.ts";
import { kindOf } from "./paths.ts";
import { MtimeScanner, type Skip, walkFiles } from "./scan.ts";
import { type OpenWatcher, openWatchFs, TreeWatch, WATCH_PER_FOLDER } from "./tree_watch.ts";

/** Slack for file systems with coarse modification times. */
const MTIME_SLACK_MS = 2000;

/** Where a watched folder stands. */
export type DirState = "new" | "missing" | "not_dir" | "watching" | "scanning";

/** How a {@linkcode DirWatch} observes its folder. */
export interface DirWatchOptions {
  /** `auto`: OS notifications, falling back to scanning; `scan`: always scan. */
  mode: WatchMode;
  /** What is not activity, and which folders are not entered. */
  rules: IgnoreRules;
  /** Replaces `Deno.watchFs` (tests use it to fake or break the OS watch). */
  open?: OpenWatcher;
  /** Watch each folder on its own (default: where the OS charges a watch per folder). */
  perFolder?: boolean;
  /** Called whenever a poll may find something (an OS event, or the watch ending). */
  onActivity?: () => void;
}

/**
 * Watches one folder tree and feeds its changes into a {@linkcode ChangeSet},
 * leaving out what its {@linkcode IgnoreRules} exclude (and, where the OS
 * charges a watch per folder, not watching ignored folders at all).
 * `refresh()` (called on every poll) notices the folder appearing,
 * disappearing or being replaced and re-watches it; if the OS refuses to
 * watch, it falls back to mtime scans and says so once.
 *
 * @example
 * ```ts
 * const watch = new DirWatch("/p/src", changes, plugin.log, { mode: "auto", rules });
 * await watch.refresh();
 * ```
 */
export class DirWatch {
  readonly dir: string;
  #state: DirState = "new";
  readonly #changes: ChangeSet;
  readonly #log: PluginLogger;
  readonly #mode: WatchMode;
  readonly #rules: IgnoreRules;
  readonly #open: OpenWatcher;
  readonly #perFolder: boolean;
  readonly #skip: Skip;
  #tree: TreeWatch | null = null;
  /** Settles when the last tree watch's event loops have ended. */
  #closing: Promise<void> = Promise.resolve();
  #watcherDied = false;
  #scanner: MtimeScanner | null = null;
  #inode: number | null = null;
  #fellBack = false;
  #lastRefreshMs = Date.now();
  readonly #onActivity: () => void;

  /** @param dir absolute folder; @param changes where changes go; @param log diagnostics. */
  constructor(dir: string, changes: ChangeSet, log: PluginLogger, options: DirWatchOptions) {
    this.dir = dir;
    this.#changes = changes;
    this.#log = log;
    this.#mode = options.mode;
    this.#rules = options.rules;
    this.#open = options.open ?? openWatchFs;
    this.#perFolder = options.perFolder ?? WATCH_PER_FOLDER;
    this.#skip = (path, isDir) => this.#rules.ignores(path, isDir);
    this.#onActivity = options.onActivity ?? (() => {});
  }

  /** Whether only an OS event can change anything: watching, and the watch still alive. */
  get quiet(): boolean {
    return this.#state === "watching" && !this.#watcherDied;
  }

  /** Whether a burst's catch-up search is still to run (it may add files again). */
  get catchingUp(): boolean {
    return this.#tree?.catchingUp ?? false;
  }

  /** The folder's current state. */
  get state(): DirState {
    return this.#state;
  }

  /** How many folders the OS watches one by one for it (0 when it watches the tree as a whole). */
  get watchedFolders(): number {
    return this.#tree?.folders ?? 0;
  }

  /** Checks the folder and (re)starts watching as needed; scans when in fallback. */
  async refresh(): Promise<void> {
    this.#lastRefreshMs = Date.now();
    if (this.#rules.refresh()) this.#rulesChanged();
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
    for (const { path } of walkFiles(this.dir, this.#skip)) this.#changes.add(path);
  }

  /** Stops watching for good. */
  close(): void {
    this.#stop();
  }

  async #start(): Promise<void> {
    if (this.#mode === "auto") {
      // Deno's watchers share OS state per path: watching a path again before the old
      // watcher has fully closed can leave the new one deaf, so wait for it to end.
      await this.#closing;
      const tree = new TreeWatch(
        this.dir,
        this.#perFolder,
        (d) => this.#rules.ignores(d, true),
        this.#open,
        {
          event: (event) => this.#onEvent(tree, event),
          burst: (sinceMs) => this.#catchUp(tree, sinceMs - MTIME_SLACK_MS),
          broke: (err) => this.#broke(tree, err),
          ended: () => {
            if (this.#tree !== tree) return;
            this.#watcherDied = true;
            this.#onActivity();
          },
        },
      );
      try {
        tree.start();
        this.#tree = tree;
        this.#watcherDied = false;
        this.#state = "watching";
        return;
      } catch (err) {
        this.#closing = tree.close();
        this.#fallBack(err);
      }
    }
    this.#startScanning();
  }

  #startScanning(): void {
    this.#scanner = new MtimeScanner(this.dir, this.#skip);
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

  /** The watch broke while running (e.g. the OS ran out of watches): scan from now on. */
  #broke(tree: TreeWatch, err: unknown): void {
    if (this.#tree !== tree) return;
    this.#fallBack(err);
    this.#stop();
    this.#startScanning();
    this.#onActivity();
  }

  #onEvent(tree: TreeWatch, event: Deno.FsEvent): void {
    if (this.#tree !== tree) return;
    this.#record(event);
    if (event.kind !== "access" && event.kind !== "other") this.#onActivity();
  }

  #record(event: Deno.FsEvent): void {
    if (event.flag === "rescan") {
      // The OS dropped events (its queue overflowed): find what changed since the last poll.
      this.#catchUp(this.#tree!, this.#lastRefreshMs - 1000);
      return;
    }
    if (event.kind === "access" || event.kind === "other") return;
    if (this.#rules.refresh()) this.#rulesChanged();
    for (const path of event.paths) {
      if (path === this.dir) {
        if (event.kind === "remove") this.#watcherDied = true;
        continue;
      }
      this.#changed(path, event.kind === "create" || event.kind === "rename");
    }
  }

  /**
   * `path` changed. An ignore file re-reads the rules first; a path that is
   * ignored is not activity. A path created or moved in or out: a file
   * counts itself; a folder counts the files in it (the OS reports only the
   * folder) and, watched folder by folder, is watched.
   */
  #changed(path: string, appeared: boolean): void {
    if (this.#rules.noteChange(path)) this.#rulesChanged();
    const kind = kindOf(path);
    if (kind === null) {
      this.#tree?.forget(path);
      if (!this.#rules.ignores(path)) this.#changes.add(path);
      return;
    }
    if (this.#rules.ignores(path, kind === "dir")) return;
    if (kind !== "dir") {
      this.#changes.add(path);
      return;
    }
    if (!appeared) return;
    this.#watchFolder(path);
    for (const file of walkFiles(path, this.#skip)) this.#changes.add(file.path);
  }

  /** Watches a folder that appeared (folder by folder: the OS does not add it by itself). */
  #watchFolder(dir: string): void {
    try {
      this.#tree?.watchNew(dir);
    } catch (err) {
      this.#broke(this.#tree!, err);
    }
  }

  /**
   * The ignore rules changed (an ignore file was edited): folders that are
   * no longer ignored are watched from now on. (Folders ignored now stay
   * watched by the OS until the next start, Deno 2.7.5 having no way to
   * drop a watch, but their changes are left out.)
   */
  #rulesChanged(): void {
    if (this.#tree === null) return;
    try {
      this.#tree.reconcile();
    } catch (err) {
      this.#broke(this.#tree, err);
    }
  }

  /**
   * Events may have been lost (a burst, or the OS's overflow): searches the
   * tree for files modified since `sinceMs`, and watches (and counts the
   * files of) folders that appeared unnoticed.
   */
  #catchUp(tree: TreeWatch, sinceMs: number): void {
    if (this.#tree !== tree) return;
    let fresh: string[] = [];
    try {
      fresh = tree.reconcile();
    } catch (err) {
      this.#broke(tree, err);
    }
    const inFresh = new Set(fresh);
    for (const { path, mtimeMs } of walkFiles(this.dir, this.#skip)) {
      if (mtimeMs >= sinceMs || inFresh.has(dirname(path))) this.#changes.add(path);
    }
    this.#onActivity();
  }

  #stop(): void {
    const tree = this.#tree;
    this.#tree = null;
    this.#scanner = null;
    if (tree) this.#closing = tree.close();
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
