import type { Event } from "@mimolo/sdk";
import type { SegmentJournals } from "../durability/journal.ts";
import type { Outbox } from "../durability/outbox.ts";
import type { LeftoverSegment } from "../durability/recover.ts";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { PluginHost } from "../plugins/host.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";
import { EVENT_CREDIT } from "../plugins/credit.ts";
import { PollSchedule } from "../plugins/schedule.ts";
import { validateEvent } from "../plugins/validate_event.ts";
import type { ConsoleReporter } from "../sinks/console.ts";
import { alignToTick, type Clock } from "./clock.ts";
import type { ReloadPlan } from "./reload_plan.ts";
import { SegmentKeeper } from "./segments.ts";

/** Everything a monitor run needs; the CLI builds it, tests fake parts of it. */
export interface MonitorOptions {
  /** The plugins to poll. */
  plugins: readonly RegisteredPlugin[];
  /** Where the plugins run. */
  host: PluginHost;
  /** Where records are written, in order, with retries. */
  outbox: Outbox;
  /** Where accepted events are journaled. */
  journals: SegmentJournals;
  /** Segments a previous run left in the journal. */
  leftovers?: readonly LeftoverSegment[];
  /** The human-readable console. */
  console: ConsoleReporter;
  /** Diagnostics. */
  log: Logger;
  /** Time source. */
  clock: Clock;
  /** Seconds after the last resetting event before a segment closes. */
  cooldownSeconds: number;
  /** Scheduler timer granularity (ms). */
  pollTickMs: number;
  /** Most event references per segment record. */
  maxEventRefs?: number;
  /** Largest event JSON a plugin may emit (bytes). */
  maxEventBytes?: number;
  /** Furthest an event's timestamp may be from now (s). */
  maxClockSkewS?: number;
  /** Stop after the first segment is written. */
  once?: boolean;
  /** How long shutdown waits for polls in flight, hooks and writes (ms). */
  shutdownGraceMs?: number;
  /** The machine's name in every record (default `"unknown"`; the CLI passes `[monitor] host`). */
  hostName?: string;
}

/**
 * The running monitor: starts each plugin's polling (which then runs on the
 * plugin's own timer), validates what plugins report, hands accepted events
 * to the {@linkcode SegmentKeeper}, and quarantines failing plugins. Its own
 * loop wakes only for segment closes and plugin restarts, not for polls.
 *
 * @example
 * ```ts
 * const monitor = new Monitor(options);
 * Deno.addSignalListener("SIGINT", () => monitor.stop());
 * await monitor.run();
 * ```
 */
export class Monitor {
  readonly #o: MonitorOptions;
  readonly #segments: SegmentKeeper;
  readonly #schedule = new PollSchedule();
  /** The plugins running now (a reload changes them). */
  readonly #byLabel: Map<string, RegisteredPlugin>;
  /** `dataHeader` → owning plugin label; a reload adds to it, so an open segment's values keep their filter. */
  readonly #owners: Map<string, string>;
  /** Bumped when a reload stops a plugin, so reports of its old loop are dropped. */
  readonly #generations = new Map<string, number>();
  readonly #stopping = new AbortController();
  /** Plugins' first polls in flight. */
  readonly #inFlight = new Set<Promise<void>>();
  /** Each plugin's first start, which the plugins requiring it wait for. */
  readonly #firstStarts = new Map<string, Promise<void>>();
  #wake = new AbortController();
  #sleepingUntil = Infinity;
  #segmentsWritten = 0;
  /** Each plugin's standalone records not yet written. */
  readonly #unwritten = new Map<string, number>();
  /** Plugins already told that they emit faster than the log is written. */
  readonly #outrun = new Set<string>();
  #shutdown: Promise<string[]> | null = null;
  /** Set once shutdown stops listening to the plugins. */
  #detached = false;

  /** @param options what to run and where to write. */
  constructor(options: MonitorOptions) {
    this.#o = { ...options };
    this.#byLabel = new Map(options.plugins.map((p) => [p.spec.label, p]));
    this.#owners = new Map(
      options.plugins.flatMap((p) =>
        p.effective.dataHeader === null ? [] : [[p.effective.dataHeader, p.spec.label]]
      ),
    );
    this.#segments = new SegmentKeeper({
      cooldownSeconds: options.cooldownSeconds,
      maxEventRefs: options.maxEventRefs ?? 10_000,
      clockToleranceMs: (options.maxClockSkewS ?? 300) * 1000,
      journals: options.journals,
      outbox: options.outbox,
      owners: this.#owners,
      runFilter: (label, values) => options.host.filter(label, values),
      onSegmentWritten: async (record) => {
        this.#segmentsWritten++;
        this.#wake.abort();
        try {
          await options.host.segmentClosed(record);
        } catch (err) {
          options.log.warn(`onSegmentClose failed: ${errorMessage(err)}`);
        }
      },
      console: options.console,
      log: options.log,
      clock: options.clock,
      hostName: options.hostName ?? "unknown",
    });
  }

  /** Number of segment records written so far. */
  get segmentsWritten(): number {
    return this.#segmentsWritten;
  }

  /**
   * Runs until {@linkcode stop} (or, with `once`, the first segment is
   * written), then shuts down; resolves with records that could not be written.
   */
  async run(): Promise<string[]> {
    this.#segments.recover(this.#o.leftovers ?? []);
    const start = this.#o.clock.now();
    for (const p of this.#o.plugins) {
      this.#schedule.add(p.spec.label, p.effective.pollIntervalS * 1000, start);
    }
    while (!this.#stopping.signal.aborted) {
      const now = this.#o.clock.now();
      for (const label of this.#schedule.takeDue(now)) this.#track(this.#startInOrder(label));
      this.#segments.tick(now);
      if (this.#o.once && this.#segmentsWritten > 0) break;
      await this.#sleepUntilNextDeadline(now);
    }
    return await this.stop();
  }

  /** Whether {@linkcode Monitor.stop} has been called: nothing may change any more. */
  get stopping(): boolean {
    return this.#stopping.signal.aborted;
  }

  /**
   * Closes and writes the open segment, stops the plugins and flushes; runs
   * once however often called. Resolves with the records (as JSON) that could
   * not be written, so the caller can still show them.
   */
  stop(): Promise<string[]> {
    this.#shutdown ??= this.#shutDown();
    return this.#shutdown;
  }

  async #shutDown(): Promise<string[]> {
    this.#stopping.abort();
    this.#wake.abort();
    const grace = this.#o.shutdownGraceMs ?? 2000;
    await this.#settle(grace);
    // What the plugins report from now on is the shutdown's own doing (their workers are stopped).
    this.#detached = true;
    this.#segments.closeNow();
    await this.#segments.settled();
    const unwritten = await this.#o.outbox.flush(grace);
    this.#o.outbox.close();
    await this.#o.host.stop(grace);
    return unwritten.map((r) => JSON.stringify(r));
  }

  /** When the loop next has something to do, aligned to the tick. */
  #nextWake(): number {
    const deadlines = [this.#schedule.nextDeadline(), this.#segments.deadlineMs].filter((d) =>
      d !== null
    );
    const next = deadlines.length === 0 ? Infinity : Math.min(...deadlines);
    return alignToTick(next, this.#o.pollTickMs);
  }

  async #sleepUntilNextDeadline(now: number): Promise<void> {
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
    this.#sleepingUntil = this.#nextWake();
    const delay = this.#sleepingUntil - now;
    // A finite sleep even when nothing is scheduled, so the loop can notice a wake-up it missed.
    await this.#o.clock.sleep(
      Number.isFinite(delay) ? Math.max(0, delay) : 60_000,
      this.#wake.signal,
    );
  }

  /** Wakes the loop early, but only if there is now something to do before its alarm. */
  #wakeIfSooner(): void {
    if (this.#nextWake() < this.#sleepingUntil) this.#wake.abort();
  }

  #track(poll: Promise<void>): void {
    this.#inFlight.add(poll);
    poll.finally(() => {
      this.#inFlight.delete(poll);
      this.#wakeIfSooner();
    });
  }

  /** Waits (at most `graceMs`) for first polls in flight and for every plugin's polling to stop. */
  async #settle(graceMs: number): Promise<void> {
    const pauses = [...this.#byLabel.keys()].map((label) => this.#o.host.pause(label));
    const abort = new AbortController();
    await Promise.race([
      Promise.allSettled([...this.#inFlight, ...pauses]),
      this.#o.clock.sleep(graceMs, abort.signal),
    ]);
    abort.abort();
  }

  /**
   * Starts a plugin, the first time only after the plugins it requires have
   * had their first poll (or failed it); `plugins` lists required plugins first.
   */
  #startInOrder(label: string): Promise<void> {
    const generation = this.#generation(label);
    const first = this.#firstStarts.get(label);
    if (first !== undefined) return this.#start(label, generation);
    const required = this.#byLabel.get(label)!.requires.flatMap((r) => {
      const start = this.#firstStarts.get(r);
      return start === undefined ? [] : [start];
    });
    const start = required.length === 0
      ? this.#start(label, generation)
      : Promise.all(required).then(() => this.#start(label, generation));
    this.#firstStarts.set(label, start);
    return start;
  }

  /**
   * Starts a plugin's polling; its first poll's result comes back here, later
   * ones to the listener. What the loop reports before that first result has
   * been handled (a 1 ms plugin's second event, a crash right after the first
   * poll) waits for it, so nothing is lost or handled out of order.
   */
  async #start(label: string, generation: number): Promise<void> {
    // A reload stopped (or restarted) the plugin since this start was scheduled.
    const current = () => this.#generation(label) === generation;
    if (!current()) return;
    const early: (() => void)[] = [];
    let handled = false;
    // Reports of a loop the monitor has given up on (quarantined, stopped by a reload, or shutting down) are dropped.
    const report = (handle: () => void, dropped = () => {}) => {
      const counted = () => {
        if (current() && this.#schedule.running(label) && !this.#detached) handle();
        else dropped();
      };
      if (handled) counted();
      else early.push(counted);
    };
    let first: unknown;
    try {
      const intervalMs = this.#byLabel.get(label)!.effective.pollIntervalS * 1000;
      first = await this.#o.host.run(label, intervalMs, {
        event: (value) =>
          report(() => this.#receive(label, value), () => this.#dealtWith(label, value)),
        failed: (err) => report(() => this.#failed(label, err)),
      });
    } catch (err) {
      if (!this.#detached && current()) this.#failed(label, err);
      return;
    }
    if (this.#detached || !current()) {
      // Given up on: what it reported is dropped, freeing its credit.
      this.#dealtWith(label, first);
      handled = true;
      for (const counted of early) counted();
      return;
    }
    let event: Event | null;
    try {
      // Checked before it counts as a start, so an always-invalid plugin keeps backing off.
      event = this.#validate(label, first);
    } catch (err) {
      this.#dealtWith(label, first);
      this.#failed(label, err);
      // What its loop reported meanwhile is dropped (it is quarantined), freeing its credit.
      handled = true;
      for (const counted of early) counted();
      return;
    }
    if (this.#schedule.started(label, this.#o.clock.now())) {
      this.#o.log.info(`plugin ${label}: recovered`);
    }
    if (event !== null) this.#accept(label, event);
    handled = true;
    for (const counted of early) counted();
  }

  #generation(label: string): number {
    return this.#generations.get(label) ?? 0;
  }

  /**
   * Applies a reload: stops the plugins it removes or changes (their
   * `onStop()` runs), starts the new and changed ones, and takes on the new
   * settings. The open segment stays open; a new cooldown moves its deadline
   * to its last reset plus the new cooldown.
   */
  async reconfigure(plan: ReloadPlan): Promise<void> {
    if (this.#stopping.signal.aborted) return;
    const joining = new Set(plan.restart.concat(plan.start).map((p) => p.spec.label));
    const leaving = [...plan.stop, ...plan.restart.map((p) => p.spec.label)];
    await Promise.all(leaving.map((label) => {
      this.#generations.set(label, this.#generation(label) + 1);
      this.#schedule.remove(label);
      this.#firstStarts.delete(label);
      this.#byLabel.delete(label);
      return this.#o.host.retire(label, this.#o.shutdownGraceMs ?? 2000);
    }));
    if (this.#stopping.signal.aborted) return;
    this.#o.host.define(plan.next.plugins);
    const now = this.#o.clock.now();
    // In the new plugin order, so required plugins are scheduled first.
    for (const p of plan.next.plugins.filter((p) => joining.has(p.spec.label))) {
      this.#byLabel.set(p.spec.label, p);
      if (p.effective.dataHeader !== null) this.#owners.set(p.effective.dataHeader, p.spec.label);
      this.#schedule.add(p.spec.label, p.effective.pollIntervalS * 1000, now);
    }
    const m = plan.next.monitor;
    this.#segments.setCooldown(m.cooldownSeconds);
    this.#o.pollTickMs = m.pollTickMs;
    this.#o.maxEventBytes = m.maxEventBytes;
    this.#o.maxClockSkewS = m.maxClockSkewS;
    this.#wake.abort();
  }

  /** A plugin's poll failed (or produced an invalid event): quarantine it. */
  #failed(label: string, err: unknown): void {
    void this.#o.host.pause(label);
    if (this.#stopping.signal.aborted) {
      this.#o.log.warn(`plugin ${label}: ${errorMessage(err)}`);
      return;
    }
    const delay = this.#schedule.failed(label, this.#o.clock.now());
    const failures = this.#schedule.failures(label);
    this.#o.log.warn(
      `plugin ${label}: ${errorMessage(err)} (failure ${failures}; quarantined, next poll in ${
        delay / 1000
      }s)`,
    );
    this.#wakeIfSooner();
  }

  /** What a poll returned: validated, then shown and counted. */
  #receive(label: string, value: unknown): void {
    let event: Event | null;
    try {
      event = this.#validate(label, value);
    } catch (err) {
      this.#dealtWith(label, value);
      this.#failed(label, err);
      return;
    }
    if (event !== null) this.#accept(label, event);
  }

  /** A plugin's poll result as an event, `null` for nothing; throws saying what is wrong. */
  #validate(label: string, value: unknown): Event | null {
    return validateEvent(value, this.#byLabel.get(label)!.effective, {
      maxEventBytes: this.#o.maxEventBytes ?? 64 * 1024,
      maxSkewMs: (this.#o.maxClockSkewS ?? 300) * 1000,
      nowMs: this.#o.clock.wallNow(),
    });
  }

  /** A valid event: journaled and counted, then shown. */
  #accept(label: string, event: Event): void {
    const plugin = this.#byLabel.get(label)!;
    // Journaled before it is shown: the console never comes before durability.
    const outcome = this.#segments.accept(
      event,
      plugin.effective,
      () => this.#standaloneWritten(label),
    );
    if (outcome === "standalone") this.#standaloneQueued(label);
    else this.#o.host.grant(label);
    this.#o.console.event(event);
    if (outcome === "ignored") {
      this.#o.log.debug(
        `plugin ${label}: non-resetting event "${event.event}" outside a segment ignored`,
      );
    } else if (outcome === "opened") {
      this.#o.log.debug(`segment opened by ${label}.${event.event}`);
    }
    this.#wakeIfSooner();
  }

  /** A reported event that will not be written (invalid, or dropped) frees its credit. */
  #dealtWith(label: string, value: unknown): void {
    // A poll that found nothing took no credit.
    if (value !== null && value !== undefined) this.#o.host.grant(label);
  }

  /** One more of the plugin's standalone records waits to be written. */
  #standaloneQueued(label: string): void {
    const unwritten = (this.#unwritten.get(label) ?? 0) + 1;
    this.#unwritten.set(label, unwritten);
    if (unwritten < EVENT_CREDIT || this.#outrun.has(label)) return;
    this.#outrun.add(label);
    this.#o.log.warn(
      `plugin ${label}: ${unwritten} of its records wait to be written; it is polled only as ` +
        "fast as they are (it emits faster than the log is written; said once)",
    );
  }

  /** One of the plugin's standalone records is in the log: it may emit another. */
  #standaloneWritten(label: string): void {
    this.#unwritten.set(label, this.#unwritten.get(label)! - 1);
    this.#o.host.grant(label);
  }
}
