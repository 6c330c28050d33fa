/** The runtime's sense of time; tests pass a fake one. */
export interface Clock {
  /**
   * Milliseconds of real elapsed time: never jumps with the wall clock, and
   * includes time the machine slept (so a cooldown runs out across a sleep).
   */
  now(): number;
  /** The wall clock, in epoch milliseconds (only for judging plugin timestamps and restarts). */
  wallNow(): number;
  /** Resolves after `ms` or when `signal` aborts, whichever is first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Reads the OS's time since boot including suspend (ms), or `null` where unknown. */
export type BootClock = () => number | null;

/** Linux's `/proc/uptime` counts suspended time, unlike `performance.now()`. */
export const linuxBootClock: BootClock = () => {
  try {
    return Number(Deno.readTextFileSync("/proc/uptime").split(" ")[0]) * 1000;
  } catch {
    return null;
  }
};

/**
 * The real clock: `performance.now()` (monotonic, but paused while the
 * machine sleeps on Linux and macOS) plus the suspended time the boot clock
 * reveals, so a segment open at suspend closes when the machine wakes.
 *
 * @example
 * ```ts
 * const clock = new SystemClock();
 * clock.now();
 * ```
 */
export class SystemClock implements Clock {
  readonly #boot: BootClock;
  readonly #monotonic: () => number;
  readonly #bootStart: number | null;
  readonly #monoStart: number;
  #suspendedMs = 0;

  /** @param boot time since boot incl. suspend; @param monotonic a clock paused during suspend. */
  constructor(boot: BootClock = linuxBootClock, monotonic: () => number = () => performance.now()) {
    this.#boot = boot;
    this.#monotonic = monotonic;
    this.#bootStart = boot();
    this.#monoStart = monotonic();
  }

  now(): number {
    const mono = this.#monotonic();
    const boot = this.#bootStart === null ? null : this.#boot();
    if (boot !== null) {
      // Suspend only ever adds: a boot clock a little behind (coarse ticks) is not a sleep.
      const suspended = boot - this.#bootStart! - (mono - this.#monoStart);
      if (suspended > this.#suspendedMs + 1000) this.#suspendedMs = suspended;
    }
    return mono + this.#suspendedMs;
  }

  wallNow(): number {
    return Date.now();
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return sleep(ms, signal);
  }
}

/**
 * The longest delay one timer can hold (2^31 − 1 ms, 24.8 days): Deno, like
 * browsers, fires a longer `setTimeout` after 1 ms.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The longest duration the configuration accepts (24 days, in seconds), so
 * every timer MiMoLo arms from it stays within {@linkcode MAX_TIMER_MS}.
 */
export const MAX_DURATION_S = 24 * 24 * 3600;

/**
 * Resolves after `ms` or when `signal` aborts, whichever is first. Any length
 * works (`Infinity`: until aborted): a wait beyond {@linkcode MAX_TIMER_MS}
 * is made of several timers, so it never fires early. Every long wait in
 * MiMoLo goes through here.
 *
 * @example
 * ```ts
 * await sleep(100, new AbortController().signal);
 * ```
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    let left = ms > 0 ? ms : 0;
    let timer = arm();
    signal.addEventListener("abort", done, { once: true });
    function arm() {
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      return setTimeout(() => left > 0 ? timer = arm() : done(), step);
    }
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** A plugin worker's clock: `performance.now()` (it may not read the boot clock) and {@linkcode sleep}. */
export const workerClock: Pick<Clock, "now" | "sleep"> = {
  now: () => performance.now(),
  sleep,
};

/**
 * Rounds a deadline up to the scheduler's tick, so deadlines close together
 * share one wake-up (`poll_tick_ms`).
 *
 * @example
 * ```ts
 * alignToTick(1030, 200); // 1200
 * ```
 */
export function alignToTick(deadlineMs: number, tickMs: number): number {
  return Math.ceil(deadlineMs / tickMs) * tickMs;
}
