import { localIso, type Zone } from "../time/mod.ts";
import type { ReportParts, ReportSegment } from "./model.ts";
import { PartTable, type SharedValues } from "./part_table.ts";
import type { WindowDay } from "./window.ts";

/** Parts per page of the store. */
const PAGE = 4096;

/**
 * The parts of finished days, for the formats that list them (JSON, HTML
 * timelines), in pages of {@linkcode PartTable}: about 32 bytes a part, so a year
 * of 100 segments a day is a little over a megabyte.
 *
 * @example
 * ```ts
 * const store = new PartStore(window.days.length);
 * store.add(0, openParts, openParts.order());
 * store.reader(window.days, zone, values, display).of(0);
 * ```
 */
export class PartStore {
  /** Pages of `PAGE` parts: the store grows without copying what it holds. */
  readonly #pages: PartTable[] = [];
  #count = 0;
  readonly #from: Int32Array;
  readonly #to: Int32Array;
  /** Parts that came after their day was stored (rare: see `Summariser`), and their days. */
  readonly #late = new PartTable(8);
  readonly #lateDays: number[] = [];

  /** @param days how many days the window has. */
  constructor(days: number) {
    this.#from = new Int32Array(days);
    this.#to = new Int32Array(days);
  }

  /** Stores the finished day `day`'s parts: the rows `rows` of `parts`, in start order. */
  add(day: number, parts: PartTable, rows: readonly number[]): void {
    this.#from[day] = this.#count;
    for (const row of rows) {
      if (this.#count % PAGE === 0) this.#pages.push(new PartTable(PAGE));
      this.#pages[this.#pages.length - 1].copy(parts, row);
      this.#count++;
    }
    this.#to[day] = this.#count;
  }

  /** Stores a part of a day already stored (the numbers of its shared values as in `PartTable`). */
  addLate(
    day: number,
    start: number,
    end: number,
    keys: number,
    labels: number,
    host: number,
    folders: number,
  ): void {
    this.#late.push(start, end, keys, labels, host, folders);
    this.#lateDays.push(day);
  }

  /**
   * The stored parts as report segments, with local times in `zone`, shared
   * values from `values`, and key lists shown by `display`.
   */
  reader(
    days: readonly WindowDay[],
    zone: Zone,
    values: SharedValues,
    display: (keys: readonly number[]) => string[],
  ): ReportParts {
    return {
      of: (day: number): ReportSegment[] => {
        const offset = days[day].offset ?? undefined;
        const segment = (t: PartTable, j: number): ReportSegment => ({
          start: localIso(t.start[j], zone, offset),
          end: localIso(t.end[j], zone, offset),
          seconds: (t.end[j] - t.start[j]) / 1000,
          keys: display(values.get(t.keys[j])),
          labels: values.get(t.labels[j]),
          host: values.get(t.host[j]),
          folders: values.get(t.folders[j]),
        });
        const rows: [PartTable, number][] = [];
        for (let j = this.#from[day]; j < this.#to[day]; j++) {
          rows.push([this.#pages[Math.floor(j / PAGE)], j % PAGE]);
        }
        this.#lateDays.forEach((d, j) => d === day && rows.push([this.#late, j]));
        if (rows.length > this.#to[day] - this.#from[day]) {
          rows.sort(([a, i], [b, j]) => a.start[i] - b.start[j] || a.end[i] - b.end[j]);
        }
        return rows.map(([t, j]) => segment(t, j));
      },
    };
  }
}
