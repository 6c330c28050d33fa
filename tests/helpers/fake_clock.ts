import type { Clock } from "../../src/runtime/clock.ts";

interface Timer {
  until: number;
  wake: () => void;
}

/** A clock sharing a {@linkcode FakeClock}'s time that counts its own sleeps. */
export interface Lane extends Clock {
  /** How many times this lane's user went to sleep. */
  sleeps: number;
}

/**
 * A clock whose time moves only when its users sleep. Once pending work has
 * run (one macrotask after a sleep starts), time jumps to the earliest
 * sleeper's alarm and wakes every sleeper due then. Several users (the
 * monitor's loop, fake plugins' poll loops) share one time line through
 * {@linkcode lane}.
 */
export class FakeClock implements Clock {
  t = 0;
  /** The wall clock at t = 0 (epoch ms); `wallNow()` moves with `t` plus `wallOffset`. */
  readonly wallStart: number;
  /** Added to the wall clock, to simulate a jump. */
  wallOffset = 0;
  /** Called after every jump, before the sleepers wake, e.g. to stop a monitor at some virtual time. */
  onAdvance: (t: number) => void = () => {};
  /** How many times the code under test went to sleep through this clock (not its lanes). */
  sleeps = 0;
  readonly #timers = new Set<Timer>();
  #advancing = false;

  constructor(wallStart = Date.UTC(2025, 0, 1)) {
    this.wallStart = wallStart;
  }

  now(): number {
    return this.t;
  }

  wallNow(): number {
    return this.wallStart + this.t + this.wallOffset;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps++;
    return this.#sleep(ms, signal);
  }

  /** Another user of the same time line, whose sleeps are counted apart. */
  lane(): Lane {
    const sleep = (ms: number, signal: AbortSignal) => this.#sleep(ms, signal);
    return {
      sleeps: 0,
      now: () => this.now(),
      wallNow: () => this.wallNow(),
      sleep(ms: number, signal: AbortSignal) {
        this.sleeps++;
        return sleep(ms, signal);
      },
    };
  }

  #sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        this.#timers.delete(timer);
        resolve();
      };
      const timer: Timer = {
        until: this.t + Math.max(0, ms),
        wake: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#timers.add(timer);
      this.#scheduleAdvance();
    });
  }

  #scheduleAdvance(): void {
    if (this.#advancing) return;
    this.#advancing = true;
    setTimeout(() => {
      this.#advancing = false;
      this.#advance();
    }, 0);
  }

  #advance(): void {
    if (this.#timers.size === 0) return;
    const until = Math.min(...[...this.#timers].map((timer) => timer.until));
    if (until > this.t) {
      this.t = until;
      this.onAdvance(this.t);
    }
    for (const timer of [...this.#timers]) {
      if (timer.until > this.t) continue;
      this.#timers.delete(timer);
      timer.wake();
    }
    if (this.#timers.size > 0) this.#scheduleAdvance();
  }
}
