/** What report rows are keyed by. */
export const REPORT_BY = ["project", "folder", "label", "host", "day"] as const;
/** A `--by` value. */
export type ReportBy = typeof REPORT_BY[number];

/**
 * One row of a report: a key and the time attributed to it. A segment that
 * belongs to k keys gives each 1/k of its time, so rows add up to the total.
 */
export interface ReportRow {
  /** The project, folder, label, host or date. */
  key: string;
  /** Seconds attributed to the key (millisecond precision). */
  seconds: number;
  /** `seconds / total_s`, rounded to 4 decimals (0 when the total is 0). */
  share: number;
  /** How many segments gave the key time. */
  segments: number;
  /** For projects: the project's folder (version-control root or first folder below a watched one); otherwise `null`. */
  root: string | null;
}

/** A day's share of one key. */
export interface ReportDayRow {
  /** The key, as in the report's rows. */
  key: string;
  /** Seconds attributed to the key on this day. */
  seconds: number;
  /** How many segments gave the key time on this day. */
  segments: number;
}

/** A segment's part within one local day. */
export interface ReportSegment {
  /** Where the part starts: local ISO-8601 with offset, to the second. */
  start: string;
  /** Where the part ends (the next day's `00:00` when the segment goes on past midnight). */
  end: string;
  /** The part's length in seconds (millisecond precision). */
  seconds: number;
  /** The keys it counts toward (each gets `seconds / keys.length`). */
  keys: string[];
  /** The labels of the plugins whose events made it. */
  labels: string[];
  /** The machine that recorded it (`unknown` for records without `host`). */
  host: string;
  /** The folders its aggregated data names (`aggregated.folders`). */
  folders: string[];
}

/** Cells in a day's strip: one per 15 minutes of the local wall clock, like `timew day`. */
export const STRIP_CELLS = 96;

/**
 * One local calendar day of the window, as every format shows it: numbers
 * only, so a year of days stays small. Its segment parts, where a format
 * lists them, come from {@linkcode ReportModel.parts}.
 */
export interface ReportDay {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Seconds of activity on this day. */
  total_s: number;
  /** Per-key time on this day, in the order of the report's rows. */
  rows: ReportDayRow[];
  /**
   * The key with the most time in each of the day's {@linkcode STRIP_CELLS}
   * wall-clock slices (`null`: no activity; a zero-length segment marks its
   * slice if nothing else does; a tie goes to the key ranked first).
   */
  strip: (string | null)[];
  /** How many segment parts the day has. */
  parts: number;
}

/** A day as `--format json` lists it: its numbers and its segment parts. */
export interface ReportDayJson {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Seconds of activity on this day. */
  total_s: number;
  /** Per-key time on this day, in the order of the report's rows. */
  rows: ReportDayRow[];
  /** The segment parts on this day, in start order. */
  segments: ReportSegment[];
}

/**
 * The segment parts of the report's days, kept compactly (a few numbers a
 * part) and made into {@linkcode ReportSegment}s one day at a time.
 */
export interface ReportParts {
  /** The parts of the window's `day`-th day (0-based), in start order. */
  of(day: number): ReportSegment[];
}

/** How many standalone (infrequent) events a plugin wrote in the window. */
export interface StandaloneCount {
  /** The plugin's label. */
  label: string;
  /** Number of events. */
  count: number;
}

/**
 * The report: the one model that the text, JSON, CSV and HTML renderers
 * show. Its JSON form is `mimolo report --format json` (documented in
 * docs/reports.md; keys are only ever added): the model with each day's
 * `strip` and `parts` replaced by its segment parts.
 */
export interface ReportModel {
  /** First day, `YYYY-MM-DD` (local, inclusive). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** The IANA zone the days are in. */
  tz: string;
  /** What rows are keyed by. */
  by: ReportBy;
  /** Seconds of activity in the window: the sum of the rows. */
  total_s: number;
  /** Segments with time (or a zero-length segment) in the window, each counted once. */
  segments: number;
  /** Keys by time, most first (by date for `--by day`). */
  rows: ReportRow[];
  /** Every day of the window, in order. */
  days: ReportDay[];
  /** Each day's segment parts, when the summariser was asked to keep them (`null` otherwise). */
  parts: ReportParts | null;
  /** Standalone events per label, by label. */
  standalone: StandaloneCount[];
}
