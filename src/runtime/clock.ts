/** The runtime's sense of time; tests pass a fake one. */
export interface Clock {
  /** Monotonic milliseconds: never jumps with the wall clock. */
  now(): number;
  /** Resolves after `ms` or when `signal` aborts, whichever is first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * The real clock: `performance.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, new AbortController().signal);
 * ```
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
    }),
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
