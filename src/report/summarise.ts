import { basename, dirname } from "node:path";
import type { EventRecord, LogRecord, SegmentRecord } from "@mimolo/sdk";
import { localIso } from "../time/mod.ts";
import type {
  ReportBy,
  ReportDay,
  ReportDayRow,
  ReportModel,
  ReportRow,
  ReportSegment,
} from "./model.ts";
import type { Project } from "./projects.ts";
import type { ReportWindow, WindowDay } from "./window.ts";

/** What the summariser needs besides the records. */
export interface SummaryOptions {
  /** The days to report. */
  window: ReportWindow;
  /** What rows are keyed by. */
  by: ReportBy;
  /** A folder's project (see `ProjectResolver`). */
  projectOf: (folder: string) => Project;
}

/** A key before display names are settled. */
interface KeyInfo {
  name: string;
  root: string | null;
  /** What the key is, to tell two keys of one name apart. */
  kind: "project" | "label" | "plain";
}

/** A segment part as kept until the end: instants, and key ids into `#keys`. */
interface Part {
  start: number;
  end: number;
  ms: number;
  keys: string[];
  labels: string[];
  host: string;
  folders: string[];
}

interface Tally {
  ms: number;
  segments: number;
}

/**
 * Turns records into a report: pure (records, window and attribution rules
 * in, one {@linkcode ReportModel} out; no clock, no files). Records are
 * added one at a time and only the window's parts are kept, so memory
 * follows the window, not the history read.
 *
 * Each segment's `[start, end]` is clipped to each local day; a part that
 * belongs to k keys gives each key 1/k of its milliseconds (the remainder,
 * under k ms, to the first keys by id), so rows add up to the total
 * exactly. Identical records (the same host, times and labels, or the same
 * event id) seen twice, e.g. in two copies of a log folder, count once.
 *
 * @example
 * ```ts
 * const summary = new Summariser({ window, by: "project", projectOf });
 * for (const r of records) summary.add(r);
 * const model = summary.finish();
 * ```
 */
export class Summariser {
  readonly #o: SummaryOptions;
  readonly #keys = new Map<string, KeyInfo>();
  readonly #parts: Part[][];
  readonly #totals = new Map<string, Tally>();
  readonly #dayTotals: Map<string, Tally>[];
  readonly #standalone = new Map<string, number>();
  readonly #seen = new Set<string>();
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, string[][]>();
  #segments = 0;

  /** @param options window, grouping and attribution. */
  constructor(options: SummaryOptions) {
    this.#o = options;
    this.#parts = options.window.days.map(() => []);
    this.#dayTotals = options.window.days.map(() => new Map());
  }

  /** Counts one record (records outside the window are ignored). */
  add(record: LogRecord): void {
    if (record.type === "segment") this.#addSegment(record);
    else this.#addEvent(record);
  }

  #addEvent(r: EventRecord): void {
    const t = Date.parse(r.timestamp);
    const w = this.#o.window;
    if (!(t >= w.start && t < w.end)) return;
    if (!this.#firstTime(`e\0${r.host ?? ""}\0${r.id}\0${r.timestamp}\0${r.label}`)) return;
    this.#standalone.set(r.label, (this.#standalone.get(r.label) ?? 0) + 1);
  }

  #addSegment(r: SegmentRecord): void {
    const s = Date.parse(r.start);
    const e = Math.max(s, Date.parse(r.end));
    const days = this.#o.window.days;
    let i = firstDayEndingAfter(days, s);
    if (i >= days.length || !(days[i].start <= e)) return;
    if (!this.#firstTime(`s\0${r.host ?? ""}\0${r.start}\0${r.end}\0${r.labels.join(",")}`)) {
      return;
    }
    const host = this.#intern(r.host ?? "unknown");
    const labels = this.#internList(r.labels);
    const folders = this.#internList(foldersOf(r));
    const counted = new Set<string>();
    for (; i < days.length && days[i].start <= e; i++) {
      const day = days[i];
      const start = Math.max(s, day.start);
      const end = Math.min(e, day.end);
      const instant = s === e && s >= day.start && s < day.end;
      if (!(end > start || instant)) continue;
      const keys = this.#keysOf(day, labels, host, folders);
      const part: Part = { start, end, ms: end - start, keys, labels, host, folders };
      this.#parts[i].push(part);
      this.#tally(part, this.#dayTotals[i], null);
      this.#tally(part, this.#totals, counted);
    }
    if (counted.size > 0) this.#segments++;
  }

  /** Adds a part's milliseconds, split over its keys, to `tallies`. */
  #tally(part: Part, tallies: Map<string, Tally>, counted: Set<string> | null): void {
    const k = part.keys.length;
    const base = Math.floor(part.ms / k);
    const remainder = part.ms - base * k;
    part.keys.forEach((key, j) => {
      const tally = tallies.get(key) ?? { ms: 0, segments: 0 };
      tally.ms += base + (j < remainder ? 1 : 0);
      if (counted === null || !counted.has(key)) tally.segments++;
      counted?.add(key);
      tallies.set(key, tally);
    });
  }

  /** The key ids a part counts toward, sorted. */
  #keysOf(day: WindowDay, labels: string[], host: string, folders: string[]): string[] {
    const ids = new Set<string>();
    const byLabel = () => {
      for (const l of labels) {
        ids.add(this.#key(`label:${l}`, { name: l, root: null, kind: "label" }));
      }
    };
    switch (this.#o.by) {
      case "day":
        ids.add(this.#key(day.date, { name: day.date, root: null, kind: "plain" }));
        break;
      case "host":
        ids.add(this.#key(`host:${host}`, { name: host, root: null, kind: "plain" }));
        break;
      case "label":
        byLabel();
        break;
      case "folder":
        for (const f of folders) {
          ids.add(this.#key(`dir:${f}`, { name: f, root: null, kind: "plain" }));
        }
        if (folders.length === 0) byLabel();
        break;
      case "project":
        for (const f of folders) {
          const p = this.#o.projectOf(f);
          ids.add(this.#key(p.id, { name: p.name, root: p.root, kind: "project" }));
        }
        if (folders.length === 0) byLabel();
        break;
    }
    if (ids.size === 0) {
      ids.add(this.#key("label:unknown", { name: "unknown", root: null, kind: "label" }));
    }
    return this.#internList([...ids].sort());
  }

  #key(id: string, info: KeyInfo): string {
    if (!this.#keys.has(id)) this.#keys.set(id, info);
    return id;
  }

  /**
   * One shared array per distinct list (segments mostly repeat their
   * folders and labels), found by length and ends, then compared in full.
   */
  #internList(list: readonly string[]): string[] {
    const bucket = `${list.length}\n${list[0] ?? ""}\n${list[list.length - 1] ?? ""}`;
    const candidates = this.#lists.get(bucket);
    const known = candidates?.find((c) => c.every((s, i) => s === list[i]));
    if (known !== undefined) return known;
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

  #firstTime(identity: string): boolean {
    if (this.#seen.has(identity)) return false;
    this.#seen.add(identity);
    return true;
  }

  /** The report of everything added. */
  finish(): ReportModel {
    const { window, by } = this.#o;
    const names = displayNames(this.#keys);
    const totalMs = [...this.#totals.values()].reduce((sum, t) => sum + t.ms, 0);
    const order = (a: [string, Tally], b: [string, Tally]) =>
      by === "day"
        ? names.get(a[0])!.localeCompare(names.get(b[0])!)
        : b[1].ms - a[1].ms || names.get(a[0])!.localeCompare(names.get(b[0])!);
    const sorted = [...this.#totals.entries()].sort(order);
    const rank = new Map(sorted.map(([id], i) => [id, i]));
    const rows: ReportRow[] = sorted.map(([id, t]) => ({
      key: names.get(id)!,
      seconds: t.ms / 1000,
      share: totalMs === 0 ? 0 : Math.round((t.ms / totalMs) * 10_000) / 10_000,
      segments: t.segments,
      root: this.#keys.get(id)!.root,
    }));
    // Key lists are shared arrays (see #internList): their display form is made once each.
    const shown = new Map<string[], string[]>();
    const display = (keys: string[]) => {
      let out = shown.get(keys);
      if (out === undefined) {
        out = [...keys].sort((a, b) => rank.get(a)! - rank.get(b)!).map((id) => names.get(id)!);
        shown.set(keys, out);
      }
      return out;
    };
    const days: ReportDay[] = window.days.map((day, i) => {
      const dayRows: ReportDayRow[] = [...this.#dayTotals[i].entries()]
        .sort((a, b) => rank.get(a[0])! - rank.get(b[0])!)
        .map(([id, t]) => ({ key: names.get(id)!, seconds: t.ms / 1000, segments: t.segments }));
      const parts = this.#parts[i].sort((a, b) => a.start - b.start || a.end - b.end);
      const dayMs = [...this.#dayTotals[i].values()].reduce((sum, t) => sum + t.ms, 0);
      return {
        date: day.date,
        total_s: dayMs / 1000,
        rows: dayRows,
        segments: parts.map((p): ReportSegment => ({
          start: localIso(p.start, window.zone, day.offset ?? undefined),
          end: localIso(p.end, window.zone, day.offset ?? undefined),
          seconds: p.ms / 1000,
          keys: display(p.keys),
          labels: p.labels,
          host: p.host,
          folders: p.folders,
        })),
      };
    });
    return {
      from: window.from,
      to: window.to,
      tz: window.zone.name,
      by,
      total_s: totalMs / 1000,
      segments: this.#segments,
      rows,
      days,
      standalone: [...this.#standalone.entries()].sort((a, b) => a[0].localeCompare(b[0])).map((
        [label, count],
      ) => ({ label, count })),
    };
  }
}

/**
 * Each key's display name: its name, unless two keys share it (two
 * projects called `api` in different places), then the name with its
 * parent folder's name (or its whole path if that is not enough), or with
 * "(plugin)" for a label.
 */
function displayNames(keys: Map<string, KeyInfo>): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const [id, info] of keys) byName.set(info.name, [...(byName.get(info.name) ?? []), id]);
  const names = new Map<string, string>();
  for (const [name, ids] of byName) {
    if (ids.length === 1) {
      names.set(ids[0], name);
      continue;
    }
    const short = (info: KeyInfo) =>
      info.kind === "label"
        ? `${name} (plugin)`
        : info.root === null
        ? name
        : `${name} (${basename(dirname(info.root))})`;
    const shorts = ids.map((id) => short(keys.get(id)!));
    ids.forEach((id, i) => {
      const info = keys.get(id)!;
      const unique = shorts.indexOf(shorts[i]) === shorts.lastIndexOf(shorts[i]);
      names.set(id, unique || info.root === null ? shorts[i] : `${name} (${info.root})`);
    });
  }
  return names;
}

/** The folders a segment's aggregated data names (`aggregated.folders`, flattened if raw). */
function foldersOf(r: SegmentRecord): string[] {
  const value = r.aggregated.folders;
  if (!Array.isArray(value)) return [];
  if (isCleanList(value)) return value;
  const out = new Set<string>();
  for (const v of value.flat()) {
    if (typeof v === "string" && v !== "") out.add(v.length > 1 ? v.replace(/[\\/]+$/, "") : v);
  }
  return [...out].sort();
}

/**
 * Whether a list is already what `foldersOf` makes (folderwatch's filter
 * writes it so): sorted, unique, non-empty strings, none ending in a separator.
 */
function isCleanList(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "string" || v === "") return false;
    const last = v.charCodeAt(v.length - 1);
    if (v.length > 1 && (last === 47 || last === 92)) return false;
    if (i > 0 && !((list[i - 1] as string) < v)) return false;
  }
  return true;
}

/** Index of the first day whose end is after `t` (binary search). */
function firstDayEndingAfter(days: readonly WindowDay[], t: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid].end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
