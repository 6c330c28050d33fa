/**
 * Configuration: the `mimolo.toml` schema, loading, defaults and errors.
 * @module
 */
export { DEFAULT_CONFIG_FILE, loadConfigOrDefault } from "./defaults.ts";
export { loadConfig, parseConfig } from "./load.ts";
export type { Config, LogFormat, MonitorSettings, PluginSettings, Verbosity } from "./types.ts";
export { LOG_FORMATS, VERBOSITIES } from "./types.ts";
