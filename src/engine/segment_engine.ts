import type { Event } from "@mimolo/sdk";

/** How the engine treats one plugin's events. */
export interface IngestPolicy {
  /** The emitting plugin's label. */
  label: string;
  /** Whether events open segments and restart the cooldown. */
  resetsCooldown: boolean;
  /** Whether events bypass segments entirely. */
  infrequent: boolean;
  /** Key of `event.data` collected for aggregation, if any. */
  dataHeader: string | null;
}

/** The seed's segment lifecycle states. */
export type EngineState = "idle" | "active" | "closing";

/** What the engine did with an event. */
export type IngestOutcome = "standalone" | "opened" | "reset" | "recorded" | "ignored";

/** One event as a segment remembers it. */
export interface SegmentEvent {
  /** Event timestamp. */
  timestamp: Date;
  /** Plugin label. */
  label: string;
  /** Event type. */
  event: string;
}

/** A segment's facts, without the aggregated values (those live in the journal). */
export interface SegmentState {
  /** Earliest resetting event's timestamp. */
  start: Date;
  /** Latest resetting event's timestamp: non-resetting events never move `start` or `end`. */
  end: Date;
  /** How many resetting events restarted the cooldown (the opening one excluded). */
  resetsCount: number;
  /** The first events of the segment, in arrival order (at most `maxEventRefs`). */
  events: SegmentEvent[];
  /** Events beyond `maxEventRefs`, counted but not listed. */
  eventsDropped: number;
}

/** A segment taken out of the engine. */
export interface ClosedSegment extends SegmentState {
  /** Set when the wall clock jumped during the segment and `end` was taken from the monotonic clock. */
  clockAdjusted?: boolean;
}

/** Engine tuning. */
export interface EngineOptions {
  /** How long after the last resetting event a segment closes (ms). */
  cooldownMs: number;
  /** Most event references kept per segment (default 10,000). */
  maxEventRefs?: number;
  /**
   * Wall/monotonic disagreement beyond which the span is taken from the
   * monotonic clock (ms; default 300,000, like `max_clock_skew_s`): smaller
   * differences are plugins reporting events a little late, larger ones a
   * wall-clock jump.
   */
  clockToleranceMs?: number;
}

interface OpenSegment extends SegmentState {
  deadlineMs: number;
  firstWall: Date;
  firstMono: number;
  /** Monotonic time of the last resetting event. */
  lastMono: number;
}

/**
 * The cooldown state machine. Pure: time comes in as `nowMs` from a
 * monotonic clock, so wall-clock jumps never close or stretch a segment;
 * nothing here touches timers, files or plugins. Memory per segment is
 * bounded: events beyond `maxEventRefs` are counted, not kept.
 *
 * @example
 * ```ts
 * const engine = new SegmentEngine({ cooldownMs: 600_000 });
 * engine.ingest(event, policy, 0);        // "opened"
 * engine.checkExpiration(600_000);        // true → state "closing"
 * const closed = engine.close();          // back to "idle"
 * ```
 */
export class SegmentEngine {
  #cooldownMs: number;
  readonly #maxRefs: number;
  readonly #toleranceMs: number;
  #state: EngineState = "idle";
  #open: OpenSegment | null = null;

  /** @param options cooldown and limits. */
  constructor(options: EngineOptions) {
    if (!(options.cooldownMs > 0)) throw new RangeError("cooldownMs must be > 0");
    this.#cooldownMs = options.cooldownMs;
    this.#maxRefs = options.maxEventRefs ?? 10_000;
    this.#toleranceMs = options.clockToleranceMs ?? 300_000;
  }

  /** The current lifecycle state. */
  get state(): EngineState {
    return this.#state;
  }

  /** When the open segment's cooldown runs out, or `null` when idle. */
  get deadlineMs(): number | null {
    return this.#open?.deadlineMs ?? null;
  }

  /**
   * Changes the cooldown (a reloaded config): the open segment, if any, now
   * closes the new cooldown after its last resetting event.
   */
  setCooldown(cooldownMs: number): void {
    if (!(cooldownMs > 0)) throw new RangeError("cooldownMs must be > 0");
    this.#cooldownMs = cooldownMs;
    if (this.#open !== null) this.#open.deadlineMs = this.#open.lastMono + cooldownMs;
  }

  /** What {@linkcode ingest} would do with an event under `policy`, without doing it. */
  wouldRecord(policy: IngestPolicy): boolean {
    return !policy.infrequent && (this.#open !== null || policy.resetsCooldown);
  }

  /** Feeds one validated event accepted at `nowMs`. */
  ingest(event: Event, policy: IngestPolicy, nowMs: number): IngestOutcome {
    if (policy.infrequent) return "standalone";
    if (this.#open === null) {
      if (!policy.resetsCooldown) return "ignored";
      this.#open = {
        start: event.timestamp,
        end: event.timestamp,
        resetsCount: 0,
        events: [],
        eventsDropped: 0,
        deadlineMs: nowMs + this.#cooldownMs,
        firstWall: event.timestamp,
        firstMono: nowMs,
        lastMono: nowMs,
      };
      this.#state = "active";
      this.#record(this.#open, event, true, nowMs);
      return "opened";
    }
    this.#record(this.#open, event, policy.resetsCooldown, nowMs);
    if (!policy.resetsCooldown) return "recorded";
    this.#open.resetsCount++;
    this.#open.deadlineMs = nowMs + this.#cooldownMs;
    this.#state = "active";
    return "reset";
  }

  /**
   * Re-opens a segment recovered after a restart; its cooldown runs out at
   * `deadlineMs`, and its last resetting event is taken to be at `lastResetMs`
   * (both on this engine's monotonic clock).
   */
  restore(segment: SegmentState, deadlineMs: number, lastResetMs: number): void {
    const span = segment.end.getTime() - segment.start.getTime();
    this.#open = {
      ...segment,
      events: segment.events.slice(0, this.#maxRefs),
      eventsDropped: segment.eventsDropped + Math.max(0, segment.events.length - this.#maxRefs),
      deadlineMs,
      firstWall: segment.start,
      firstMono: lastResetMs - span,
      lastMono: lastResetMs,
    };
    this.#state = "active";
  }

  /** Moves ACTIVE to CLOSING when the cooldown has run out at `nowMs`. */
  checkExpiration(nowMs: number): boolean {
    if (this.#state !== "active" || this.#open === null) return false;
    if (nowMs < this.#open.deadlineMs) return false;
    this.#state = "closing";
    return true;
  }

  /** Takes the open segment out (expired or not, e.g. on shutdown); back to IDLE. */
  close(): ClosedSegment | null {
    const open = this.#open;
    this.#open = null;
    this.#state = "idle";
    if (open === null) return null;
    const { deadlineMs: _d, firstWall, firstMono, lastMono, ...closed } = open;
    const monoSpan = lastMono - firstMono;
    const wallSpan = closed.end.getTime() - closed.start.getTime();
    if (Math.abs(wallSpan - monoSpan) <= this.#toleranceMs) return closed;
    // The wall clock jumped during the segment: the span comes from the monotonic clock.
    const end = new Date(firstWall.getTime() + monoSpan);
    return { ...closed, start: firstWall, end, clockAdjusted: true };
  }

  /**
   * Lists the event; only a resetting one moves `start`/`end`, so a segment's
   * span measures activity, not a passive plugin reporting after it.
   */
  #record(open: OpenSegment, event: Event, resets: boolean, nowMs: number): void {
    const t = event.timestamp;
    if (resets) {
      if (t < open.start) open.start = t;
      if (t > open.end) open.end = t;
      open.lastMono = nowMs;
    }
    if (open.events.length < this.#maxRefs) {
      open.events.push({ timestamp: t, label: event.label, event: event.event });
    } else {
      open.eventsDropped++;
    }
  }
}
