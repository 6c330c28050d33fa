import { addDays, isoWeekday, type Zone } from "../time/mod.ts";

/** One local day of a report window, as instants. */
export interface WindowDay {
  /** `YYYY-MM-DD`. */
  date: string;
  /** First instant of the day (epoch ms). */
  start: number;
  /** First instant of the next day. */
  end: number;
  /** The zone's offset (minutes) all day, or `null` when it changes during the day. */
  offset: number | null;
}

/** The local days a report covers, in one zone. */
export interface ReportWindow {
  /** First day (inclusive). */
  from: string;
  /** Last day (inclusive). */
  to: string;
  /** The zone the days are in. */
  zone: Zone;
  /** Every day, in order. */
  days: WindowDay[];
  /** First instant of the window. */
  start: number;
  /** First instant after it. */
  end: number;
}

/** Which days a report asks for. */
export type WindowChoice =
  | { kind: "today" | "yesterday" | "week" | "month" }
  | { kind: "day"; date: string }
  | { kind: "range"; from: string; to: string };

/**
 * The first and last day of a window choice, given today's local date:
 * `week` is the ISO week (Monday first) containing today, `month` the
 * calendar month.
 *
 * @example
 * ```ts
 * windowDates({ kind: "week" }, "2026-03-05"); // { from: "2026-03-02", to: "2026-03-08" }
 * ```
 */
export function windowDates(choice: WindowChoice, today: string): { from: string; to: string } {
  switch (choice.kind) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const d = addDays(today, -1);
      return { from: d, to: d };
    }
    case "day":
      return { from: choice.date, to: choice.date };
    case "range":
      return { from: choice.from, to: choice.to };
    case "week": {
      const monday = addDays(today, 1 - isoWeekday(today));
      return { from: monday, to: addDays(monday, 6) };
    }
    case "month": {
      const first = `${today.slice(0, 8)}01`;
      return { from: first, to: addDays(addDays(first, 32).slice(0, 8) + "01", -1) };
    }
  }
}

/**
 * The days from `from` to `to` (inclusive) in `zone`, with the instants
 * where each begins and ends (a daylight-saving day is 23 or 25 hours).
 *
 * @example
 * ```ts
 * reportWindow("2026-03-02", "2026-03-02", new Zone("Europe/Berlin")).days[0].start;
 * // Date.parse("2026-03-01T23:00:00Z")
 * ```
 */
export function reportWindow(from: string, to: string, zone: Zone): ReportWindow {
  const days: WindowDay[] = [];
  let start = zone.dayStart(from);
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const end = zone.dayStart(addDays(date, 1));
    const first = zone.offsetMinutes(start);
    const steady = first === zone.offsetMinutes(end - 1) && end - start === 86_400_000;
    days.push({ date, start, end, offset: steady ? first : null });
    start = end;
  }
  return { from, to, zone, days, start: days[0].start, end: days[days.length - 1].end };
}
