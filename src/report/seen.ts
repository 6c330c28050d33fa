/**
 * The segments a report has counted, to count a record found twice (two
 * copies of a log folder) once: identified by start, end, host and labels
 * (the numbers of shared values), in typed arrays, so remembering them
 * costs the garbage collector nothing. Two generations: once every record
 * still to come ends after the latest end in the older one (see `settle`),
 * no record in it can be met again, and it is emptied and reused.
 *
 * @example
 * ```ts
 * const seen = new SeenSegments();
 * seen.first(start, end, host, labels); // true
 * seen.first(start, end, host, labels); // false
 * ```
 */
export class SeenSegments {
  #old = new Generation();
  #new = new Generation();

  /** Whether this segment is met for the first time (it is remembered). */
  first(start: number, end: number, host: number, labels: number): boolean {
    const hash = hashOf(start, end, host, labels);
    if (this.#old.has(hash, start, end, host, labels)) return false;
    if (this.#new.has(hash, start, end, host, labels)) return false;
    this.#new.add(hash, start, end, host, labels);
    return true;
  }

  /** Hears that every record still to come ends at or after `floor` (epoch ms). */
  settle(floor: number): void {
    if (this.#old.maxEnd < floor) {
      this.#old.clear();
      [this.#old, this.#new] = [this.#new, this.#old];
    }
  }
}

/** An open-addressed hash table of segments in typed arrays. */
class Generation {
  #heads = new Int32Array(256).fill(-1);
  #next = new Int32Array(128);
  #start = new Float64Array(128);
  #end = new Float64Array(128);
  #host = new Int32Array(128);
  #labels = new Int32Array(128);
  #count = 0;
  maxEnd = -Infinity;

  has(hash: number, start: number, end: number, host: number, labels: number): boolean {
    for (let i = this.#heads[hash & (this.#heads.length - 1)]; i >= 0; i = this.#next[i]) {
      if (
        this.#start[i] === start && this.#end[i] === end && this.#host[i] === host &&
        this.#labels[i] === labels
      ) return true;
    }
    return false;
  }

  add(hash: number, start: number, end: number, host: number, labels: number): void {
    if (this.#count === this.#start.length) this.#grow();
    const i = this.#count++;
    this.#start[i] = start;
    this.#end[i] = end;
    this.#host[i] = host;
    this.#labels[i] = labels;
    this.#link(i, hash);
    if (end > this.maxEnd) this.maxEnd = end;
  }

  clear(): void {
    this.#heads.fill(-1);
    this.#count = 0;
    this.maxEnd = -Infinity;
  }

  #link(i: number, hash: number): void {
    const bucket = hash & (this.#heads.length - 1);
    this.#next[i] = this.#heads[bucket];
    this.#heads[bucket] = i;
  }

  #grow(): void {
    const n = this.#start.length * 2;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.#start = grow(this.#start, (n) => new Float64Array(n));
    this.#end = grow(this.#end, (n) => new Float64Array(n));
    this.#host = grow(this.#host, (n) => new Int32Array(n));
    this.#labels = grow(this.#labels, (n) => new Int32Array(n));
    this.#next = new Int32Array(n);
    this.#heads = new Int32Array(n * 2).fill(-1);
    for (let i = 0; i < this.#count; i++) {
      this.#link(i, hashOf(this.#start[i], this.#end[i], this.#host[i], this.#labels[i]));
    }
  }
}

/** A 32-bit hash of a segment's identity. */
function hashOf(start: number, end: number, host: number, labels: number): number {
  let h = Math.imul((start >>> 0) ^ Math.floor(start / 4_294_967_296), 0x9e3779b1);
  h = Math.imul(h ^ (end >>> 0) ^ Math.floor(end / 4_294_967_296), 0x85ebca6b);
  h = Math.imul(h ^ host ^ (labels << 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}
