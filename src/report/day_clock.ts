import type { Zone } from "../time/mod.ts";
import { type ReportSegment, STRIP_CELLS } from "./model.ts";
import type { WindowDay } from "./window.ts";

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

/**
 * The wall clock of one local day: where an instant (epoch ms) falls on it,
 * in minutes from 00:00, to the second, as {@linkcode wallMinutes} reads the
 * same instant's local ISO time (before the day: 0; after it: 1440).
 *
 * @example
 * ```ts
 * wallClock(day, zone)(Date.parse("2026-03-02T08:15:30Z")); // 555.5 in Berlin
 * ```
 */
export function wallClock(day: WindowDay, zone: Zone): (t: number) => number {
  const midnight = Date.parse(`${day.date}T00:00:00Z`);
  return (t) => {
    const offset = day.offset ?? zone.offsetMinutes(t);
    const minutes = (Math.floor(t / 1000) * 1000 + offset * 60_000 - midnight) / 60_000;
    return Math.min(DAY_MINUTES, Math.max(0, minutes));
  };
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
 * placeSegments("2026-03-02", model.parts.of(0))[0].from; // 555.5
 * ```
 */
export function placeSegments(date: string, segments: ReportSegment[]): PlacedSegment[] {
  return segments.map((segment) => {
    const from = wallMinutes(segment.start, date);
    return { segment, from, to: Math.max(from, wallMinutes(segment.end, date)) };
  });
}

/** A part as the strip needs it: its wall-clock minutes and its keys' numbers. */
export interface StripPart {
  /** Start, in minutes from local midnight. */
  from: number;
  /** End, in minutes from local midnight (at least `from`). */
  to: number;
  /** The keys it counts toward. */
  keys: readonly number[];
}

/** A cell without activity. */
const NONE = -1;

/**
 * The strips of a window's days ({@linkcode STRIP_CELLS} cells each): for
 * each cell the key with the most time in it, in flat typed arrays made
 * once for the window. A part's time is split between its keys; a
 * zero-length part marks its cell if nothing else does. Keys that tie are
 * kept as a list (by number) and settled by rank when the rows are known.
 *
 * @example
 * ```ts
 * const strips = new DayStrips(1);
 * strips.make(0, [{ from: 540, to: 600, keys: [0] }], tie);
 * strips.keys(0, [0], ["alpha"], tied)[36]; // "alpha" (09:00–09:15)
 * ```
 */
export class DayStrips {
  /** Per cell: the leading key, `NONE`, or `-2 - n` for the tied keys numbered `n`. */
  readonly #best: Int32Array;
  /** Per cell: the leader's time (minutes), for parts that come late. */
  readonly #weight: Float32Array;
  #scratch = new Float64Array(STRIP_CELLS * 8);
  readonly #local = new Map<number, number>();
  readonly #locals: number[] = [];

  /** @param days how many days the window has. */
  constructor(days: number) {
    this.#best = new Int32Array(days * STRIP_CELLS).fill(NONE);
    this.#weight = new Float32Array(days * STRIP_CELLS);
  }

  /**
   * Makes day `day`'s strip from all of its parts; `tie(keys)` numbers a
   * list of keys that tie.
   */
  make(day: number, parts: readonly StripPart[], tie: (keys: number[]) => number): void {
    this.#local.clear();
    this.#locals.length = 0;
    for (const part of parts) {
      for (const key of part.keys) {
        if (!this.#local.has(key)) this.#local.set(key, this.#locals.push(key) - 1);
      }
    }
    const k = this.#locals.length;
    if (this.#scratch.length < STRIP_CELLS * k) this.#scratch = new Float64Array(STRIP_CELLS * k);
    const w = this.#scratch;
    w.fill(0, 0, STRIP_CELLS * k);
    for (const part of parts) {
      forCells(part, (cell, weight) => {
        for (const key of part.keys) w[cell * k + this.#local.get(key)!] += weight;
      });
    }
    for (let cell = 0; cell < STRIP_CELLS; cell++) {
      let most = 0;
      let leader = -1;
      let leaders = 0;
      for (let j = 0; j < k; j++) {
        const weight = w[cell * k + j];
        if (weight > most) [most, leader, leaders] = [weight, j, 1];
        else if (weight === most && weight > 0) leaders++;
      }
      const at = day * STRIP_CELLS + cell;
      this.#weight[at] = most;
      if (leaders === 0) this.#best[at] = NONE;
      else if (leaders === 1) this.#best[at] = this.#locals[leader];
      else {
        const tied = this.#locals.filter((_, j) => w[cell * k + j] === most);
        this.#best[at] = -2 - tie(tied);
      }
    }
  }

  /**
   * Adds a part that came after its day's strip was made (a segment longer
   * than the summariser waits for): it takes a cell where its own time there
   * is more than the leader's. Exact for the usual such part, a long segment
   * alone in its cells; a key's earlier, smaller time in a cell is not added
   * to it.
   */
  addLate(day: number, part: StripPart): void {
    forCells(part, (cell, weight) => {
      const at = day * STRIP_CELLS + cell;
      for (const key of part.keys) {
        if (this.#best[at] === key) this.#weight[at] += weight;
        else if (weight > this.#weight[at]) {
          this.#best[at] = key;
          this.#weight[at] = weight;
        }
      }
    });
  }

  /**
   * Day `day`'s cells as key names: ties (`tied(n)` gives the keys of tie
   * list `n`) go to the key ranked first.
   */
  keys(
    day: number,
    rank: readonly number[],
    names: readonly string[],
    tied: (n: number) => readonly number[],
  ): (string | null)[] {
    return Array.from(this.#best.subarray(day * STRIP_CELLS, (day + 1) * STRIP_CELLS), (best) => {
      if (best === NONE) return null;
      if (best >= 0) return names[best];
      return names[tied(-2 - best).reduce((a, b) => (rank[b] < rank[a] ? b : a))];
    });
  }
}

/** Calls `each(cell, weight)` for every cell a part covers, its time split over its keys. */
function forCells(part: StripPart, each: (cell: number, weight: number) => void): void {
  const width = DAY_MINUTES / STRIP_CELLS;
  const { from, to } = part;
  const first = Math.min(STRIP_CELLS - 1, Math.floor(from / width));
  const last = Math.min(STRIP_CELLS - 1, Math.max(first, Math.ceil(to / width) - 1));
  for (let c = first; c <= last; c++) {
    const overlap = Math.min(to, (c + 1) * width) - Math.max(from, c * width);
    each(c, Math.max(overlap, 1e-6) / part.keys.length);
  }
}
