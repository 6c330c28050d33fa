import type { Event, LogRecord } from "@mimolo/sdk";
import { aggregateSegment, type ClosedSegment, eventRecord, SegmentEngine } from "../engine/mod.ts";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { PluginHost } from "../plugins/host.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";
import { PollSchedule } from "../plugins/schedule.ts";
import { validateEvent } from "../plugins/validate_event.ts";
import type { ConsoleReporter } from "../sinks/console.ts";
import type { Sink } from "../sinks/sink.ts";
import { alignToTick, type Clock } from "./clock.ts";

/** Everything a monitor run needs; the CLI builds it, tests fake parts of it. */
export interface MonitorOptions {
  /** The plugins to poll. */
  plugins: readonly RegisteredPlugin[];
  /** Where the plugins run. */
  host: PluginHost;
  /** The log file sink. */
  sink: Sink;
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
  /** Stop after the first segment is written. */
  once?: boolean;
  /** How long shutdown waits for polls in flight and `onStop()` hooks (ms). */
  shutdownGraceMs?: number;
}

/**
 * The running monitor: polls plugins on their deadlines, feeds the segment
 * engine, closes segments when their cooldown runs out and writes records.
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
  readonly #engine: SegmentEngine;
  readonly #schedule = new PollSchedule();
  readonly #byLabel: Map<string, RegisteredPlugin>;
  readonly #owners: Map<string, string>;
  readonly #stopping = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #wake = new AbortController();
  #writes: Promise<void> = Promise.resolve();
  #segmentsWritten = 0;
  #shutdown: Promise<void> | null = null;

  /** @param options what to run and where to write. */
  constructor(options: MonitorOptions) {
    this.#o = options;
    this.#engine = new SegmentEngine(options.cooldownSeconds * 1000);
    this.#byLabel = new Map(options.plugins.map((p) => [p.spec.label, p]));
    this.#owners = new Map(
      options.plugins.flatMap((p) =>
        p.effective.dataHeader === null ? [] : [[p.effective.dataHeader, p.spec.label]]
      ),
    );
  }

  /** Number of segments written so far. */
  get segmentsWritten(): number {
    return this.#segmentsWritten;
  }

  /** Runs until {@linkcode stop} (or, with `once`, the first segment is written), then shuts down. */
  async run(): Promise<void> {
    const start = this.#o.clock.now();
    for (const p of this.#o.plugins) {
      this.#schedule.add(p.spec.label, p.effective.pollIntervalS * 1000, start);
    }
    while (!this.#stopping.signal.aborted) {
      const now = this.#o.clock.now();
      for (const label of this.#schedule.takeDue(now)) this.#track(this.#poll(label));
      if (this.#engine.checkExpiration(now)) await this.#closeSegment(this.#engine.close());
      if (this.#o.once && this.#segmentsWritten > 0) break;
      await this.#sleepUntilNextDeadline(now);
    }
    await this.stop();
  }

  /** Closes and writes the open segment, stops the plugins and flushes; runs once however often called. */
  stop(): Promise<void> {
    this.#shutdown ??= this.#shutDown();
    return this.#shutdown;
  }

  async #shutDown(): Promise<void> {
    this.#stopping.abort();
    const grace = this.#o.shutdownGraceMs ?? 2000;
    await this.#settle(grace);
    await this.#closeSegment(this.#engine.close());
    await this.#o.host.stop(grace);
    await this.#writes;
  }

  async #sleepUntilNextDeadline(now: number): Promise<void> {
    const deadlines = [this.#schedule.nextDeadline(), this.#engine.deadlineMs].filter((d) =>
      d !== null
    );
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
    const signal = AbortSignal.any([this.#stopping.signal, this.#wake.signal]);
    const next = deadlines.length === 0 ? Infinity : Math.min(...deadlines);
    const delay = alignToTick(next, this.#o.pollTickMs) - now;
    // A finite sleep even when nothing is scheduled, so the loop can notice a wake-up it missed.
    await this.#o.clock.sleep(Number.isFinite(delay) ? Math.max(0, delay) : 60_000, signal);
  }

  #track(poll: Promise<void>): void {
    this.#inFlight.add(poll);
    poll.finally(() => {
      this.#inFlight.delete(poll);
      this.#wake.abort();
    });
  }

  async #settle(graceMs: number): Promise<void> {
    if (this.#inFlight.size === 0) return;
    const abort = new AbortController();
    await Promise.race([
      Promise.allSettled(this.#inFlight),
      this.#o.clock.sleep(graceMs, abort.signal),
    ]);
    abort.abort();
  }

  async #poll(label: string): Promise<void> {
    const plugin = this.#byLabel.get(label)!;
    let event: Event | null;
    try {
      event = validateEvent(await this.#o.host.poll(label), plugin.effective);
    } catch (err) {
      const delay = this.#schedule.failed(label, this.#o.clock.now());
      const failures = this.#schedule.failures(label);
      this.#o.log.warn(
        `plugin ${label}: ${errorMessage(err)} (failure ${failures}; quarantined, next poll in ${
          delay / 1000
        }s)`,
      );
      return;
    }
    if (this.#schedule.failures(label) > 0) this.#o.log.info(`plugin ${label}: recovered`);
    this.#schedule.succeeded(label, this.#o.clock.now());
    if (event !== null) this.#accept(event, plugin);
  }

  #accept(event: Event, plugin: RegisteredPlugin): void {
    this.#o.console.event(event);
    const outcome = this.#engine.ingest(event, plugin.effective, this.#o.clock.now());
    if (outcome === "standalone") {
      this.#write(eventRecord(event));
    } else if (outcome === "ignored") {
      this.#o.log.debug(
        `plugin ${plugin.spec.label}: non-resetting event "${event.event}" outside a segment ignored`,
      );
    } else if (outcome === "opened") {
      this.#o.log.debug(`segment opened by ${plugin.spec.label}.${event.event}`);
    }
  }

  async #closeSegment(closed: ClosedSegment | null): Promise<void> {
    if (closed === null) return;
    const record = await aggregateSegment(
      closed,
      this.#owners,
      (label, values) => this.#o.host.filter(label, values),
    );
    for (const e of record.errors ?? []) {
      this.#o.log.warn(
        `plugin ${e.label}: filterMethod failed for "${e.header}", raw values kept: ${e.message}`,
      );
    }
    await this.#write(record);
    this.#segmentsWritten++;
    try {
      await this.#o.host.segmentClosed(record);
    } catch (err) {
      this.#o.log.warn(`onSegmentClose failed: ${errorMessage(err)}`);
    }
  }

  /** Queues a record so records reach the sink in order, one at a time. */
  #write(record: LogRecord): Promise<void> {
    this.#writes = this.#writes.then(async () => {
      try {
        await this.#o.sink.write(record);
        this.#o.console.record(record);
      } catch (err) {
        this.#o.log.error(`cannot write ${record.type} record: ${errorMessage(err)}`);
      }
    });
    return this.#writes;
  }
}
