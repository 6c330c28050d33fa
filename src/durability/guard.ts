import { dirname } from "node:path";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { SegmentJournals } from "./journal.ts";
import { type LogDirLock, LogDirLockedError } from "./lock.ts";

/** How often the log folder is checked while the monitor runs. */
export const GUARD_INTERVAL_MS = 1000;

/**
 * Watches, while the monitor runs, that its log folder still exists. If it
 * was deleted (`rm -rf logs`), it recreates it at once, with its lock (so
 * a second monitor cannot start there) and the journals of open segments,
 * whose entries are read back through their still-open files (so no value
 * is lost); records already written there are gone with the folder. If
 * another monitor took the folder in between, `onLost` is called (the
 * monitor then stops). One check a second: a stat of the lock file and of
 * each open journal.
 *
 * @example
 * ```ts
 * using _guard = new LogDirGuard(lock, journals, log, () => monitor.stop());
 * ```
 */
export class LogDirGuard implements Disposable {
  readonly #lock: LogDirLock;
  readonly #journals: SegmentJournals;
  readonly #log: Logger;
  readonly #onLost: () => void;
  #timer: ReturnType<typeof setInterval> | null;
  #lost = false;

  /**
   * @param lock the folder's lock; @param journals the open segments' journals;
   * @param log where it is said; @param onLost called if another monitor took the folder.
   */
  constructor(
    lock: LogDirLock,
    journals: SegmentJournals,
    log: Logger,
    onLost: () => void,
    intervalMs = GUARD_INTERVAL_MS,
  ) {
    this.#lock = lock;
    this.#journals = journals;
    this.#log = log;
    this.#onLost = onLost;
    this.#timer = setInterval(() => this.check(), intervalMs);
  }

  /** One check (the timer calls it). */
  check(): void {
    if (this.#lost) return;
    const folder = dirname(this.#lock.path);
    let relocked: boolean;
    try {
      relocked = this.#lock.restore();
    } catch (err) {
      if (!(err instanceof LogDirLockedError)) {
        this.#log.error(`cannot recreate the log folder ${folder}: ${errorMessage(err)}`);
        return;
      }
      this.#log.error(`${err.message}; this monitor stops`);
      this.#lost = true;
      this[Symbol.dispose]();
      this.#onLost();
      return;
    }
    const saved = this.#journals.restoreMissing();
    const kept = saved === null ? "" : ` and the open segment's journal (${saved} entries kept)`;
    if (relocked) {
      this.#log.warn(
        `log folder ${folder} was deleted while running: recreated it with its lock${kept}; ` +
          "records written to it before are gone with it",
      );
    } else if (saved !== null) {
      this.#log.warn(
        `the open segment's journal was removed while running: wrote it again (${saved} entries kept)`,
      );
    }
  }

  [Symbol.dispose](): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
