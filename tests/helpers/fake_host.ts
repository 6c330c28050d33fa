import type { LogRecord, SegmentRecord } from "@mimolo/sdk";
import type { Logger } from "../../src/log/logger.ts";
import type { PluginHost } from "../../src/plugins/host.ts";
import { EventCredit } from "../../src/plugins/credit.ts";
import { NO_GRANTS } from "../../src/plugins/permissions.ts";
import { type PollListener, PollLoop } from "../../src/plugins/poll_loop.ts";
import type { RegisteredPlugin } from "../../src/plugins/registry.ts";
import type { ResolvedSpec } from "../../src/plugins/spec.ts";
import { ConsoleReporter } from "../../src/sinks/console.ts";
import type { Sink } from "../../src/sinks/sink.ts";
import type { FakeClock, Lane } from "./fake_clock.ts";

/** A plugin for the fake host: `emit(pollIndex, now)` returns an event, null, or throws. */
export interface FakePlugin {
  spec: Partial<ResolvedSpec> & { label: string };
  emit: (n: number, now: number) => unknown;
  filter?: (values: unknown[]) => unknown;
  /** Labels it requires (`static requires`). */
  requires?: string[];
}

/**
 * A host that runs plain functions in the real {@linkcode PollLoop} on the
 * fake clock (its own lane of it) and records every poll time.
 */
export class FakeHost implements PluginHost {
  readonly polls = new Map<string, number[]>();
  readonly closed: SegmentRecord[] = [];
  /** Fake-clock times at which a filter ran, i.e. when segments closed. */
  readonly filterTimes: number[] = [];
  stopped = 0;
  /** The poll loops' clock: the same time as the monitor's, its sleeps counted apart. */
  readonly clock: Lane;
  readonly #plugins: Map<string, FakePlugin>;
  readonly #loops = new Map<string, PollLoop>();
  /** Infrequent plugins' credit, as the worker host keeps it. */
  readonly #credit = new Map<string, EventCredit>();

  constructor(plugins: FakePlugin[], clock: FakeClock) {
    this.#plugins = new Map(plugins.map((p) => [p.spec.label, p]));
    for (const p of plugins) {
      if (p.spec.infrequent) this.#credit.set(p.spec.label, new EventCredit());
    }
    this.clock = clock.lane();
  }

  grant(label: string): void {
    this.#credit.get(label)?.give();
  }

  run(label: string, intervalMs: number, listener: PollListener): Promise<unknown> {
    const loop = new PollLoop(() => this.poll(label), intervalMs, this.clock, listener);
    this.#loops.set(label, loop);
    return loop.start();
  }

  async pause(label: string): Promise<void> {
    const loop = this.#loops.get(label);
    this.#loops.delete(label);
    await loop?.stop();
  }

  /** One poll of a fake plugin (what the loops call; a test may wrap it). */
  poll(label: string): Promise<unknown> {
    const times = this.polls.get(label) ?? [];
    this.polls.set(label, times);
    const credit = this.#credit.get(label);
    if (credit && !credit.take()) return Promise.resolve(null); // skipped, as in a worker
    times.push(this.clock.now());
    try {
      const value = this.#plugins.get(label)!.emit(times.length - 1, this.clock.now());
      if (value === null || value === undefined) credit?.give();
      return Promise.resolve(value);
    } catch (err) {
      credit?.give();
      return Promise.reject(err);
    }
  }

  filter(label: string, values: unknown[]): Promise<unknown> {
    this.filterTimes.push(this.clock.now());
    const f = this.#plugins.get(label)!.filter;
    return Promise.resolve(f ? f(values) : values);
  }

  segmentClosed(record: SegmentRecord): Promise<void> {
    this.closed.push(record);
    return Promise.resolve();
  }

  /** Adds fake plugins it may run (what a reload's {@linkcode define} would bring). */
  add(...plugins: FakePlugin[]): void {
    for (const p of plugins) this.#plugins.set(p.spec.label, p);
  }

  define(): void {}

  /** Labels retired (stopped by a reload), in order. */
  readonly retired: string[] = [];

  async retire(label: string): Promise<void> {
    this.retired.push(label);
    await this.pause(label);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#loops.keys()].map((label) => this.pause(label)));
    this.stopped++;
  }
}

/** The registered form of fake plugins. */
export function registered(plugins: FakePlugin[]): RegisteredPlugin[] {
  return plugins.map((p) => {
    const spec: ResolvedSpec = {
      dataHeader: null,
      resetsCooldown: true,
      infrequent: false,
      pollIntervalS: 1,
      ...p.spec,
    };
    return {
      file: `${spec.label}.ts`,
      builtin: false,
      url: "",
      className: "Fake",
      spec,
      meta: {},
      configDeclaration: null,
      requires: p.requires ?? [],
      effective: spec,
      custom: {},
      grants: NO_GRANTS,
      timeoutMs: 10_000,
    };
  });
}

/** A sink that keeps records in memory. */
export class MemorySink implements Sink {
  readonly records: LogRecord[] = [];
  write(record: LogRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }
}

/** A logger that keeps messages in memory. */
export class MemoryLog implements Logger {
  readonly lines: string[] = [];
  debug(m: string) {
    this.lines.push(`debug ${m}`);
  }
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}

/** A console that discards output. */
export const quietConsole = new ConsoleReporter(false, () => {});
