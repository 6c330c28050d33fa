import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { watchPaths } from "../runtime/file_watch.ts";
import type { Monitor } from "../runtime/monitor.ts";
import {
  isEmptyPlan,
  planReload,
  type ReloadPlan,
  type RunningSetup,
} from "../runtime/reload_plan.ts";
import { releaseFreedMemory } from "../runtime/release_memory.ts";
import { type HeldReloadSignal, onReloadSignal } from "../runtime/signals.ts";

/** How long `--watch-config` waits for changes to settle before reloading (ms). */
export const WATCH_DEBOUNCE_MS = 300;

/** What a {@linkcode LiveReload} needs. */
export interface LiveReloadOptions {
  /** What the monitor runs at start-up. */
  running: RunningSetup;
  /** The config file read at start-up (`null`: the built-in defaults). */
  configFile: string | null;
  /** Loads the config file and rediscovers plugins as at start-up; throws saying what is wrong. */
  load: () => Promise<RunningSetup>;
  /** Watch the config file and plugin folders (`--watch-config`), besides SIGHUP. */
  watch: boolean;
  /** Called after a plan was applied (e.g. to change the console's verbosity). */
  applied?: (plan: ReloadPlan) => Promise<void> | void;
  /** Diagnostics. */
  log: Logger;
  /** SIGHUP held since the monitor began starting: one that came is a reload once attached. */
  held?: HeldReloadSignal;
}

/**
 * Reloads a running monitor's config on SIGHUP and, with `watch`, when the
 * config file or a plugin folder changes: one apply step for both triggers
 * (load, {@linkcode planReload}, {@linkcode Monitor.reconfigure}). A config
 * or plugin that does not load keeps the running configuration, with one
 * error line. Reloads run one at a time; triggers during one coalesce into
 * one more.
 *
 * @example
 * ```ts
 * using _ = new LiveReload(options).attach(monitor);
 * ```
 */
export class LiveReload {
  readonly #o: LiveReloadOptions;
  #running: RunningSetup;
  #monitor: Monitor | null = null;
  #busy: Promise<void> | null = null;
  #again: string | null = null;
  #watcher: Disposable | null = null;

  /** @param options what runs, how to load a new config, and whether to watch files. */
  constructor(options: LiveReloadOptions) {
    this.#o = options;
    this.#running = options.running;
  }

  /** Starts listening for SIGHUP (and file changes with `watch`) for `monitor`, until disposed. */
  attach(monitor: Monitor): Disposable {
    this.#monitor = monitor;
    const signal = onReloadSignal(() => void this.reload("SIGHUP"));
    if (this.#o.watch) this.#watch();
    if (this.#o.held?.take()) void this.reload("SIGHUP during start-up");
    return {
      [Symbol.dispose]: () => {
        signal[Symbol.dispose]();
        this.#watcher?.[Symbol.dispose]();
        this.#watcher = null;
        this.#monitor = null;
      },
    };
  }

  /** Reloads now (`trigger` names why in the log); resolves once this reload (or the one it joined) is done. */
  reload(trigger: string): Promise<void> {
    if (this.#busy !== null) {
      this.#again = trigger;
      return this.#busy;
    }
    this.#busy = (async () => {
      let next: string | null = trigger;
      while (next !== null) {
        this.#again = null;
        await this.#apply(next);
        next = this.#again;
      }
      this.#busy = null;
    })();
    return this.#busy;
  }

  async #apply(trigger: string): Promise<void> {
    // A monitor that is stopping takes no new configuration: nothing to load or say.
    if (this.#monitor?.stopping ?? true) return;
    const log = this.#o.log;
    let loaded: RunningSetup;
    try {
      loaded = await this.#o.load();
    } catch (err) {
      log.error(
        `reload (${trigger}) failed, keeping the running configuration: ${
          oneLine(errorMessage(err))
        }`,
      );
      return;
    }
    const monitor = this.#monitor;
    if (monitor === null || monitor.stopping) return;
    const plan = planReload(this.#running, loaded);
    for (const k of plan.kept) {
      log.warn(
        `reload (${trigger}): [monitor] ${k.key} cannot change while the monitor runs; ` +
          `keeping ${JSON.stringify(k.from)} until a restart (the config says ${
            JSON.stringify(k.to)
          })`,
      );
    }
    await monitor.reconfigure(plan);
    this.#running = plan.next;
    await this.#o.applied?.(plan);
    if (plan.applied.some((s) => s.key === "plugin_dirs") && this.#watcher !== null) {
      this.#watcher[Symbol.dispose]();
      this.#watch();
    }
    log.info(`reload (${trigger}): ${isEmptyPlan(plan) ? "nothing changed" : describePlan(plan)}`);
    // Rediscovery's short-lived workers have ended: give back what they freed.
    releaseFreedMemory();
  }

  #watch(): void {
    const files = this.#o.configFile === null ? [] : [this.#o.configFile];
    const dirs = this.#running.monitor.pluginDirs;
    this.#watcher = watchPaths(
      { files, dirs },
      WATCH_DEBOUNCE_MS,
      () => void this.reload("config change"),
      this.#o.log,
    );
    this.#o.log.info(`--watch-config: watching ${[...files, ...dirs].join(", ")}`);
  }
}

/** What a reload did, in one line: `started b; stopped c; cooldown_seconds 600 → 5`. */
function describePlan(plan: ReloadPlan): string {
  const labels = (what: string, ls: string[]) =>
    ls.length === 0 ? [] : [`${what} ${ls.join(", ")}`];
  return [
    ...labels("started", plan.start.map((p) => p.spec.label)),
    ...labels("stopped", plan.stop),
    ...labels("restarted", plan.restart.map((p) => p.spec.label)),
    ...plan.applied.map((s) => `${s.key} ${JSON.stringify(s.from)} → ${JSON.stringify(s.to)}`),
  ].join("; ") || "nothing it can apply while running changed";
}

/** A message that may span lines (a list of problems), as one log line. */
function oneLine(message: string): string {
  return message.split("\n").map((l) => l.trim()).filter((l) => l !== "").join("; ");
}
