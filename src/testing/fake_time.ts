/**
 * A fake clock for plugin tests: while installed, `new Date()` and
 * `Date.now()` read it instead of the system clock, and it moves only when
 * told. `Date` values made any other way (`new Date(0)`, `Date.parse`)
 * behave as usual.
 *
 * @example
 * ```ts
 * using time = new FakeTime("2025-01-06T09:00:00Z");
 * time.advance(5_000);
 * new Date().toISOString(); // "2025-01-06T09:00:05.000Z"
 * ```
 */
export class FakeTime implements Disposable {
  readonly #realDate: DateConstructor;
  #nowMs: number;
  #installed = true;

  /** Installs the fake clock at `start` (a `Date`, an ISO-8601 string or epoch ms). */
  constructor(start: Date | string | number) {
    const ms = start instanceof Date ? start.getTime() : new Date(start).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`FakeTime: not a time: ${String(start)}`);
    this.#nowMs = ms;
    const RealDate = this.#realDate = globalThis.Date;
    const now = () => this.#nowMs;
    class FakeDate extends RealDate {
      constructor(...args: unknown[]) {
        // Any arguments are passed on as given: only `new Date()` reads the fake clock.
        super(...((args.length === 0 ? [now()] : args) as [number]));
      }
      static override now(): number {
        return now();
      }
      // Dates made before, or by structuredClone, are still Dates.
      static override [Symbol.hasInstance](value: unknown): boolean {
        return value instanceof RealDate;
      }
    }
    globalThis.Date = FakeDate as DateConstructor;
  }

  /** The fake time now, in epoch ms. */
  get now(): number {
    return this.#nowMs;
  }

  /** Moves the clock forward by `ms` (or back, if negative). */
  advance(ms: number): void {
    this.#nowMs += ms;
  }

  /** Sets the clock to `time`. */
  set(time: Date | string | number): void {
    const ms = time instanceof this.#realDate ? time.getTime() : new this.#realDate(time).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`FakeTime: not a time: ${String(time)}`);
    this.#nowMs = ms;
  }

  /** Puts the real `Date` back (safe to call twice). */
  restore(): void {
    if (!this.#installed) return;
    this.#installed = false;
    globalThis.Date = this.#realDate;
  }

  /** {@linkcode restore}, for `using`. */
  [Symbol.dispose](): void {
    this.restore();
  }
}
