import { backoffMs } from "./backoff.ts";

interface Entry {
  intervalMs: number;
  dueMs: number;
  failures: number;
  inFlight: boolean;
}

/**
 * Poll deadlines for every plugin, with quarantine after failures. Pure: time
 * comes in as `nowMs`; the caller sleeps until {@linkcode nextDeadline}.
 *
 * @example
 * ```ts
 * const s = new PollSchedule();
 * s.add("example", 3000, 0);
 * s.takeDue(0);            // ["example"]
 * s.succeeded("example", 10);
 * s.nextDeadline();        // 3000
 * ```
 */
export class PollSchedule {
  readonly #entries = new Map<string, Entry>();

  /** Registers a plugin whose first poll is due at `firstDueMs`. */
  add(label: string, intervalMs: number, firstDueMs: number): void {
    this.#entries.set(label, { intervalMs, dueMs: firstDueMs, failures: 0, inFlight: false });
  }

  /** Labels whose poll is due at `nowMs`, marked in flight until they report back. */
  takeDue(nowMs: number): string[] {
    const due: string[] = [];
    for (const [label, entry] of this.#entries) {
      if (entry.inFlight || entry.dueMs > nowMs) continue;
      entry.inFlight = true;
      due.push(label);
    }
    return due;
  }

  /**
   * The earliest deadline, or `null`. A poll in flight counts as due again
   * one interval after its slot, so the caller need not wake up when it
   * returns on time.
   */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const entry of this.#entries.values()) {
      const due = entry.inFlight ? entry.dueMs + entry.intervalMs : entry.dueMs;
      if (next === null || due < next) next = due;
    }
    return next;
  }

  /** A poll finished well: the plugin leaves quarantine; next poll one interval on. */
  succeeded(label: string, nowMs: number): void {
    const entry = this.#entries.get(label);
    if (!entry) return;
    entry.failures = 0;
    entry.inFlight = false;
    entry.dueMs = nextOnGrid(entry.dueMs, entry.intervalMs, nowMs);
  }

  /** A poll failed: quarantine for the backoff (or one interval, if longer); returns the delay. */
  failed(label: string, nowMs: number): number {
    const entry = this.#entries.get(label);
    if (!entry) return 0;
    entry.failures++;
    entry.inFlight = false;
    const delay = Math.max(backoffMs(entry.failures), entry.intervalMs);
    entry.dueMs = nowMs + delay;
    return delay;
  }

  /** Consecutive failures of a plugin (0 when healthy). */
  failures(label: string): number {
    return this.#entries.get(label)?.failures ?? 0;
  }
}

/** Keeps polls on their original grid so they do not drift; skips missed slots. */
function nextOnGrid(dueMs: number, intervalMs: number, nowMs: number): number {
  const next = dueMs + intervalMs;
  if (next > nowMs) return next;
  return nowMs + intervalMs - ((nowMs - dueMs) % intervalMs);
}
