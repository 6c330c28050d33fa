import {
  type Config,
  loadConfig,
  loadConfigOrDefault,
  lookupOrder,
  parseConfig,
} from "../config/mod.ts";
import { ConfigError, PluginLoadError } from "../errors.ts";
import { discoverPlugins, type PluginCatalog } from "../plugins/discover.ts";
import type { Grants } from "../plugins/permissions.ts";
import { type RegisteredPlugin, selectPlugins } from "../plugins/registry.ts";

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

/**
 * Reads the config file a running monitor was started with again (the one
 * the lookup found then, so a reload never switches files) and rediscovers
 * plugins: what SIGHUP and `--watch-config` load.
 *
 * @example
 * ```ts
 * const next = await reloadSetup(running.config);
 * ```
 */
export async function reloadSetup(started: Config): Promise<Setup> {
  const config = started.source === null ? parseConfig("", null) : await loadConfig(started.source);
  config.origin = started.origin;
  const catalog = await discoverPlugins(config.monitor.pluginDirs);
  return { config, catalog };
}

/**
 * {@linkcode enabledPlugins}, but first refusing a setup in which any plugin
 * file failed to load (one line per file): what `monitor` runs.
 *
 * @example
 * ```ts
 * const plugins = runnablePlugins(await loadSetup(undefined), grants);
 * ```
 */
export function runnablePlugins(setup: Setup, cliGrants: Grants): RegisteredPlugin[] {
  const { broken } = setup.catalog;
  if (broken.length > 0) {
    throw new PluginLoadError(broken.map((b) => `${b.file}: ${b.reason}`).join("\n"));
  }
  return enabledPlugins(setup, cliGrants);
}

/**
 * The plugins the config enables, ready to run; none is a configuration
 * error that names the config read (or where none was found) and the
 * section that enables each discovered plugin.
 *
 * @example
 * ```ts
 * const plugins = enabledPlugins(await loadSetup(undefined), grants);
 * ```
 */
export function enabledPlugins(setup: Setup, cliGrants: Grants): RegisteredPlugin[] {
  const plugins = selectPlugins(setup.catalog, setup.config, cliGrants);
  if (plugins.length === 0) throw new ConfigError(noPluginEnabled(setup.config, setup.catalog));
  return plugins;
}

/**
 * Why nothing can run, naming the config that was read (or where none was
 * found) and the section that enables each discovered plugin.
 */
function noPluginEnabled(config: Config, catalog: PluginCatalog): string {
  const where = config.source === null
    ? `no config file found (looked for ${lookupOrder()}); create one with "mimolo init"`
    : `${config.source}: no plugin is enabled`;
  const lines = [`${where}. Plugins found:`];
  for (const p of catalog.plugins) {
    const section = config.plugins[p.spec.label];
    const state = section === undefined ? "no section" : "enabled = false";
    lines.push(`  ${p.spec.label.padEnd(16)} [plugins.${p.spec.label}]  (${state}) ${p.file}`);
  }
  if (catalog.plugins.length === 0) lines.push("  none (see mimolo register)");
  lines.push(
    "Add the section of each plugin to run" +
      (config.source === null ? "" : ` to ${config.source}`) +
      ' ("enabled = true" is the default once the section exists).',
  );
  return lines.join("\n");
}
