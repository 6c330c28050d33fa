import type { PluginContext, SegmentRecord } from "@mimolo/sdk";
import { errorMessage } from "../errors.ts";
import { type Logger, logger } from "../log/logger.ts";
import { EVENT_CREDIT, EventCredit, JOURNAL_CREDIT } from "./credit.ts";
import { HangWatch } from "./hang_watch.ts";
import type { PluginHost } from "./host.ts";
import { NO_GRANTS, permissionAdvice } from "./permissions.ts";
import { HEARTBEAT_MS, type PollListener } from "./poll_loop.ts";
import {
  PluginThrew,
  PluginWorker,
  WorkerStuckError,
  WorkerTimeoutError,
} from "./plugin_worker.ts";
import type { RegisteredPlugin } from "./registry.ts";

/**
 * Runs each plugin in its own Web Worker with only the permissions granted
 * to it; the worker polls the plugin on its own timer, so a poll that finds
 * nothing never wakes the host. A call that throws, hangs past the plugin's
 * timeout (for polls, caught by a {@linkcode HangWatch} reading shared
 * memory) or crashes the worker fails with a message that says why; a dead
 * worker is replaced when the plugin is run again (the scheduler's backoff
 * spaces the retries).
 *
 * @example
 * ```ts
 * const host = new WorkerHost(plugins, { configDir: "/etc/mimolo", logDir: "/var/log/mimolo" });
 * const first = await host.run("example", 5000, { event: console.log, failed: console.error });
 * ```
 */
export class WorkerHost implements PluginHost {
  readonly #plugins: Map<string, RegisteredPlugin>;
  readonly #context: PluginContext;
  readonly #workers = new Map<string, PluginWorker>();
  readonly #hangs = new HangWatch();
  /** Bumped by {@linkcode retire}, so a worker still being constructed then is discarded. */
  readonly #retirements = new Map<string, number>();

  readonly #logFor: (label: string) => Logger;
  readonly #hookFailed: (label: string, message: string) => void;

  /**
   * @param plugins the plugins this host may run; @param context passed to
   * their constructors; @param logFor where each plugin's `this.log` goes;
   * @param hookFailed told when a lifecycle hook fails (default: a warning
   * in the plugin's log).
   */
  constructor(
    plugins: readonly RegisteredPlugin[],
    context: PluginContext,
    logFor: (label: string) => Logger = (label) => logger(`plugin.${label}`),
    hookFailed?: (label: string, message: string) => void,
  ) {
    this.#plugins = new Map(plugins.map((p) => [p.spec.label, p]));
    this.#context = context;
    this.#logFor = logFor;
    this.#hookFailed = hookFailed ?? ((label, message) => logFor(label).warn(message));
  }

  /** Whether the plugin's worker is running (a hang or crash terminates it). */
  alive(label: string): boolean {
    return this.#workers.get(label)?.alive ?? false;
  }

  async run(label: string, intervalMs: number, listener: PollListener): Promise<unknown> {
    const plugin = this.#plugin(label);
    const worker = await this.start(label);
    let first: unknown;
    try {
      first = await worker.run(intervalMs, plugin.timeoutMs, {
        event: (value) => listener.event(value),
        failed: (err) => {
          this.#hangs.unwatch(label);
          listener.failed(new Error(loopFailure(plugin, err)));
        },
      });
    } catch (err) {
      throw new Error(describeFailure(plugin, "emitEvent()", err));
    }
    if (worker.alive) {
      // The loop starts a poll at least every interval, or every heartbeat plus
      // interval if nextActivity() may hold it back; past that (with room for
      // late timers on a busy machine) it is stuck.
      const maxGapMs = intervalMs + (worker.quiet ? HEARTBEAT_MS : 0) + LATE_TIMER_MS;
      const limits = { timeoutMs: plugin.timeoutMs, maxGapMs, busy: () => worker.answering };
      this.#hangs.watch(label, worker.beat, limits, (stuck) => {
        const seconds = plugin.timeoutMs / 1000;
        worker.terminate(
          stuck === "poll"
            ? new WorkerTimeoutError(`a poll ran longer than ${seconds}s`, "poll")
            : new WorkerStuckError(
              `its worker started no poll for ${(maxGapMs + plugin.timeoutMs) / 1000}s: it is ` +
                "stuck between polls (in a timer callback or nextActivity(), say); worker terminated",
            ),
        );
      });
    }
    return first;
  }

  grant(label: string): void {
    this.#workers.get(label)?.credit?.give();
  }

  async pause(label: string): Promise<void> {
    this.#hangs.unwatch(label);
    const worker = this.#workers.get(label);
    if (!worker?.alive) return;
    try {
      await worker.pause(this.#plugin(label).timeoutMs);
    } catch {
      // The worker died or hung; it is gone, and so is its loop.
    }
  }

  /** Starts the plugin's worker (constructor and `onStart()`) unless it is running. */
  async start(label: string): Promise<PluginWorker> {
    const running = this.#workers.get(label);
    if (running?.alive) return running;
    const retirements = this.#retirements.get(label) ?? 0;
    const worker = await this.#construct(this.#plugin(label), true);
    if ((this.#retirements.get(label) ?? 0) !== retirements) {
      worker.terminate();
      throw new Error("stopped by a reload while starting");
    }
    this.#workers.set(label, worker);
    return worker;
  }

  /** Constructs the plugin in a worker without starting it, then discards it (a dry run). */
  async check(label: string): Promise<void> {
    (await this.#construct(this.#plugin(label), false)).terminate();
  }

  async #construct(plugin: RegisteredPlugin, callOnStart: boolean): Promise<PluginWorker> {
    const log = this.#logFor(plugin.spec.label);
    const worker = new PluginWorker(
      `mimolo-${plugin.spec.label}`,
      plugin.grants,
      (level, m) => log[level](m),
      // No plugin may get ahead of the log: an infrequent one by the records waiting to be
      // written, any other by more than the event on its way to the journal.
      new EventCredit(undefined, plugin.effective.infrequent ? EVENT_CREDIT : JOURNAL_CREDIT),
    );
    try {
      await worker.init({
        type: "init",
        file: plugin.file,
        url: plugin.url,
        config: structuredClone(plugin.custom),
        context: this.#context,
        callOnStart,
      }, plugin.timeoutMs);
    } catch (err) {
      worker.terminate();
      const what = callOnStart ? "start (constructor or onStart())" : "constructor";
      throw new Error(describeFailure(plugin, what, err));
    }
    return worker;
  }

  async filter(label: string, values: unknown[]): Promise<unknown> {
    const plugin = this.#plugin(label);
    const request = { type: "filter", file: plugin.file, url: plugin.url, values } as const;
    const worker = this.#workers.get(label);
    try {
      if (worker?.alive && !worker.busy) return await worker.request(request, plugin.timeoutMs);
      // The plugin's own worker is busy (maybe hung) or down: a throwaway worker
      // with no permissions runs the static filter so the segment closes on time.
      const log = this.#logFor(label);
      const spare = new PluginWorker(
        `mimolo-${label}-filter`,
        NO_GRANTS,
        (level, m) => log[level](m),
      );
      try {
        return await spare.request(request, plugin.timeoutMs);
      } finally {
        spare.terminate();
      }
    } catch (err) {
      throw new Error(describeFailure(plugin, "filterMethod()", err));
    }
  }

  async segmentClosed(record: SegmentRecord): Promise<void> {
    await this.#hook("onSegmentClose()", { type: "segmentClosed", record }, (p) => p.timeoutMs);
  }

  define(plugins: readonly RegisteredPlugin[]): void {
    for (const p of plugins) this.#plugins.set(p.spec.label, p);
  }

  async retire(label: string, deadlineMs: number): Promise<void> {
    this.#retirements.set(label, (this.#retirements.get(label) ?? 0) + 1);
    await this.pause(label);
    const worker = this.#workers.get(label);
    this.#workers.delete(label);
    if (!worker?.alive) return;
    const plugin = this.#plugin(label);
    if (!worker.busy) {
      await this.#callHook(
        plugin,
        worker,
        "onStop()",
        { type: "stop" },
        Math.min(deadlineMs, plugin.timeoutMs),
      );
    }
    worker.terminate();
  }

  async stop(deadlineMs: number): Promise<void> {
    for (const label of this.#workers.keys()) this.#hangs.unwatch(label);
    const running = this.#running();
    // A worker still in a poll (it outlasted the shutdown grace) could not run onStop() in time.
    for (const [p, w] of running.filter(([, w]) => w.busy)) {
      this.#logFor(p.spec.label).warn(
        "a call was still running at shutdown; its worker was terminated without onStop()",
      );
      w.terminate();
    }
    await this.#hook("onStop()", { type: "stop" }, (p) => Math.min(deadlineMs, p.timeoutMs));
    for (const [, w] of running) w.terminate();
    this.#workers.clear();
  }

  /** Calls a lifecycle hook on every running plugin; a failure is logged for that plugin, never thrown. */
  async #hook(
    what: string,
    body: HookBody,
    timeoutFor: (plugin: RegisteredPlugin) => number,
  ): Promise<void> {
    await Promise.all(
      this.#running().map(([p, w]) => this.#callHook(p, w, what, body, timeoutFor(p))),
    );
  }

  /** Calls one plugin's lifecycle hook; a failure is logged for it, never thrown. */
  async #callHook(
    p: RegisteredPlugin,
    w: PluginWorker,
    what: string,
    body: HookBody,
    timeoutMs: number,
  ): Promise<void> {
    try {
      await w.request(body, timeoutMs);
    } catch (err) {
      this.#hookFailed(p.spec.label, describeFailure(p, what, err, timeoutMs));
    }
  }

  #running(): [RegisteredPlugin, PluginWorker][] {
    return [...this.#workers].filter(([, w]) => w.alive).map(([l, w]) => [this.#plugin(l), w]);
  }

  #plugin(label: string): RegisteredPlugin {
    const plugin = this.#plugins.get(label);
    if (!plugin) throw new Error(`unknown plugin "${label}"`);
    return plugin;
  }
}

/** A lifecycle hook's request. */
type HookBody = { type: "segmentClosed"; record: SegmentRecord } | { type: "stop" };

/** How late a worker's timer may fire on a busy machine before its loop counts as stuck. */
const LATE_TIMER_MS = 2_000;

/** Why a plugin's poll loop stopped: a poll failed, or its worker was terminated during another call. */
function loopFailure(plugin: RegisteredPlugin, err: unknown): string {
  if (err instanceof WorkerStuckError) return `polling stopped: ${err.message}`;
  if (err instanceof WorkerTimeoutError && err.call !== "poll") {
    return `polling stopped: its worker was terminated (${err.message})`;
  }
  return describeFailure(plugin, "emitEvent()", err);
}

/** One line saying what went wrong in a call into a plugin, with advice for permission errors. */
function describeFailure(
  plugin: RegisteredPlugin,
  what: string,
  err: unknown,
  timeoutMs = plugin.timeoutMs,
): string {
  const label = plugin.spec.label;
  if (err instanceof WorkerTimeoutError) {
    const limit = timeoutMs === plugin.timeoutMs ? "timeout_s" : "shutdown deadline";
    return `${what} did not finish within ${timeoutMs / 1000}s (${limit}); worker terminated`;
  }
  if (err instanceof PluginThrew && err.name === "NotCapable") {
    const advice = permissionAdvice(label, err.message);
    return `${what} was denied: ${err.message}${advice ? `; ${advice}` : ""}`;
  }
  if (err instanceof PluginThrew) return `${what} threw ${err.name}: ${err.message}`;
  return `${what} failed: ${errorMessage(err)}`;
}
