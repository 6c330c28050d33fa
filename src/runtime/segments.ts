import type { Event, SegmentRecord } from "@mimolo/sdk";
import type { JournalFile, SegmentJournals } from "../durability/journal.ts";
import { foldEntries, journalEntry } from "../durability/journal_entry.ts";
import type { Outbox } from "../durability/outbox.ts";
import type { LeftoverSegment } from "../durability/recover.ts";
import {
  aggregateSegment,
  type ClosedSegment,
  eventRecord,
  type FilterRunner,
  type IngestOutcome,
  type IngestPolicy,
  SegmentEngine,
} from "../engine/mod.ts";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { ConsoleReporter } from "../sinks/console.ts";
import type { Clock } from "./clock.ts";

/** What the segment keeper needs. */
export interface SegmentKeeperOptions {
  /** Seconds after the last resetting event before a segment closes. */
  cooldownSeconds: number;
  /** Most event references per segment record. */
  maxEventRefs: number;
  /** Wall/monotonic disagreement treated as a clock jump (ms). */
  clockToleranceMs: number;
  /** Where accepted events are journaled before they count. */
  journals: SegmentJournals;
  /** Where records are written, in order, with retries. */
  outbox: Outbox;
  /** `dataHeader` → owning plugin label. */
  owners: ReadonlyMap<string, string>;
  /** Runs a plugin's `filterMethod`. */
  runFilter: FilterRunner;
  /** Called after a segment record is durably written. */
  onSegmentWritten: (record: SegmentRecord) => void | Promise<void>;
  /** The console. */
  console: ConsoleReporter;
  /** Diagnostics. */
  log: Logger;
  /** Time source. */
  clock: Clock;
  /** The machine's name in every record (`[monitor] host`). */
  hostName: string;
}

/**
 * Owns the open segment: journals each accepted event before the engine
 * counts it, closes segments when their cooldown runs out, aggregates them
 * and hands the records to the outbox; a segment's journal is removed only
 * once its record is durably written.
 *
 * @example
 * ```ts
 * const keeper = new SegmentKeeper(options);
 * keeper.accept(event, plugin.effective);
 * keeper.tick(clock.now());
 * ```
 */
export class SegmentKeeper {
  readonly #o: SegmentKeeperOptions;
  readonly #engine: SegmentEngine;
  #journal: JournalFile | null = null;
  #recovered = false;
  #closing: Promise<void> = Promise.resolve();

  /** @param options limits, journal, outbox and hooks. */
  constructor(options: SegmentKeeperOptions) {
    this.#o = { ...options };
    this.#engine = new SegmentEngine({
      cooldownMs: options.cooldownSeconds * 1000,
      maxEventRefs: options.maxEventRefs,
      clockToleranceMs: options.clockToleranceMs,
    });
  }

  /** When the open segment's cooldown runs out, or `null`. */
  get deadlineMs(): number | null {
    return this.#engine.deadlineMs;
  }

  /**
   * Changes the cooldown (a reloaded config): the open segment stays open and
   * closes the new cooldown after its last resetting event.
   */
  setCooldown(seconds: number): void {
    this.#o.cooldownSeconds = seconds;
    this.#engine.setCooldown(seconds * 1000);
  }

  /**
   * Journals (if it joins a segment) and ingests one validated event. A
   * segment whose cooldown ran out before the event arrived is closed first,
   * even if the timer that would close it has not fired yet. `written` runs
   * once a standalone record made of it is in the log.
   */
  accept(event: Event, policy: IngestPolicy, written: () => void = () => {}): IngestOutcome {
    const now = this.#o.clock.now();
    this.tick(now);
    if (this.#engine.wouldRecord(policy)) {
      this.#journal ??= this.#o.journals.create();
      this.#journal.append(journalEntry(event, policy, this.#o.clock.wallNow()));
    }
    const outcome = this.#engine.ingest(event, policy, now);
    if (outcome === "standalone") {
      const record = eventRecord(event, this.#o.hostName);
      this.#o.outbox.push(record, () => {
        this.#o.console.record(record);
        written();
      });
    }
    return outcome;
  }

  /** Closes the open segment if its cooldown has run out at `nowMs`. */
  tick(nowMs: number): void {
    if (this.#engine.checkExpiration(nowMs)) this.closeNow();
  }

  /** Closes the open segment now (shutdown), if there is one. */
  closeNow(): void {
    const closed = this.#engine.close();
    const journal = this.#journal;
    const recovered = this.#recovered;
    this.#journal = null;
    this.#recovered = false;
    if (closed === null || journal === null) return;
    this.#closing = this.#closing.then(() => this.#finish(closed, journal, recovered));
  }

  /**
   * Takes over segments a previous run left in its journal: those whose
   * cooldown ran out (judged by the wall clock) are closed at their last event
   * and written with `recovered: true`; the newest one still within its
   * cooldown becomes the open segment again.
   */
  recover(leftovers: readonly LeftoverSegment[]): void {
    const cooldownMs = this.#o.cooldownSeconds * 1000;
    leftovers.forEach((left, i) => {
      const sinceReset = this.#o.clock.wallNow() - left.lastResetWallMs;
      const journal = this.#o.journals.adopt(left.path);
      if (i === leftovers.length - 1 && sinceReset >= 0 && sinceReset < cooldownMs) {
        const now = this.#o.clock.now();
        this.#engine.restore(left.state, now + cooldownMs - sinceReset, now - sinceReset);
        this.#journal = journal;
        this.#recovered = true;
        this.#o.log.info(
          `resumed the segment open since ${left.state.start.toISOString()} from the journal`,
        );
        return;
      }
      const closed: ClosedSegment = left.state;
      this.#closing = this.#closing.then(() => this.#finish(closed, journal, true, left.collected));
      this.#o.log.info(
        `recovered a segment from ${closed.start.toISOString()} left by a previous run`,
      );
    });
  }

  /** Resolves once every closed segment has been aggregated and queued for writing. */
  settled(): Promise<void> {
    return this.#closing;
  }

  async #finish(
    closed: ClosedSegment,
    journal: JournalFile,
    recovered: boolean,
    known?: ReadonlyMap<string, unknown[]>,
  ): Promise<void> {
    try {
      const collected = known ?? foldEntries(journal.entries(), 0)?.collected ?? new Map();
      const record = await aggregateSegment(
        { closed, collected, recovered, host: this.#o.hostName },
        this.#o.owners,
        this.#o.runFilter,
      );
      for (const e of record.errors ?? []) {
        const who = e.label ? `plugin ${e.label}: filterMethod failed for` : "data header";
        this.#o.log.warn(`${who} "${e.header}": ${e.message}; raw values kept`);
      }
      this.#o.outbox.push(record, async () => {
        try {
          await journal.remove();
        } catch (err) {
          this.#o.log.warn(
            `cannot remove the journal ${journal.path} of a segment already written ` +
              `(${errorMessage(err)}); the next start finds the segment in the log and skips it`,
          );
        }
        this.#o.console.record(record);
        await this.#o.onSegmentWritten(record);
      });
    } catch (err) {
      this.#o.log.error(
        `cannot close the segment from ${closed.start.toISOString()}: ${errorMessage(err)}; ` +
          `its journal ${journal.path} is kept for the next start`,
      );
    }
  }
}
