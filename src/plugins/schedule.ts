import { backoffMs, HEALTHY_AFTER_MS } from "./backoff.ts";

/** Waiting to be started at `dueMs`, starting (first poll in flight), or running on its own. */
type State = "waiting" | "starting" | "running";

interface Entry {
  intervalMs: number;
  dueMs: number;
  failures: number;
  state: State;
  /** When it last started running. */
  startedMs: number;
}

/**
 * When each plugin's polling is started, with quarantine after failures.
 * A running plugin polls itself (see `PollLoop`), so it has no deadline
 * here; only plugins waiting to start or to leave quarantine do. Pure: time
 * comes in as `nowMs`; the caller sleeps until {@linkcode nextDeadline}.
 *
 * @example
 * ```ts
 * const s = new PollSchedule();
 * s.add("example", 3000, 0);
 * s.takeDue(0);              // ["example"]
 * s.failed("example", 10);   // 3000: quarantined for max(backoff, interval)
 * s.nextDeadline();          // 3010
 * ```
 */
export class PollSchedule {
  readonly #entries = new Map<string, Entry>();

  /** Registers a plugin whose polling should start at `firstDueMs`. */
  add(label: string, intervalMs: number, firstDueMs: number): void {
    this.#entries.set(label, {
      intervalMs,
      dueMs: firstDueMs,
      failures: 0,
      state: "waiting",
      startedMs: firstDueMs,
    });
  }

  /** Forgets a plugin (a reload stopped it); it is no longer due or running. */
  remove(label: string): void {
    this.#entries.delete(label);
  }

  /** Labels due to start at `nowMs`, marked as starting. */
  takeDue(nowMs: number): string[] {
    const due: string[] = [];
    for (const [label, entry] of this.#entries) {
      if (entry.state !== "waiting" || entry.dueMs > nowMs) continue;
      entry.state = "starting";
      due.push(label);
    }
    return due;
  }

  /** The earliest time a waiting plugin is due, or `null` if none waits. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const entry of this.#entries.values()) {
      if (entry.state === "waiting" && (next === null || entry.dueMs < next)) next = entry.dueMs;
    }
    return next;
  }

  /**
   * The first poll went well: the plugin runs on its own; returns whether it
   * was quarantined. The failure count stays until it has run
   * {@linkcode HEALTHY_AFTER_MS} without failing, so a plugin that fails soon
   * after every restart keeps backing off.
   */
  started(label: string, nowMs: number): boolean {
    const entry = this.#entries.get(label);
    if (!entry) return false;
    entry.state = "running";
    entry.startedMs = nowMs;
    return entry.failures > 0;
  }

  /** Whether the plugin is polling on its own, i.e. its events count. */
  running(label: string): boolean {
    return this.#entries.get(label)?.state === "running";
  }

  /**
   * A poll failed (or the start did): quarantine for the backoff (or one
   * interval, if longer); returns the delay. A plugin that had been running
   * for {@linkcode HEALTHY_AFTER_MS} starts a fresh count.
   */
  failed(label: string, nowMs: number): number {
    const entry = this.#entries.get(label);
    if (!entry) return 0;
    if (entry.state === "running" && nowMs - entry.startedMs >= HEALTHY_AFTER_MS) {
      entry.failures = 0;
    }
    entry.failures++;
    entry.state = "waiting";
    const delay = Math.max(backoffMs(entry.failures), entry.intervalMs);
    entry.dueMs = nowMs + delay;
    return delay;
  }

  /** Consecutive failures of a plugin (0 when healthy). */
  failures(label: string): number {
    return this.#entries.get(label)?.failures ?? 0;
  }
}
