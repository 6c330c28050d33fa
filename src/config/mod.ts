/**
 * Configuration: the `mimolo.toml` schema, loading, defaults and errors.
 * @module
 */
export { DEFAULT_CONFIG_FILE, describeConfigSource, loadConfigOrDefault } from "./defaults.ts";
export {
  CONFIG_ENV,
  CONFIG_FILE_NAME,
  type ConfigOrigin,
  homeOf,
  locateConfig,
  type LocatedConfig,
  lookupOrder,
  type Places,
  systemPlaces,
  userConfigDir,
  userDataDir,
} from "./locate.ts";
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
