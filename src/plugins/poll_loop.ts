import type { Clock } from "../runtime/clock.ts";

/** The part of a clock a poll loop needs. */
export type LoopClock = Pick<Clock, "now" | "sleep">;

/** Where a running poll loop reports. */
export interface PollListener {
  /** A poll returned something other than `null`. */
  event(value: unknown): void;
  /** A poll threw; the loop has stopped. */
  failed(error: unknown): void;
}

/**
 * Polls one plugin on its interval grid: once at {@linkcode start}, then
 * every `intervalMs` after that first poll began, never two at a time,
 * skipping slots a slow poll missed. Only polls that return something (or
 * fail) are reported, so an idle plugin costs its own timer and nothing
 * else. It runs inside each plugin's worker; tests run it on a fake clock.
 *
 * @example
 * ```ts
 * const loop = new PollLoop(() => plugin.emitEvent(), 5000, clock, listener);
 * const first = await loop.start(); // throws if the first poll does
 * await loop.stop();
 * ```
 */
export class PollLoop {
  readonly #poll: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #clock: LoopClock;
  readonly #listener: PollListener;
  readonly #stop = new AbortController();
  #running: Promise<void> = Promise.resolve();

  /**
   * @param poll one poll; @param intervalMs time between poll starts;
   * @param clock time source; @param listener receives events and the failure that ends the loop.
   */
  constructor(
    poll: () => Promise<unknown>,
    intervalMs: number,
    clock: LoopClock,
    listener: PollListener,
  ) {
    this.#poll = poll;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
    this.#listener = listener;
  }

  /**
   * Polls once and resolves with the result (rejects if it throws, and then
   * does not loop); after a successful first poll, keeps polling in the background.
   */
  async start(): Promise<unknown> {
    const firstDueMs = this.#clock.now();
    const first = await this.#poll();
    if (!this.#stop.signal.aborted) this.#running = this.#loop(firstDueMs);
    return first;
  }

  /** Stops polling; resolves once a poll in progress has finished and been reported. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  async #loop(dueMs: number): Promise<void> {
    const signal = this.#stop.signal;
    while (true) {
      const now = this.#clock.now();
      dueMs = nextOnGrid(dueMs, this.#intervalMs, now);
      await this.#clock.sleep(dueMs - now, signal);
      if (signal.aborted) return;
      let value: unknown;
      try {
        value = await this.#poll();
      } catch (err) {
        this.#listener.failed(err);
        return;
      }
      if (value !== null) this.#listener.event(value);
    }
  }
}

/**
 * The first slot on the grid `dueMs + k × intervalMs` (k ≥ 1) after `nowMs`,
 * so polls do not drift and missed slots are skipped, not made up in a burst.
 *
 * @example
 * ```ts
 * nextOnGrid(0, 1000, 30);   // 1000
 * nextOnGrid(0, 1000, 3500); // 4000
 * ```
 */
export function nextOnGrid(dueMs: number, intervalMs: number, nowMs: number): number {
  const next = dueMs + intervalMs;
  if (next > nowMs) return next;
  return nowMs + intervalMs - ((nowMs - dueMs) % intervalMs);
}
