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
export type IngestOutcome =
  | "standalone"
  | "opened"
  | "reset"
  | "recorded"
  | "ignored";

/** One event as a closed segment remembers it. */
export interface SegmentEvent {
  /** Event timestamp. */
  timestamp: Date;
  /** Plugin label. */
  label: string;
  /** Event type. */
  event: string;
}

/** A segment taken out of the engine, ready for aggregation and writing. */
export interface ClosedSegment {
  /** Earliest event timestamp. */
  start: Date;
  /** Latest event timestamp (of either kind). */
  end: Date;
  /** How many resetting events restarted the cooldown (the opening one excluded). */
  resetsCount: number;
  /** Every event of the segment, in arrival order. */
  events: SegmentEvent[];
  /** `dataHeader` → values collected under it, in arrival order. */
  collected: Map<string, unknown[]>;
}

interface OpenSegment extends ClosedSegment {
  deadlineMs: number;
}

/**
 * The cooldown state machine. Pure: time comes in as `nowMs` (any monotonic
 * millisecond clock) and nothing here touches timers, files or plugins.
 *
 * @example
 * ```ts
 * const engine = new SegmentEngine(600_000);
 * engine.ingest(event, policy, 0);        // "opened"
 * engine.checkExpiration(600_000);        // true → state "closing"
 * const closed = engine.close();          // back to "idle"
 * ```
 */
export class SegmentEngine {
  readonly #cooldownMs: number;
  #state: EngineState = "idle";
  #open: OpenSegment | null = null;

  /** @param cooldownMs how long after the last resetting event a segment closes. */
  constructor(cooldownMs: number) {
    if (!(cooldownMs > 0)) throw new RangeError("cooldownMs must be > 0");
    this.#cooldownMs = cooldownMs;
  }

  /** The current lifecycle state. */
  get state(): EngineState {
    return this.#state;
  }

  /** When the open segment's cooldown runs out, or `null` when idle. */
  get deadlineMs(): number | null {
    return this.#open?.deadlineMs ?? null;
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
        collected: new Map(),
        deadlineMs: nowMs + this.#cooldownMs,
      };
      this.#state = "active";
      this.#record(this.#open, event, policy);
      return "opened";
    }
    this.#record(this.#open, event, policy);
    if (!policy.resetsCooldown) return "recorded";
    this.#open.resetsCount++;
    this.#open.deadlineMs = nowMs + this.#cooldownMs;
    this.#state = "active";
    return "reset";
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
    const { deadlineMs: _deadline, ...closed } = open;
    return closed;
  }

  #record(open: OpenSegment, event: Event, policy: IngestPolicy): void {
    const t = event.timestamp;
    if (t < open.start) open.start = t;
    if (t > open.end) open.end = t;
    open.events.push({ timestamp: t, label: event.label, event: event.event });
    if (policy.dataHeader === null || !event.data) return;
    if (!Object.hasOwn(event.data, policy.dataHeader)) return;
    const values = open.collected.get(policy.dataHeader);
    const value = event.data[policy.dataHeader];
    if (values) values.push(value);
    else open.collected.set(policy.dataHeader, [value]);
  }
}
