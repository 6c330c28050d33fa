import type { Clock } from "../runtime/clock.ts";

/** The part of a clock a poll loop needs. */
export type LoopClock = Pick<Clock, "now" | "sleep">;

/** However quiet a plugin says it is, it is polled at least this often. */
export const HEARTBEAT_MS = 60_000;

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
 * else; a plugin that can say when it next may have something (`quiet`,
 * the SDK's `nextActivity()`) is not polled in between, except for a
 * heartbeat every {@linkcode HEARTBEAT_MS}. It runs inside each plugin's
 * worker; tests run it on a fake clock.
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
  readonly #quiet: () => Promise<void> | null;
  readonly #stop = new AbortController();
  #running: Promise<void> = Promise.resolve();

  /**
   * @param poll one poll; @param intervalMs time between poll starts;
   * @param clock time source; @param listener receives events and the failure that ends the loop;
   * @param quiet after a poll that found nothing: a promise that settles when the next poll is
   * worth making, or `null` to poll on the interval.
   */
  constructor(
    poll: () => Promise<unknown>,
    intervalMs: number,
    clock: LoopClock,
    listener: PollListener,
    quiet: () => Promise<void> | null = () => null,
  ) {
    this.#poll = poll;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
    this.#listener = listener;
    this.#quiet = quiet;
  }

  /**
   * Polls once and resolves with the result (rejects if it throws, and then
   * does not loop); after a successful first poll, keeps polling in the background.
   */
  async start(): Promise<unknown> {
    const firstDueMs = this.#clock.now();
    const first = await this.#poll();
    if (!this.#stop.signal.aborted) this.#running = this.#loop(firstDueMs, first === null);
    return first;
  }

  /** Stops polling; resolves once a poll in progress has finished and been reported. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  async #loop(dueMs: number, foundNothing: boolean): Promise<void> {
    const signal = this.#stop.signal;
    while (true) {
      if (foundNothing) await this.#whileQuiet(signal);
      if (signal.aborted) return;
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
      foundNothing = value === null;
      if (!foundNothing) this.#listener.event(value);
    }
  }

  /** Waits while the plugin says nothing can have happened (at most a heartbeat). */
  async #whileQuiet(signal: AbortSignal): Promise<void> {
    let quiet: Promise<void> | null;
    try {
      quiet = this.#quiet();
    } catch {
      return; // Its poll will say what is wrong.
    }
    if (quiet === null) return;
    const heartbeat = new AbortController();
    const stop = () => heartbeat.abort();
    signal.addEventListener("abort", stop, { once: true });
    await Promise.race([
      quiet.then(() => {}, () => {}),
      this.#clock.sleep(HEARTBEAT_MS, heartbeat.signal),
    ]);
    heartbeat.abort();
    signal.removeEventListener("abort", stop);
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
