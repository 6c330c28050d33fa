import type { LogRecord } from "@mimolo/sdk";
import { appendDurably, dailyFile, recordDate } from "./daily_file.ts";
import type { Sink } from "./sink.ts";

/**
 * One JSON object per line in `YYYY-MM-DD.mimolo.jsonl` (the default format).
 *
 * @example
 * ```ts
 * await new JsonlSink("./logs").write(record);
 * ```
 */
export class JsonlSink implements Sink {
  readonly #dir: string;

  /** @param dir the log directory (must exist). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(record: LogRecord): Promise<void> {
    const path = dailyFile(this.#dir, recordDate(record), "jsonl");
    await appendDurably(path, JSON.stringify(record) + "\n");
  }
}
