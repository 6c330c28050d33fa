import type { Event } from "@mimolo/sdk";
import type { IngestPolicy, SegmentState } from "../engine/mod.ts";

/** One accepted event as the journal stores it (one JSON line each). */
export interface JournalEntry {
  /** Event timestamp, ISO-8601. */
  t: string;
  /** Plugin label. */
  l: string;
  /** Event type. */
  e: string;
  /** Whether it restarted the cooldown. */
  r: boolean;
  /** The plugin's data header, when it has one. */
  h?: string;
  /** The value under that header. */
  v?: unknown;
  /** Wall-clock ms when it was accepted (to judge the cooldown after a restart). */
  w: number;
}

/**
 * The journal entry of an event accepted into a segment.
 *
 * @example
 * ```ts
 * journalEntry(event, policy, Date.now());
 * ```
 */
export function journalEntry(event: Event, policy: IngestPolicy, wallMs: number): JournalEntry {
  const entry: JournalEntry = {
    t: event.timestamp.toISOString(),
    l: event.label,
    e: event.event,
    r: policy.resetsCooldown,
    w: wallMs,
  };
  if (policy.dataHeader !== null && event.data && Object.hasOwn(event.data, policy.dataHeader)) {
    entry.h = policy.dataHeader;
    entry.v = event.data[policy.dataHeader];
  }
  return entry;
}

/** A segment rebuilt from its journal. */
export interface JournaledSegment {
  /** The segment's facts. */
  state: SegmentState;
  /** `dataHeader` → values, in arrival order. */
  collected: Map<string, unknown[]>;
  /** Wall-clock ms of the last resetting event's acceptance. */
  lastResetWallMs: number;
  /** Wall-clock ms of the last event's acceptance. */
  lastWallMs: number;
}

/**
 * Rebuilds a segment from its journal entries (in order; the first one
 * opened it), keeping at most `maxRefs` event references.
 *
 * @example
 * ```ts
 * foldEntries(entries, 10_000).state.resetsCount;
 * ```
 */
export function foldEntries(
  entries: readonly JournalEntry[],
  maxRefs: number,
): JournaledSegment | null {
  if (entries.length === 0) return null;
  let start = new Date(entries[0].t);
  let end = start;
  let resets = 0;
  let lastResetWallMs = entries[0].w;
  const events = [];
  const collected = new Map<string, unknown[]>();
  for (const entry of entries) {
    const t = new Date(entry.t);
    if (entry.r) {
      // Only resetting events bound the segment, as in the engine.
      if (t < start) start = t;
      if (t > end) end = t;
      resets++;
      lastResetWallMs = Math.max(lastResetWallMs, entry.w);
    }
    if (events.length < maxRefs) events.push({ timestamp: t, label: entry.l, event: entry.e });
    if (entry.h !== undefined) {
      const values = collected.get(entry.h);
      if (values) values.push(entry.v);
      else collected.set(entry.h, [entry.v]);
    }
  }
  return {
    state: {
      start,
      end,
      resetsCount: Math.max(0, resets - 1),
      events,
      eventsDropped: entries.length - events.length,
    },
    collected,
    lastResetWallMs,
    lastWallMs: entries[entries.length - 1].w,
  };
}

/** An instant as the journal writes it (`toISOString()`: a four-digit year, UTC). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * Whether a parsed line is an entry the journal could have written: every
 * field of the right type, and times MiMoLo can have accepted (a
 * `"t":"garbage"` or a year +275760 is corruption, not an event).
 *
 * @example
 * ```ts
 * isJournalEntry({ t: "2025-01-01T00:00:00.000Z", l: "a", e: "x", r: true, w: 1 }); // true
 * ```
 */
export function isJournalEntry(value: unknown): value is JournalEntry {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return typeof e.t === "string" && ISO_UTC.test(e.t) && Number.isFinite(Date.parse(e.t)) &&
    typeof e.l === "string" && typeof e.e === "string" && typeof e.r === "boolean" &&
    (e.h === undefined || typeof e.h === "string") &&
    typeof e.w === "number" && Number.isFinite(e.w);
}

/**
 * Parses journal text into its entries and the lines that are not entries
 * (a torn last line left by a crash mid-append, so never an accepted event;
 * or corruption), which are returned as written so they can be kept aside.
 *
 * @example
 * ```ts
 * parseJournal('{"t":"2025-01-01T00:00:00.000Z","l":"a","e":"x","r":true,"w":1}\n{"t":').bad; // ['{"t":']
 * ```
 */
export function parseJournal(text: string): { entries: JournalEntry[]; bad: string[] } {
  const entries: JournalEntry[] = [];
  const bad: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isJournalEntry(value)) entries.push(value);
    else bad.push(line);
  }
  return { entries, bad };
}
