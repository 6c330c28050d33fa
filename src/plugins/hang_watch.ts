// Taken before any plugin code runs in the worker, so a plugin replacing the
// globals cannot get hold of the counter's buffer (and fake its polls).
const { add, load } = Atomics;
const Int32 = Int32Array;

/**
 * A counter in shared memory that a plugin's worker bumps when a poll starts
 * and again when it ends: odd while a poll runs. The host reads it without
 * a message, so checking for hangs never wakes the worker.
 */
export class PollBeat {
  /** The counter; the worker gets its buffer. */
  readonly counter: Int32Array<SharedArrayBuffer>;

  /** @param buffer an existing beat's buffer (in the worker), or a new one (in the host). */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.counter = new Int32(buffer);
  }

  /** Marks a poll as started or finished. */
  bump(): void {
    add(this.counter, 0, 1);
  }

  /** The counter's value now. */
  get value(): number {
    return load(this.counter, 0);
  }

  /** Whether a poll is running now. */
  get polling(): boolean {
    return (this.value & 1) === 1;
  }
}

/** What counts as stuck for one watched loop. */
export interface WatchLimits {
  /** How long one poll may run. */
  timeoutMs: number;
  /**
   * The longest a running loop may go between one poll's end and the next
   * one's start; a loop idle for this plus `timeoutMs` is stuck outside a
   * poll (its worker busy in a timer callback, say). Not checked if omitted.
   */
  maxGapMs?: number;
  /** Whether the worker is answering a request, which has a deadline of its own: gaps wait. */
  busy?: () => boolean;
}

/** How a watched loop got stuck: in a poll, or between polls. */
export type Stuck = "poll" | "gap";

interface Watched extends WatchLimits {
  beat: PollBeat;
  onHang: (stuck: Stuck) => void;
  seen: number;
  seenAtMs: number;
}

/**
 * Watches the poll beats of running plugin loops with one timer for all of
 * them, checking every quarter of the shortest timeout. A poll still running
 * on two checks at least `timeoutMs` apart counts as hung, so one is caught
 * between its timeout and one and a half times it; a loop that starts no
 * poll for `maxGapMs + timeoutMs` is stuck between polls. Either costs no
 * wake-up of the worker. The timer does not keep the process alive.
 *
 * @example
 * ```ts
 * const hangs = new HangWatch();
 * hangs.watch("example", beat, { timeoutMs: 10_000, maxGapMs: 65_000 }, () => worker.terminate());
 * hangs.unwatch("example");
 * ```
 */
export class HangWatch {
  readonly #watched = new Map<string, Watched>();
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | null = null;
  #periodMs = Infinity;

  /** @param now a monotonic clock in ms. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Starts watching `key`'s beat; `onHang` runs once if the loop gets stuck. */
  watch(key: string, beat: PollBeat, limits: WatchLimits, onHang: (stuck: Stuck) => void): void {
    this.#watched.set(key, { ...limits, beat, onHang, seen: beat.value, seenAtMs: this.#now() });
    this.#retime();
  }

  /** Stops watching `key`. */
  unwatch(key: string): void {
    if (this.#watched.delete(key)) this.#retime();
  }

  /** One check of every beat (the timer calls this; tests call it with their own clock). */
  check(): void {
    const now = this.#now();
    for (const [key, w] of this.#watched) {
      const value = w.beat.value;
      const polling = (value & 1) === 1;
      if (value !== w.seen || (!polling && w.busy?.())) {
        w.seen = value;
        w.seenAtMs = now;
      } else if (now - w.seenAtMs >= (polling ? 0 : w.maxGapMs ?? Infinity) + w.timeoutMs) {
        this.unwatch(key);
        w.onHang(polling ? "poll" : "gap");
      }
    }
  }

  #retime(): void {
    const periodMs = Math.min(...[...this.#watched.values()].map((w) => w.timeoutMs / 4));
    if (periodMs === this.#periodMs) return;
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#periodMs = periodMs;
    if (!Number.isFinite(periodMs)) return;
    const timer = setInterval(() => this.check(), periodMs);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }
}
