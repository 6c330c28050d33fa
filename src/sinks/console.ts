import type { Event, LogRecord } from "@mimolo/sdk";

import type { LineWriter } from "../log/logger.ts";
import { printable } from "../log/printable.ts";
import { formatDuration, localClock } from "../time/mod.ts";

/**
 * The human-readable console: one line per accepted event (only at debug or
 * info verbosity) and one per written record.
 *
 * @example
 * ```ts
 * const console = new ConsoleReporter(true, (l) => print(l));
 * ```
 */
export class ConsoleReporter {
  readonly #showEvents: boolean;
  readonly #write: LineWriter;

  /** @param showEvents whether to print a line per event; @param write the output. */
  constructor(showEvents: boolean, write: LineWriter) {
    this.#showEvents = showEvents;
    // Plugins' text (event names, ids, data) must not start lines or move the cursor.
    this.#write = (line) => write(printable(line));
  }

  /** Reports an event a plugin emitted. */
  event(e: Event): void {
    if (!this.#showEvents) return;
    const data = e.data ? JSON.stringify(e.data) : "None";
    this.#write(
      `[EVENT] ${clock(e.timestamp)} | ${e.label}.${e.event} | Data: ${truncate(data, 200)}`,
    );
  }

  /** Reports a record written to the logs. */
  record(r: LogRecord): void {
    if (r.type === "event") {
      this.#write(
        `[STANDALONE] ${clock(new Date(r.timestamp))} | ${r.label}.${r.event} | id ${r.id}`,
      );
      return;
    }
    const agg = Object.keys(r.aggregated).length === 0
      ? ""
      : ` | ${truncate(JSON.stringify(r.aggregated), 200)}`;
    this.#write(
      `[SEGMENT] ${clock(new Date(r.start))} -> ${clock(new Date(r.end))} (${
        formatDuration(r.duration_s)
      }, ${r.duration_s.toFixed(1)}s) | ` +
        `Labels: ${
          r.labels.join(", ")
        } | Events: ${r.events.length} | Resets: ${r.resets_count}${agg}`,
    );
  }
}

/** Local time with the zone's offset, as everywhere people read times. */
function clock(d: Date): string {
  return localClock(d.getTime());
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
