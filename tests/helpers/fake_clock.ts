import type { Clock } from "../../src/runtime/clock.ts";

/**
 * A clock whose time moves only when the code under test sleeps. A sleep
 * first lets pending work (polls) finish at the current time, then jumps
 * to its end unless it was woken early.
 */
export class FakeClock implements Clock {
  t = 0;
  /** The wall clock at t = 0 (epoch ms); `wallNow()` moves with `t` plus `wallOffset`. */
  readonly wallStart: number;
  /** Added to the wall clock, to simulate a jump. */
  wallOffset = 0;

  constructor(wallStart = Date.UTC(2025, 0, 1)) {
    this.wallStart = wallStart;
  }
  /** Called after every jump, e.g. to stop a monitor at some virtual time. */
  onAdvance: (t: number) => void = () => {};

  now(): number {
    return this.t;
  }

  wallNow(): number {
    return this.wallStart + this.t + this.wallOffset;
  }

  /** How many times the code under test went to sleep (its wake-ups). */
  sleeps = 0;

  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps++;
    await new Promise((r) => setTimeout(r, 0));
    if (signal.aborted) return;
    this.t += ms;
    this.onAdvance(this.t);
  }
}
