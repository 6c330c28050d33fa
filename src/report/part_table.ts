/**
 * Shared values (a host name, a label, folder or key list) numbered, so a
 * part can name them with small integers in a typed array.
 *
 * @example
 * ```ts
 * const values = new SharedValues();
 * values.get(values.number(["a"])); // ["a"]
 * ```
 */
export class SharedValues {
  readonly #numbers = new Map<unknown, number>();
  readonly #values: unknown[] = [];

  /** The number of `value` (compared by identity: pass shared lists). */
  number(value: unknown): number {
    let n = this.#numbers.get(value);
    if (n === undefined) {
      n = this.#values.push(value) - 1;
      this.#numbers.set(value, n);
    }
    return n;
  }

  /** The value numbered `n`. */
  get<T>(n: number): T {
    return this.#values[n] as T;
  }
}

/**
 * Segment parts in columns of numbers: start and end (epoch ms), and the
 * {@linkcode SharedValues} numbers of its key list, labels, host and
 * folders. About 32 bytes a part, in typed arrays that the garbage collector
 * never has to trace or move, however many parts there are.
 *
 * @example
 * ```ts
 * const table = new PartTable();
 * const row = table.push(start, end, keys, labels, host, folders);
 * table.end[row] - table.start[row];
 * ```
 */
export class PartTable {
  /** Start of each part (epoch ms). */
  start: Float64Array;
  /** End of each part (epoch ms). */
  end: Float64Array;
  /** Number of each part's key list. */
  keys: Int32Array;
  /** Number of each part's labels. */
  labels: Int32Array;
  /** Number of each part's host. */
  host: Int32Array;
  /** Number of each part's folders. */
  folders: Int32Array;
  /** How many parts it holds. */
  length = 0;

  /** @param capacity parts before the columns first grow. */
  constructor(capacity = 128) {
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.keys = new Int32Array(capacity);
    this.labels = new Int32Array(capacity);
    this.host = new Int32Array(capacity);
    this.folders = new Int32Array(capacity);
  }

  /** Appends a part; returns its row. */
  push(
    start: number,
    end: number,
    keys: number,
    labels: number,
    host: number,
    folders: number,
  ): number {
    if (this.length === this.start.length) this.#grow();
    const row = this.length++;
    this.start[row] = start;
    this.end[row] = end;
    this.keys[row] = keys;
    this.labels[row] = labels;
    this.host[row] = host;
    this.folders[row] = folders;
    return row;
  }

  /** Appends row `row` of `other`. */
  copy(other: PartTable, row: number): void {
    this.push(
      other.start[row],
      other.end[row],
      other.keys[row],
      other.labels[row],
      other.host[row],
      other.folders[row],
    );
  }

  /** Its rows in start order (then end order). */
  order(): number[] {
    const rows = Array.from({ length: this.length }, (_, i) => i);
    return rows.sort((a, b) => this.start[a] - this.start[b] || this.end[a] - this.end[b]);
  }

  #grow(): void {
    const n = this.start.length * 2;
    const f64 = (old: Float64Array) => {
      const next = new Float64Array(n);
      next.set(old);
      return next;
    };
    const i32 = (old: Int32Array) => {
      const next = new Int32Array(n);
      next.set(old);
      return next;
    };
    this.start = f64(this.start);
    this.end = f64(this.end);
    this.keys = i32(this.keys);
    this.labels = i32(this.labels);
    this.host = i32(this.host);
    this.folders = i32(this.folders);
  }
}
