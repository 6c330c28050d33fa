import { type Event, type EventRecord, withId } from "@mimolo/sdk";

/**
 * The standalone record of an event, with its deterministic id and the
 * machine (`host`) that recorded it.
 *
 * @example
 * ```ts
 * eventRecord({ timestamp: new Date(0), label: "x", event: "e" }, "laptop").type; // "event"
 * ```
 */
export function eventRecord(event: Event, host: string): EventRecord {
  const e = withId(event);
  return {
    type: "event",
    timestamp: e.timestamp.toISOString(),
    label: e.label,
    event: e.event,
    data: e.data ?? null,
    id: e.id!,
    host,
  };
}
