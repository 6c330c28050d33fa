import type { LogRecord } from "@mimolo/sdk";
import type { LogDay } from "../config/types.ts";
import { appendDurably, dailyFile, recordDate, TornAppendError } from "./daily_file.ts";
import type { Sink } from "./sink.ts";

/**
 * A sink that appends each encoded record to `YYYY-MM-DD.mimolo.<ext>` and
 * syncs it before resolving: the shape of every append-only log format.
 *
 * @example
 * ```ts
 * const jsonl = new AppendSink("./logs", "jsonl", (r) => JSON.stringify(r) + "\n", "local");
 * ```
 */
export class AppendSink implements Sink {
  readonly #dir: string;
  readonly #ext: string;
  readonly #encode: (record: LogRecord) => string;
  readonly #day: LogDay;
  /** Files holding the fragment of a failed append that could not be cut off yet: their good length. */
  readonly #cutTo = new Map<string, number>();

  /**
   * @param dir the log folder; @param ext the file extension; @param encode one record's text;
   * @param day how files are dated.
   */
  constructor(dir: string, ext: string, encode: (record: LogRecord) => string, day: LogDay) {
    this.#dir = dir;
    this.#ext = ext;
    this.#encode = encode;
    this.#day = day;
  }

  async write(record: LogRecord): Promise<void> {
    const file = dailyFile(this.#dir, recordDate(record, this.#day), this.#ext);
    try {
      await appendDurably(file, this.#encode(record), this.#cutTo.get(file));
      this.#cutTo.delete(file);
    } catch (err) {
      if (err instanceof TornAppendError) this.#cutTo.set(file, err.length);
      throw err;
    }
  }
}
