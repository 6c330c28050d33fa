import type { LogRecord } from "@mimolo/sdk";
import { addDays } from "../time/mod.ts";

/** The furthest any zone is ahead of UTC (+14:00) and behind it (−12:00), in ms. */
const AHEAD_MS = 14 * 3_600_000;

/** How many days past `last` the reading may follow a segment still open at the window's end. */
export const FOLLOW_DAYS = 31;

/** Which daily files (by the date in their names) a window's records can be in. */
export interface FileSpan {
  /** The first file date that can hold records of the window. */
  first: string;
  /** The last one that is always read. */
  last: string;
  /** The last one read while a machine may still have a segment open (see `OpenMachines`). */
  follow: string;
}

/**
 * The file dates to read for the instants `[start, end)`. A record is
 * filed under the date of its end (a segment's) or its time (an event's),
 * local to the monitor that wrote it or UTC, and zones are −12 to +14 hours
 * from UTC: so from the day before `start`'s UTC date, and always to two
 * days after the UTC date of the window's last instant (a segment that
 * starts in the window and ends up to 34 hours after it). Later files, up
 * to {@linkcode FOLLOW_DAYS} more, are read only while `OpenMachines` says
 * a segment may still be open.
 *
 * @example
 * ```ts
 * fileSpan(Date.parse("2026-03-02T00:00Z"), Date.parse("2026-03-03T00:00Z")).last; // "2026-03-04"
 * ```
 */
export function fileSpan(start: number, end: number): FileSpan {
  const last = addDays(new Date(end - 1).toISOString().slice(0, 10), 2);
  return {
    first: addDays(new Date(start).toISOString().slice(0, 10), -1),
    last,
    follow: addDays(last, FOLLOW_DAYS),
  };
}

/**
 * The earliest instant a record in a file dated `date` (or later) can end
 * at: the day's start in the zone furthest ahead of UTC.
 *
 * @example
 * ```ts
 * earliestEnd("2026-03-02"); // Date.parse("2026-03-01T10:00:00Z")
 * ```
 */
export function earliestEnd(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - AHEAD_MS;
}

/**
 * Which machines may still have a segment open at the window's end. One
 * monitor has one segment open at a time and files them in order, so once a
 * machine's segment starts at or after the window's end, none of its
 * segments in later files reaches back into the window; until then, one
 * may (a long stretch of activity that began in the window is filed under
 * the date it ended).
 *
 * @example
 * ```ts
 * const machines = new OpenMachines(window.end);
 * machines.see(record);
 * machines.open; // true until each machine seen has begun a segment after the window
 * ```
 */
export class OpenMachines {
  readonly #end: number;
  readonly #open = new Set<string>();
  readonly #closed = new Set<string>();

  /** @param end the window's end (epoch ms). */
  constructor(end: number) {
    this.#end = end;
  }

  /** Takes note of a record read. */
  see(record: LogRecord): void {
    if (record.type !== "segment") return;
    const host = record.host ?? "unknown";
    if (this.#closed.has(host)) return;
    if (Date.parse(record.start) >= this.#end) {
      this.#closed.add(host);
      this.#open.delete(host);
    } else this.#open.add(host);
  }

  /** Whether some machine seen has not yet begun a segment after the window's end. */
  get open(): boolean {
    return this.#open.size > 0;
  }
}
