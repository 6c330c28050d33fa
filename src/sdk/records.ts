/** A lightweight reference to one event inside a segment record. */
export interface EventRef {
  /** ISO-8601 UTC timestamp. */
  t: string;
  /** Plugin label. */
  l: string;
  /** Event type. */
  e: string;
}

/** Why one data header kept its raw values instead of the filtered result. */
export interface AggregationError {
  /** The data header whose filter failed. */
  header: string;
  /** The plugin that owns the header. */
  label: string;
  /** What went wrong. */
  message: string;
}

/**
 * A closed segment as written to the logs (the original's field names).
 *
 * @example
 * ```ts
 * const r: SegmentRecord = {
 *   type: "segment", start: "2025-01-01T10:00:00.000Z", end: "2025-01-01T10:05:00.000Z",
 *   duration_s: 300, labels: ["example"], aggregated: {}, resets_count: 0, events: [],
 *   host: "laptop",
 * };
 * ```
 */
export interface SegmentRecord {
  /** Always `"segment"`. */
  type: "segment";
  /** First resetting event's timestamp. */
  start: string;
  /** Last resetting event's timestamp (later non-resetting events do not move it). */
  end: string;
  /** `end - start` in seconds. */
  duration_s: number;
  /** Sorted unique labels of the segment's events. */
  labels: string[];
  /** `dataHeader` → the owning plugin's `filterMethod` result. */
  aggregated: Record<string, unknown>;
  /** How many times a resetting event restarted the cooldown. */
  resets_count: number;
  /** The segment's events, in arrival order. */
  events: EventRef[];
  /** The machine that recorded it (`[monitor] host`); absent in records written before 0.2. */
  host?: string;
  /** Events beyond `max_event_refs`, counted but not listed in `events`. */
  events_dropped?: number;
  /** Filters that failed; their headers keep the raw values. */
  errors?: AggregationError[];
  /** Set when the segment was recovered from the journal after a crash or restart. */
  recovered?: boolean;
  /** Set when the wall clock jumped during the segment and `end` came from the monotonic clock. */
  clock_adjusted?: boolean;
}

/**
 * A standalone (infrequent) event as written to the logs.
 *
 * @example
 * ```ts
 * const r: EventRecord = {
 *   type: "event", timestamp: "2025-01-01T10:00:00.000Z", label: "alert",
 *   event: "disk_full", data: null, id: "0123456789abcdef", host: "laptop",
 * };
 * ```
 */
export interface EventRecord {
  /** Always `"event"`. */
  type: "event";
  /** ISO-8601 UTC timestamp. */
  timestamp: string;
  /** Plugin label. */
  label: string;
  /** Event type. */
  event: string;
  /** The event's payload. */
  data: Record<string, unknown> | null;
  /** Deterministic event id. */
  id: string;
  /** The machine that recorded it (`[monitor] host`); absent in records written before 0.2. */
  host?: string;
}

/** Any record a sink writes. */
export type LogRecord = SegmentRecord | EventRecord;
