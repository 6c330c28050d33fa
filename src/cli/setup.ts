import { type Config, loadConfigOrDefault } from "../config/mod.ts";
import { discoverPlugins, type PluginCatalog } from "../plugins/discover.ts";

/** A loaded config and the plugins found in its folders. */
export interface Setup {
  /** The validated configuration. */
  config: Config;
  /** Every plugin file found, usable or broken. */
  catalog: PluginCatalog;
}

/**
 * Loads the config (or the defaults) and discovers plugins: the common first
 * step of `monitor` and `register`.
 *
 * @example
 * ```ts
 * const { config, catalog } = await loadSetup(undefined);
 * ```
 */
export async function loadSetup(configFile: string | undefined): Promise<Setup> {
  const config = await loadConfigOrDefault(configFile);
  const catalog = await discoverPlugins(config.monitor.pluginDirs);
  return { config, catalog };
}
