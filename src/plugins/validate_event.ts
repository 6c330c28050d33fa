import type { Event } from "@mimolo/sdk";
import { jsonProblem } from "../engine/json_check.ts";
import type { ResolvedSpec } from "./spec.ts";

/** Longest `event` name, in characters. */
export const MAX_EVENT_NAME = 200;

/** Longest `id`, in characters (MiMoLo's own ids have 16). */
export const MAX_EVENT_ID = 200;

/** Bounds on what a plugin may emit. */
export interface EventLimits {
  /** Largest `{event, data}` JSON, in UTF-8 bytes. */
  maxEventBytes: number;
  /** Furthest an event's timestamp may be from `nowMs`. */
  maxSkewMs: number;
  /** The host's wall clock now, in epoch ms. */
  nowMs: number;
}

const NO_LIMITS: EventLimits = { maxEventBytes: Infinity, maxSkewMs: Infinity, nowMs: 0 };

/**
 * Checks what a plugin's `emitEvent()` returned. Returns the event, `null`
 * for "nothing happened", or throws an `Error` saying what was wrong.
 *
 * @example
 * ```ts
 * validateEvent(null, spec); // null
 * ```
 */
export function validateEvent(
  value: unknown,
  spec: ResolvedSpec,
  limits: EventLimits = NO_LIMITS,
): Event | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`emitEvent() must return an event object or null, got ${describe(value)}`);
  }
  const e = value as Record<string, unknown>;
  if (!(e.timestamp instanceof Date) || Number.isNaN(e.timestamp.getTime())) {
    throw new Error(`event.timestamp must be a valid Date, got ${describe(e.timestamp)}`);
  }
  if (e.label !== spec.label) {
    throw new Error(`event.label must be "${spec.label}", got ${describe(e.label)}`);
  }
  if (typeof e.event !== "string" || e.event.trim() === "") {
    throw new Error(`event.event must be a non-empty string, got ${describe(e.event)}`);
  }
  if (e.event.length > MAX_EVENT_NAME) {
    throw new Error(`event.event is ${e.event.length} characters long; at most ${MAX_EVENT_NAME}`);
  }
  const skewMs = Math.abs(e.timestamp.getTime() - limits.nowMs);
  if (skewMs > limits.maxSkewMs) {
    throw new Error(
      `event.timestamp ${e.timestamp.toISOString()} is ${Math.round(skewMs / 1000)} s away from ` +
        `the clock (max_clock_skew_s = ${limits.maxSkewMs / 1000}); use new Date() for "now"`,
    );
  }
  if (e.id !== undefined && (typeof e.id !== "string" || e.id === "")) {
    throw new Error(`event.id must be a non-empty string when set, got ${describe(e.id)}`);
  }
  if (typeof e.id === "string" && e.id.length > MAX_EVENT_ID) {
    throw new Error(`event.id is ${e.id.length} characters long; at most ${MAX_EVENT_ID}`);
  }
  const data = e.data ?? null;
  if (data !== null) {
    if (typeof data !== "object" || Array.isArray(data)) {
      throw new Error(`event.data must be an object or null, got ${describe(data)}`);
    }
    const problem = jsonProblem(data, "event.data");
    if (problem) throw new Error(`${problem}; data must be JSON-serialisable`);
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ event: e.event, data })).length;
  if (bytes > limits.maxEventBytes) {
    throw new Error(
      `the event is ${bytes} bytes of JSON; at most ${limits.maxEventBytes} (max_event_bytes): ` +
        "emit less per event",
    );
  }
  if (spec.dataHeader !== null && (data === null || !Object.hasOwn(data, spec.dataHeader))) {
    throw new Error(`event.data must contain the key "${spec.dataHeader}" (spec.dataHeader)`);
  }
  return {
    timestamp: e.timestamp,
    label: e.label,
    event: e.event,
    data: data as Record<string, unknown> | null,
    ...(e.id === undefined ? {} : { id: e.id as string }),
  };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "an invalid Date";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 60));
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
