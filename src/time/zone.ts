/** Milliseconds in a day. */
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Calendar arithmetic in one IANA time zone, through `Intl` (no tz
 * database of our own): offsets, local dates and the instants where local
 * days begin, daylight-saving changes included.
 *
 * @example
 * ```ts
 * const berlin = new Zone("Europe/Berlin");
 * berlin.dateOf(Date.parse("2026-03-01T23:30:00Z")); // "2026-03-02"
 * berlin.dayStart("2026-03-02"); // Date.parse("2026-03-01T23:00:00Z")
 * ```
 */
export class Zone {
  /** The zone's IANA name, e.g. `"Europe/Berlin"`. */
  readonly name: string;
  readonly #parts: Intl.DateTimeFormat;

  /** @param name an IANA zone; throws `RangeError` when the runtime does not know it. */
  constructor(name: string) {
    this.#parts = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    this.name = this.#parts.resolvedOptions().timeZone;
  }

  /** The zone's offset from UTC at instant `t` (epoch ms), in whole minutes. */
  offsetMinutes(t: number): number {
    const p = this.#fields(t);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return Math.round((wall - Math.floor(t / 1000) * 1000) / 60_000);
  }

  /** The local calendar date (`YYYY-MM-DD`) at instant `t`. */
  dateOf(t: number): string {
    const p = this.#fields(t);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  }

  /**
   * The first instant of local day `date`: usually its midnight; where a
   * daylight-saving change skips midnight, the instant the day begins.
   */
  dayStart(date: string): number {
    const utcMidnight = dateToUtcMs(date);
    const guess = utcMidnight - this.offsetMinutes(utcMidnight) * 60_000;
    if (this.offsetMinutes(guess) === this.offsetMinutes(guess - 1) && this.#isStart(guess, date)) {
      return guess; // the usual case: no offset change around midnight
    }
    let best = Infinity;
    for (const probe of [utcMidnight - DAY_MS, utcMidnight, utcMidnight + DAY_MS]) {
      const t = utcMidnight - this.offsetMinutes(probe) * 60_000;
      if (t < best && this.#isStart(t, date)) best = t;
    }
    return Number.isFinite(best) ? best : this.#searchStart(date, utcMidnight);
  }

  #isStart(t: number, date: string): boolean {
    return this.dateOf(t) === date && this.dateOf(t - 1) !== date;
  }

  /** Falls back to a binary search for zones whose offsets change by more than the probes see. */
  #searchStart(date: string, utcMidnight: number): number {
    let lo = utcMidnight - 2 * DAY_MS;
    let hi = utcMidnight + 2 * DAY_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.dateOf(mid) < date) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  #fields(t: number): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.#parts.formatToParts(t)) {
      if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
    }
    return out;
  }
}

/**
 * The zone this process runs in (the `TZ` environment variable, else the
 * system's setting).
 *
 * @example
 * ```ts
 * systemZone().name; // e.g. "Europe/Berlin"
 * ```
 */
export function systemZone(): Zone {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (cachedSystem?.name !== name) cachedSystem = new Zone(name);
  return cachedSystem;
}
let cachedSystem: Zone | null = null;

/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * isDate("2026-02-29"); // false
 * ```
 */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3]);
}

/**
 * The calendar date `days` after `date` (negative: before).
 *
 * @example
 * ```ts
 * addDays("2026-02-28", 1); // "2026-03-01"
 * ```
 */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The ISO weekday of a calendar date: 1 = Monday … 7 = Sunday.
 *
 * @example
 * ```ts
 * isoWeekday("2026-03-02"); // 1
 * ```
 */
export function isoWeekday(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay() || 7;
}

/** Midnight UTC of a `YYYY-MM-DD` date, in epoch ms. */
function dateToUtcMs(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}
