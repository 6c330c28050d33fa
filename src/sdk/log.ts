/** Severity of a plugin's diagnostic message. */
export type PluginLogLevel = "debug" | "info" | "warn" | "error";

/** Diagnostics a plugin writes to MiMoLo's log (not into segments). */
export interface PluginLogger {
  /** Detail useful when debugging the plugin. */
  debug(message: string): void;
  /** Normal operation, e.g. what is being watched. */
  info(message: string): void;
  /** Something is wrong but the plugin carries on. */
  warn(message: string): void;
  /** Something is wrong and was not recovered. */
  error(message: string): void;
}

type LogSink = (level: PluginLogLevel, message: string) => void;

const toStderr: LogSink = (level, message) => console.error(`[${level}] ${message}`);
let sink: LogSink = toStderr;

/**
 * Where plugin diagnostics go (without an argument: back to stderr, the
 * default). The runtime sets this inside each plugin worker to forward
 * messages to its log; plugins never need to call it.
 *
 * @example
 * ```ts
 * setPluginLogSink((level, message) => lines.push(`${level} ${message}`));
 * ```
 */
export function setPluginLogSink(next: LogSink = toStderr): void {
  sink = next;
}

/**
 * The logger behind `BaseMonitor#log`.
 *
 * @example
 * ```ts
 * pluginLogger.info("watching 3 folders");
 * ```
 */
export const pluginLogger: PluginLogger = {
  debug: (m) => sink("debug", m),
  info: (m) => sink("info", m),
  warn: (m) => sink("warn", m),
  error: (m) => sink("error", m),
};
