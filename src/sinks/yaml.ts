import { stringify } from "yaml";
import type { LogRecord } from "@mimolo/sdk";
import { appendDurably, dailyFile, recordDate } from "./daily_file.ts";
import type { Sink } from "./sink.ts";

/**
 * One YAML document per record, each opened by `---`, in
 * `YYYY-MM-DD.mimolo.yaml` (the only place that knows the YAML library).
 *
 * @example
 * ```ts
 * await new YamlSink("./logs").write(record);
 * ```
 */
export class YamlSink implements Sink {
  readonly #dir: string;

  /** @param dir the log directory (must exist). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(record: LogRecord): Promise<void> {
    const path = dailyFile(this.#dir, recordDate(record), "yaml");
    await appendDurably(path, "---\n" + stringify(record, { lineWidth: 0 }));
  }
}
