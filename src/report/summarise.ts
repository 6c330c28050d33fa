import type { EventRecord, LogRecord, SegmentRecord } from "@mimolo/sdk";
import { DayStrips, wallClock } from "./day_clock.ts";
import { displayNames, type KeyInfo, KeyRegistry } from "./keys.ts";
import {
  type ReportBy,
  type ReportDay,
  type ReportModel,
  type ReportRow,
  STRIP_CELLS,
} from "./model.ts";
import { PartStore } from "./part_store.ts";
import { PartTable, SharedValues } from "./part_table.ts";
import type { Project } from "./projects.ts";
import { SeenSegments } from "./seen.ts";
import type { ReportWindow } from "./window.ts";

/** What the summariser needs besides the records. */
export interface SummaryOptions {
  /** The days to report. */
  window: ReportWindow;
  /** What rows are keyed by. */
  by: ReportBy;
  /** A folder's project (see `ProjectResolver`). */
  projectOf: (folder: string) => Project;
  /** Whether to keep every segment part for `model.parts` (JSON, HTML timelines). */
  keepParts: boolean;
}

const DAY_MS = 86_400_000;

/**
 * How long after a day ends the summariser still expects records that reach
 * into it: a day is finished (its strip made, its parts stored or dropped)
 * once every record still to come ends at least this long after it. A longer
 * segment still counts in full; only its share of a finished day's strip is
 * approximate (see `DayStrips.addLate`).
 */
const FINISH_AFTER_MS = DAY_MS;

interface Tally {
  ms: number;
  segments: number;
}

const EMPTY_STRIP: (string | null)[] = Array(STRIP_CELLS).fill(null);
const NO_FOLDERS: readonly string[] = [];

/**
 * Turns records into a report: pure (records, window and attribution rules
 * in, one {@linkcode ReportModel} out; no clock, no files). Records are
 * added one at a time, and `settle` says how far the stream has gone: the
 * days behind it are finished. What it holds is the open days' parts (a day
 * or two), each finished day's numbers (per-key time, its strip), and the
 * window's totals; with `keepParts`, also every part in columns of numbers
 * ({@linkcode PartStore}). Per record it keeps nothing the garbage
 * collector has to trace, so a year costs as little memory as a day.
 *
 * Each segment's `[start, end]` is clipped to each local day; a part that
 * belongs to k keys gives each key 1/k of its milliseconds (the remainder,
 * under k ms, to the first keys by identity), so rows add up to the total
 * exactly. Identical records (the same host, start, end and labels, or the
 * same event) seen twice, e.g. in two copies of a log folder, count once.
 *
 * @example
 * ```ts
 * const summary = new Summariser({ window, by: "project", projectOf, keepParts: false });
 * for (const r of records) summary.add(r);
 * const model = summary.finish();
 * ```
 */
export class Summariser {
  readonly #o: SummaryOptions;
  readonly #keys = new KeyRegistry();
  readonly #values = new SharedValues();
  readonly #totals = new Map<number, Tally>();
  /** Per day: key number → milliseconds, and → segments. */
  readonly #dayMs: (Map<number, number> | undefined)[];
  readonly #daySegments: (Map<number, number> | undefined)[];
  readonly #partCounts: Int32Array;
  /** The open days' parts (tables reused from `#spare`). */
  readonly #open: (PartTable | undefined)[];
  readonly #spare: PartTable[] = [];
  readonly #strips: DayStrips;
  readonly #store: PartStore | null;
  /** Days before this one are finished. */
  #finished = 0;
  readonly #standalone = new Map<string, number>();
  readonly #seen = new SeenSegments();
  /** Counted events, by the UTC day of their time. */
  readonly #seenEvents = new Map<number, Set<string>>();
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, string[][]>();
  /** Raw `aggregated.folders` lists (shared) → the folders they name (shared). */
  readonly #cleanFolders = new Map<readonly string[], readonly string[]>();
  /** What a part counts toward, by the shared list, host or day it comes from. */
  readonly #keysByFolders = new Map<readonly string[], readonly number[]>();
  readonly #keysByLabels = new Map<readonly string[], readonly number[]>();
  readonly #keysByHost = new Map<string, readonly number[]>();
  readonly #keysByDay = new Map<number, readonly number[]>();
  readonly #counted = new Set<number>();
  #segments = 0;

  /** @param options window, grouping, attribution and whether to keep parts. */
  constructor(options: SummaryOptions) {
    this.#o = options;
    const n = options.window.days.length;
    this.#dayMs = Array(n).fill(undefined);
    this.#daySegments = Array(n).fill(undefined);
    this.#partCounts = new Int32Array(n);
    this.#open = Array(n).fill(undefined);
    this.#strips = new DayStrips(n);
    this.#store = options.keepParts ? new PartStore(n) : null;
  }

  /** Counts one record (records outside the window are ignored). */
  add(record: LogRecord): void {
    if (record.type === "segment") this.#addSegment(record);
    else this.#addEvent(record);
  }

  /**
   * Says that every record added from now on ends at or after `floor`
   * (epoch ms; the reader knows it from the files' dates): the days that
   * ended a day before it are finished, and records that cannot be met
   * again are forgotten.
   */
  settle(floor: number): void {
    this.#seen.settle(floor);
    for (const day of this.#seenEvents.keys()) {
      if ((day + 1) * DAY_MS <= floor) this.#seenEvents.delete(day);
    }
    const days = this.#o.window.days;
    while (this.#finished < days.length && days[this.#finished].end + FINISH_AFTER_MS <= floor) {
      this.#finishDay(this.#finished++);
    }
  }

  #addEvent(r: EventRecord): void {
    const t = Date.parse(r.timestamp);
    const w = this.#o.window;
    if (!(t >= w.start && t < w.end)) return;
    const day = Math.floor(t / DAY_MS);
    let seen = this.#seenEvents.get(day);
    if (seen === undefined) this.#seenEvents.set(day, seen = new Set());
    const identity = `${r.host ?? ""}\0${r.id}\0${t}\0${r.label}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    this.#standalone.set(r.label, (this.#standalone.get(r.label) ?? 0) + 1);
  }

  #addSegment(r: SegmentRecord): void {
    const s = Date.parse(r.start);
    const e = Math.max(s, Date.parse(r.end));
    const days = this.#o.window.days;
    let i = firstDayEndingAfter(days, s);
    if (i >= days.length || !(days[i].start <= e)) return;
    const host = this.#intern(r.host ?? "unknown");
    const labels = this.#internList(r.labels);
    const hostNo = this.#values.number(host);
    const labelsNo = this.#values.number(labels);
    if (!this.#seen.first(s, e, hostNo, labelsNo)) return;
    const folders = this.#foldersOf(r);
    const foldersNo = this.#values.number(folders);
    this.#counted.clear();
    let counted = false;
    for (; i < days.length && days[i].start <= e; i++) {
      const day = days[i];
      const start = Math.max(s, day.start);
      const end = Math.min(e, day.end);
      const instant = s === e && s >= day.start && s < day.end;
      if (!(end > start || instant)) continue;
      const keys = this.#keysOf(i, labels, host, folders);
      this.#tallyDay(i, keys, end - start);
      this.#tallyWindow(keys, end - start);
      this.#partCounts[i]++;
      counted = true;
      const keysNo = this.#values.number(keys);
      if (i < this.#finished) {
        this.#addLate(i, start, end, keys, [keysNo, labelsNo, hostNo, foldersNo]);
      } else {
        const table = this.#open[i] ??= this.#spare.pop() ?? new PartTable();
        table.push(start, end, keysNo, labelsNo, hostNo, foldersNo);
      }
    }
    if (counted) this.#segments++;
  }

  /** A part of a day already finished: a segment longer than `FINISH_AFTER_MS`. */
  #addLate(
    i: number,
    start: number,
    end: number,
    keys: readonly number[],
    numbers: [keys: number, labels: number, host: number, folders: number],
  ): void {
    const clock = wallClock(this.#o.window.days[i], this.#o.window.zone);
    const from = clock(start);
    this.#strips.addLate(i, { from, to: Math.max(from, clock(end)), keys });
    this.#store?.addLate(i, start, end, ...numbers);
  }

  #finishDay(i: number): void {
    const table = this.#open[i];
    if (table === undefined) return;
    this.#open[i] = undefined;
    const rows = table.order();
    const clock = wallClock(this.#o.window.days[i], this.#o.window.zone);
    const parts = rows.map((row) => {
      const from = clock(table.start[row]);
      return {
        from,
        to: Math.max(from, clock(table.end[row])),
        keys: this.#values.get<readonly number[]>(table.keys[row]),
      };
    });
    this.#strips.make(i, parts, (tied) => this.#values.number(this.#keys.shared(tied)));
    this.#store?.add(i, table, rows);
    table.length = 0;
    this.#spare.push(table);
  }

  /** Adds a part's milliseconds, split over its keys, to day `i`. */
  #tallyDay(i: number, keys: readonly number[], ms: number): void {
    const byMs = this.#dayMs[i] ??= new Map();
    const bySegments = this.#daySegments[i] ??= new Map();
    const k = keys.length;
    const base = Math.floor(ms / k);
    const remainder = ms - base * k;
    for (let j = 0; j < k; j++) {
      const key = keys[j];
      byMs.set(key, (byMs.get(key) ?? 0) + base + (j < remainder ? 1 : 0));
      bySegments.set(key, (bySegments.get(key) ?? 0) + 1);
    }
  }

  /** Adds a part's milliseconds to the window's totals; a segment counts once per key. */
  #tallyWindow(keys: readonly number[], ms: number): void {
    const k = keys.length;
    const base = Math.floor(ms / k);
    const remainder = ms - base * k;
    for (let j = 0; j < k; j++) {
      const key = keys[j];
      let t = this.#totals.get(key);
      if (t === undefined) this.#totals.set(key, t = { ms: 0, segments: 0 });
      t.ms += base + (j < remainder ? 1 : 0);
      if (!this.#counted.has(key)) t.segments++;
      this.#counted.add(key);
    }
  }

  /** The key numbers a part on day `i` counts toward (one shared list per source). */
  #keysOf(
    i: number,
    labels: readonly string[],
    host: string,
    folders: readonly string[],
  ): readonly number[] {
    const { by, window, projectOf } = this.#o;
    const plain = (name: string): KeyInfo => ({ name, root: null, kind: "plain" });
    switch (by) {
      case "day": {
        const date = window.days[i].date;
        return this.#keysFor(this.#keysByDay, i, () => [[date, plain(date)]]);
      }
      case "host":
        return this.#keysFor(this.#keysByHost, host, () => [[`host:${host}`, plain(host)]]);
      case "label":
        return this.#labelKeys(labels);
      case "folder":
        if (folders.length === 0) return this.#labelKeys(labels);
        return this.#keysFor(
          this.#keysByFolders,
          folders,
          () => folders.map((f) => [`dir:${f}`, plain(f)]),
        );
      case "project":
        if (folders.length === 0) return this.#labelKeys(labels);
        return this.#keysFor(this.#keysByFolders, folders, () =>
          folders.map((f) => {
            const p = projectOf(f);
            return [p.id, { name: p.name, root: p.root, kind: "project" }];
          }));
    }
  }

  #labelKeys(labels: readonly string[]): readonly number[] {
    return this.#keysFor(
      this.#keysByLabels,
      labels,
      () => labels.map((l) => [`label:${l}`, { name: l, root: null, kind: "label" }]),
    );
  }

  /** The shared key list of `source`, made from `keys()` (identity and info) the first time. */
  #keysFor<T>(
    cache: Map<T, readonly number[]>,
    source: T,
    keys: () => [string, KeyInfo][],
  ): readonly number[] {
    let list = cache.get(source);
    if (list === undefined) {
      const found = new Map(keys());
      if (found.size === 0) {
        found.set("label:unknown", { name: "unknown", root: null, kind: "label" });
      }
      list = this.#keys.list(found.keys(), (id) => found.get(id)!);
      cache.set(source, list);
    }
    return list;
  }

  /** The folders a segment's aggregated data names (`aggregated.folders`, flattened if raw). */
  #foldersOf(r: SegmentRecord): readonly string[] {
    const value = r.aggregated.folders;
    if (!Array.isArray(value)) return NO_FOLDERS;
    if (!value.every((v) => typeof v === "string")) return this.#internList(cleanFolders(value));
    const raw = this.#internList(value);
    let clean = this.#cleanFolders.get(raw);
    if (clean === undefined) {
      clean = isCleanList(raw) ? raw : this.#internList(cleanFolders(raw));
      this.#cleanFolders.set(raw, clean);
    }
    return clean;
  }

  /**
   * One shared array per distinct list (segments mostly repeat their
   * folders and labels), found by first element and length, then compared in full.
   */
  #internList(list: readonly string[]): readonly string[] {
    const bucket = list.length === 0 ? "" : list[0];
    const candidates = this.#lists.get(bucket);
    if (candidates !== undefined) {
      for (const c of candidates) if (sameList(c, list)) return c;
    }
    const copy = list.map((s) => this.#intern(s));
    if (candidates) candidates.push(copy);
    else this.#lists.set(bucket, [copy]);
    return copy;
  }

  #intern(s: string): string {
    const known = this.#strings.get(s);
    if (known !== undefined) return known;
    this.#strings.set(s, s);
    return s;
  }

  /** The report of everything added. */
  finish(): ReportModel {
    this.settle(Infinity);
    const { window, by } = this.#o;
    const names = displayNames(this.#keys.infos);
    const totalMs = [...this.#totals.values()].reduce((sum, t) => sum + t.ms, 0);
    const order = (a: [number, Tally], b: [number, Tally]) =>
      by === "day"
        ? names[a[0]].localeCompare(names[b[0]])
        : b[1].ms - a[1].ms || names[a[0]].localeCompare(names[b[0]]);
    const sorted = [...this.#totals.entries()].sort(order);
    const rank: number[] = [];
    sorted.forEach(([n], i) => rank[n] = i);
    const rows: ReportRow[] = sorted.map(([n, t]) => ({
      key: names[n],
      seconds: t.ms / 1000,
      share: totalMs === 0 ? 0 : Math.round((t.ms / totalMs) * 10_000) / 10_000,
      segments: t.segments,
      root: this.#keys.infos[n].root,
    }));
    const tied = (n: number) => this.#values.get<readonly number[]>(n);
    const days: ReportDay[] = window.days.map((day, i) => {
      const ms = [...(this.#dayMs[i] ?? new Map<number, number>()).entries()]
        .sort((a, b) => rank[a[0]] - rank[b[0]]);
      const segments = this.#daySegments[i];
      return {
        date: day.date,
        total_s: ms.reduce((sum, [, t]) => sum + t, 0) / 1000,
        rows: ms.map(([n, t]) => ({
          key: names[n],
          seconds: t / 1000,
          segments: segments!.get(n)!,
        })),
        strip: this.#partCounts[i] === 0 ? EMPTY_STRIP : this.#strips.keys(i, rank, names, tied),
        parts: this.#partCounts[i],
      };
    });
    // Key lists are shared arrays: their display form is made once each.
    const shown = new Map<readonly number[], string[]>();
    const display = (keys: readonly number[]) => {
      let out = shown.get(keys);
      if (out === undefined) {
        out = [...keys].sort((a, b) => rank[a] - rank[b]).map((n) => names[n]);
        shown.set(keys, out);
      }
      return out;
    };
    return {
      from: window.from,
      to: window.to,
      tz: window.zone.name,
      by,
      total_s: totalMs / 1000,
      segments: this.#segments,
      rows,
      days,
      parts: this.#store?.reader(window.days, window.zone, this.#values, display) ?? null,
      standalone: [...this.#standalone.entries()].sort((a, b) => a[0].localeCompare(b[0])).map((
        [label, count],
      ) => ({ label, count })),
    };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Raw folder values (nested lists where a filter failed) as sorted, unique folders. */
function cleanFolders(value: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const v of value.flat()) {
    if (typeof v === "string" && v !== "") out.add(v.length > 1 ? v.replace(/[\\/]+$/, "") : v);
  }
  return [...out].sort();
}

/**
 * Whether a list is already what `cleanFolders` makes (folderwatch's filter
 * writes it so): sorted, unique, non-empty strings, none ending in a separator.
 */
function isCleanList(list: readonly string[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v === "") return false;
    const last = v.charCodeAt(v.length - 1);
    if (v.length > 1 && (last === 47 || last === 92)) return false;
    if (i > 0 && !(list[i - 1] < v)) return false;
  }
  return true;
}

/** Index of the first day whose end is after `t` (binary search). */
function firstDayEndingAfter(days: readonly { end: number }[], t: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid].end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
