/**
 * folderwatch: which folders you worked in. Watches folder trees with OS
 * notifications (Deno.watchFs) and reports every matching file created,
 * modified, renamed or removed since the last poll as one `file_mod` event.
 *
 * Config (`mimolo.toml`; every key is declared in `static config` below, and
 * `mimolo plugin config folderwatch` prints a sample section):
 * ```toml
 * [plugins.folderwatch]
 * watch_dirs = ["~/projects", "notes"] # relative paths: against the config file's folder
 * extensions = [".ts", ".md"]          # case-insensitive, dot optional; empty = every file
 * emit_on_discovery = false            # true: report the files already there at start
 * watch_mode = "auto"                  # "scan" for network drives without notifications
 *
 * [plugins.folderwatch.permissions]
 * read = ["../projects"]               # the plugin needs read access to watch_dirs, nothing else
 * ```
 */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginConfig,
  type PluginContext,
  type PluginMeta,
  type PluginSpec,
} from "@mimolo/sdk";
import { resolve } from "node:path";
import { ChangeSet } from "./_folderwatch/changes.ts";
import { DirWatch } from "./_folderwatch/dir_watch.ts";
import { IgnoreRules } from "./_folderwatch/ignore_rules.ts";
import type { OpenWatcher } from "./_folderwatch/tree_watch.ts";
import { type FolderwatchOptions, parseOptions } from "./_folderwatch/options.ts";

/** What tests may replace in folderwatch. */
export interface FolderwatchHooks {
  /** Replaces `Deno.watchFs` (to fake the OS, or to make it refuse). */
  open?: OpenWatcher;
  /** Watch each folder on its own (default: where the OS charges a watch per folder, Linux). */
  perFolder?: boolean;
}

/** folderwatch's config values, as declared in its `static config`. */
export type FolderwatchConfig = ConfigValues<typeof FolderWatchMonitor.config>;

export default class FolderWatchMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "folderwatch",
    dataHeader: "folders",
    resetsCooldown: true,
    infrequent: false,
    pollIntervalS: 5,
  };

  static override meta: PluginMeta = {
    version: "2.0.0",
    author: "MiMoLo",
    description:
      "Folders with changed files, from OS file notifications (mtime scans as fallback).",
  };

  static override config = {
    watch_dirs: {
      type: "path[]",
      default: [],
      description: "Folders to watch, with everything below them.",
    },
    extensions: {
      type: "string[]",
      default: [],
      description:
        'Which files count, by extension: case-insensitive, dot optional ("ts", ".MD"); [] = all.',
    },
    emit_on_discovery: {
      type: "boolean",
      default: false,
      description: "Report the files already in the folders when watching starts.",
    },
    watch_mode: {
      type: "string",
      choices: ["auto", "scan"],
      default: "auto",
      description:
        'OS notifications with a scan fallback ("auto"), or always scan ("scan": network drives).',
    },
    default_ignores: {
      type: "boolean",
      default: true,
      description:
        "Leave out version-control internals, dependency caches, editor droppings and OS files.",
    },
    respect_gitignore: {
      type: "boolean",
      default: true,
      description: "Leave out what the repository's .gitignore files and .git/info/exclude ignore.",
    },
    ignore: {
      type: "string[]",
      default: [],
      description:
        "More to leave out: gitignore patterns relative to each watched folder, or absolute paths.",
    },
  } satisfies ConfigDeclaration;

  readonly options: FolderwatchOptions;
  readonly #changes: ChangeSet;
  readonly #hooks: FolderwatchHooks;
  #watches: DirWatch[] | null = null;
  /** Settles the promise {@linkcode nextActivity} gave out. */
  #wake: (() => void) | null = null;

  /** @param hooks for tests: replace `Deno.watchFs`, or choose how folders are watched. */
  constructor(config: PluginConfig = {}, context?: PluginContext, hooks: FolderwatchHooks = {}) {
    super(config, context);
    this.options = parseOptions(config as FolderwatchConfig, this.context);
    this.#changes = new ChangeSet(this.options.extensions);
    this.#hooks = hooks;
  }

  override async onStart(): Promise<void> {
    if (this.#watches) return;
    const o = this.options;
    this.#watches = o.dirs.map((dir) =>
      new DirWatch(dir, this.#changes, this.log, {
        mode: o.mode,
        rules: new IgnoreRules(dir, o.ignores),
        open: this.#hooks.open,
        perFolder: this.#hooks.perFolder,
        onActivity: () => this.#wakeUp(),
      })
    );
    for (const w of this.#watches) await w.refresh();
    const by = (state: string) => this.#watches!.filter((w) => w.state === state).map((w) => w.dir);
    const watching = [...by("watching"), ...by("scanning")];
    const ignoring = [
      o.ignores.defaults && "defaults",
      o.ignores.gitignore && ".gitignore",
      o.ignores.patterns.length > 0 && `${o.ignores.patterns.length} pattern(s)`,
    ].filter(Boolean).join(", ") || "only the log folder";
    const oneByOne = this.#watches.reduce((n, w) => n + w.watchedFolders, 0);
    this.log.info(
      `watch_started: ${watching.length} folder(s)${
        watching.length ? `: ${watching.join(", ")}` : ""
      }; extensions: ${o.extensions.join(", ") || "all"}; ignoring: ${ignoring}` +
        (oneByOne > 0 ? `; ${oneByOne} folder(s) watched one by one` : ""),
    );
    const problems = [
      ...by("missing").map((d) => `${d} (missing; watched for when it appears)`),
      ...by("not_dir").map((d) => `${d} (not a folder)`),
    ];
    if (problems.length > 0) this.log.warn(`watch_warning: ${problems.join("; ")}`);
    if (o.dirs.length === 0) this.log.warn("watch_warning: watch_dirs is empty; nothing to watch");
    if (o.emitOnDiscovery) { for (const w of this.#watches) w.addAll(); }
  }

  /**
   * While every folder is watched by the OS and nothing is waiting, only an
   * OS event can change that: polls are skipped until one arrives.
   */
  override nextActivity(): Promise<void> | null {
    if (!this.#watches || this.#changes.size > 0) return null;
    if (!this.#watches.every((w) => w.quiet)) return null;
    return new Promise((resolve) => this.#wake = resolve);
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Changed files waiting for the next poll. */
  get pending(): number {
    return this.#changes.size;
  }

  /** Whether a burst's catch-up search is still to run in any watched folder. */
  get catchingUp(): boolean {
    return this.#watches?.some((w) => w.catchingUp) ?? false;
  }

  override async emitEvent(): Promise<Event | null> {
    if (!this.#watches) await this.onStart();
    for (const w of this.#watches!) await w.refresh();
    const batch = this.#changes.take();
    return batch ? this.makeEvent("file_mod", { ...batch }) : null;
  }

  override onStop(): void {
    for (const w of this.#watches ?? []) w.close();
  }

  /** Flattens the per-event folder lists, resolves, de-duplicates and sorts. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat().map((p) => resolve(p)))].sort();
  }
}
