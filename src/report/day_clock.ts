import type { ReportDay, ReportSegment } from "./model.ts";

/** Minutes in a day's 24-hour strip. */
export const DAY_MINUTES = 1440;

/**
 * Where a local ISO time (`YYYY-MM-DDTHH:MM:SS±HH:MM`, as in a report's
 * segments) falls on `date`'s wall clock, in minutes from 00:00; a time on a
 * later date is the day's end (1440).
 *
 * @example
 * ```ts
 * wallMinutes("2026-03-02T09:15:30+01:00", "2026-03-02"); // 555.5
 * ```
 */
export function wallMinutes(localIso: string, date: string): number {
  if (localIso.slice(0, 10) > date) return DAY_MINUTES;
  if (localIso.slice(0, 10) < date) return 0;
  const h = Number(localIso.slice(11, 13));
  const m = Number(localIso.slice(14, 16));
  const s = Number(localIso.slice(17, 19));
  return h * 60 + m + s / 60;
}

/** A segment part placed on its day's wall clock. */
export interface PlacedSegment {
  /** The part. */
  segment: ReportSegment;
  /** Start, in minutes from local midnight. */
  from: number;
  /** End, in minutes from local midnight (at least `from`). */
  to: number;
}

/**
 * A day's segment parts placed on its 24-hour wall clock (on a
 * daylight-saving day the clock skips or repeats an hour, as the user's did).
 *
 * @example
 * ```ts
 * placeSegments(day)[0].from; // 555.5
 * ```
 */
export function placeSegments(day: ReportDay): PlacedSegment[] {
  return day.segments.map((segment) => {
    const from = wallMinutes(segment.start, day.date);
    return { segment, from, to: Math.max(from, wallMinutes(segment.end, day.date)) };
  });
}

/**
 * Which key dominates each of `cells` equal slices of a day: the key with the
 * most time in the slice (`null`: no activity). A part's time is split
 * between its keys; a zero-length segment marks its slice if nothing else does.
 *
 * @example
 * ```ts
 * dayCells(day, 96)[36]; // "mimolo" (09:00–09:15)
 * ```
 */
export function dayCells(day: ReportDay, cells: number): (string | null)[] {
  const width = DAY_MINUTES / cells;
  const weights: Map<string, number>[] = Array.from({ length: cells }, () => new Map());
  for (const { segment, from, to } of placeSegments(day)) {
    const first = Math.min(cells - 1, Math.floor(from / width));
    const last = Math.min(cells - 1, Math.max(first, Math.ceil(to / width) - 1));
    for (let c = first; c <= last; c++) {
      const overlap = Math.min(to, (c + 1) * width) - Math.max(from, c * width);
      const weight = Math.max(overlap, 1e-6) / segment.keys.length;
      for (const key of segment.keys) weights[c].set(key, (weights[c].get(key) ?? 0) + weight);
    }
  }
  return weights.map((w) => {
    let best: string | null = null;
    let most = 0;
    for (const [key, weight] of w) {
      if (weight > most) [best, most] = [key, weight];
    }
    return best;
  });
}
