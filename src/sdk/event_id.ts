import { sha256Hex } from "./sha256.ts";
import type { Event } from "./types.ts";

/**
 * Serialises a value as JSON with object keys sorted at every depth, so equal
 * values always give equal text.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}

/**
 * The deterministic id of an event: the first 16 hex characters of SHA-256
 * over the canonical JSON of `{timestamp, label, event, data}`.
 *
 * @example
 * ```ts
 * eventId({ timestamp: new Date(0), label: "x", event: "e" }).length; // 16
 * ```
 */
export function eventId(event: Event): string {
  const content = {
    timestamp: event.timestamp.toISOString(),
    label: event.label,
    event: event.event,
    data: event.data ?? null,
  };
  return sha256Hex(canonicalJson(content)).slice(0, 16);
}

/**
 * Returns the event with `id` set (unchanged when it already has one).
 *
 * @example
 * ```ts
 * withId({ timestamp: new Date(0), label: "x", event: "e" }).id;
 * ```
 */
export function withId(event: Event): Event {
  return event.id ? event : { ...event, id: eventId(event) };
}
