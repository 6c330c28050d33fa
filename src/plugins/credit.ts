// Taken before any plugin code runs in the worker, so a plugin replacing the
// globals cannot fake its credit.
const { add, compareExchange, load } = Atomics;
const Int32 = Int32Array;

/** How many of an infrequent plugin's events may wait to be written (each is a record of its own). */
export const EVENT_CREDIT = 100;

/**
 * How many of any other plugin's events may be on their way to the journal:
 * one. Such an event is journaled as soon as the host receives it, so this
 * costs nothing while the host keeps up; when it lags (a loaded machine, a
 * slow disk), the plugin's polls are skipped rather than queued, and a
 * SIGKILL can lose at most the one event in flight, never a queue of them.
 */
export const JOURNAL_CREDIT = 1;

/**
 * How many more events a plugin's worker may emit, in shared memory: the
 * worker takes one before each poll (and gives it back if the poll found
 * nothing or failed), the host gives one back once an event is dealt with.
 * A worker without credit skips its polls, so a plugin can never get more
 * than its bound ({@linkcode EVENT_CREDIT} for infrequent plugins,
 * {@linkcode JOURNAL_CREDIT} for the others) events ahead of the log,
 * however slow the log or the host's messages.
 *
 * @example
 * ```ts
 * const credit = new EventCredit(); // host side
 * const inWorker = new EventCredit(credit.counter.buffer);
 * inWorker.take(); // true, 99 left
 * credit.give();
 * ```
 */
export class EventCredit {
  /** The counter; the worker gets its buffer. */
  readonly counter: Int32Array<SharedArrayBuffer>;
  readonly #max: number;

  /**
   * @param buffer an existing credit's buffer (in the worker), or none for a
   * new one holding `max` (in the host), which {@linkcode give} never exceeds.
   */
  constructor(buffer?: SharedArrayBuffer, max = EVENT_CREDIT) {
    this.counter = new Int32(buffer ?? new SharedArrayBuffer(4));
    if (buffer === undefined) add(this.counter, 0, max);
    this.#max = buffer === undefined ? max : Infinity;
  }

  /** Takes one unit; `false` (taking nothing) if none is left. */
  take(): boolean {
    while (true) {
      const left = load(this.counter, 0);
      if (left <= 0) return false;
      if (compareExchange(this.counter, 0, left, left - 1) === left) return true;
    }
  }

  /**
   * Gives one unit back, unless it is full: a grant for an event of an
   * earlier worker, or one counted twice, can never lift the bound.
   */
  give(): void {
    while (true) {
      const left = load(this.counter, 0);
      if (left >= this.#max) return;
      if (compareExchange(this.counter, 0, left, left + 1) === left) return;
    }
  }

  /** Units left now. */
  get left(): number {
    return load(this.counter, 0);
  }
}
