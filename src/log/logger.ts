import { configure, getLogger, type LogRecord, reset } from "@logtape/logtape";
import type { Verbosity } from "../config/types.ts";
import { localClock } from "../time/mod.ts";
import { printable } from "./printable.ts";

/** Diagnostic messages for the user, at four levels. */
export interface Logger {
  /** Detail useful when debugging. */
  debug(message: string): void;
  /** Normal operation. */
  info(message: string): void;
  /** Something went wrong but MiMoLo carries on. */
  warn(message: string): void;
  /** Something went wrong and was not recovered. */
  error(message: string): void;
}

/** Where a formatted line goes (the CLI passes its stderr or stdout writer). */
export type LineWriter = (line: string) => void;

/**
 * Sets the diagnostic log's verbosity and destination (the only place that
 * knows the logging library). Safe to call again.
 *
 * @example
 * ```ts
 * await setupLogging("debug", stdio.err);
 * ```
 */
export async function setupLogging(
  verbosity: Verbosity,
  write: LineWriter,
): Promise<void> {
  await reset();
  await configure({
    sinks: { out: (record: LogRecord) => write(formatRecord(record)) },
    loggers: [
      { category: ["mimolo"], lowestLevel: verbosity, sinks: ["out"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["out"] },
    ],
  });
}

/**
 * The logger of one part of MiMoLo, e.g. `logger("runtime")`.
 *
 * @example
 * ```ts
 * logger("runtime").info("monitor started");
 * ```
 */
export function logger(category: string): Logger {
  const log = getLogger(["mimolo", category]);
  // Messages go in as a property so braces in them are never read as placeholders.
  return {
    debug: (message) => log.debug("{message}", { message }),
    info: (message) => log.info("{message}", { message }),
    warn: (message) => log.warn("{message}", { message }),
    error: (message) => log.error("{message}", { message }),
  };
}

function formatRecord(record: LogRecord): string {
  const time = localClock(record.timestamp);
  const level = record.level.toUpperCase().padEnd(7);
  const text = record.message.map((part) => typeof part === "string" ? part : String(part)).join(
    "",
  );
  // Messages quote plugins (this.log, error messages): one line each, no terminal controls.
  return `${time} ${level} [${record.category.slice(1).join(".")}] ${printable(text)}`;
}
