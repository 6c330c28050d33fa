import type { LogRecord } from "@mimolo/sdk";
import { appendDurably, dailyFile, recordDate } from "./daily_file.ts";
import type { Sink } from "./sink.ts";

/**
 * A sink that appends each encoded record to `YYYY-MM-DD.mimolo.<ext>` and
 * syncs it before resolving: the shape of every append-only log format.
 *
 * @example
 * ```ts
 * const jsonl = new AppendSink("./logs", "jsonl", (r) => JSON.stringify(r) + "\n");
 * ```
 */
export class AppendSink implements Sink {
  readonly #dir: string;
  readonly #ext: string;
  readonly #encode: (record: LogRecord) => string;

  /** @param dir the log folder; @param ext the file extension; @param encode one record's text. */
  constructor(dir: string, ext: string, encode: (record: LogRecord) => string) {
    this.#dir = dir;
    this.#ext = ext;
    this.#encode = encode;
  }

  async write(record: LogRecord): Promise<void> {
    await appendDurably(dailyFile(this.#dir, recordDate(record), this.#ext), this.#encode(record));
  }
}
