/**
 * Configuration: the `mimolo.toml` schema, loading, defaults and errors.
 * @module
 */
export { DEFAULT_CONFIG_FILE, loadConfigOrDefault } from "./defaults.ts";
export { defaultHostName, loadConfig, parseConfig } from "./load.ts";
export type {
  Config,
  LogDay,
  LogFormat,
  MonitorSettings,
  PluginSettings,
  ProjectRule,
  ReportSettings,
  Verbosity,
} from "./types.ts";
export { LOG_DAYS, LOG_FORMATS, VERBOSITIES } from "./types.ts";
