import type { LogRecord } from "@mimolo/sdk";

/** Somewhere records are written: a daily log file format. */
export interface Sink {
  /** Writes one record durably before resolving (no buffering across records). */
  write(record: LogRecord): Promise<void>;
}
