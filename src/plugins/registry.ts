import type { Config, PluginSettings } from "../config/types.ts";
import { DEFAULT_TIMEOUT_S } from "../config/schema.ts";
import { ConfigError, PluginLoadError } from "../errors.ts";
import type { DiscoveredPlugin, PluginCatalog } from "./discover.ts";
import { type Grants, mergeGrants, NO_GRANTS } from "./permissions.ts";
import type { ResolvedSpec } from "./spec.ts";

/** A plugin selected to run, with config overrides applied to its spec. */
export interface RegisteredPlugin extends DiscoveredPlugin {
  /** The spec after `[plugins.<label>]` overrides. */
  effective: ResolvedSpec;
  /** Custom keys of its config section, passed to its constructor. */
  custom: Record<string, unknown>;
  /** What its worker may do: the CLI's grants plus its config section's. */
  grants: Grants;
  /** How long one call into the plugin may take. */
  timeoutMs: number;
}

/**
 * Picks the plugins that run: those with a `[plugins.<label>]` section whose
 * `enabled` is not false. A section naming no discovered plugin is a config
 * error (a typo must not silently turn monitoring off); two enabled plugins
 * sharing a `dataHeader` is a registration error.
 *
 * @example
 * ```ts
 * const plugins = selectPlugins(catalog, config);
 * ```
 */
export function selectPlugins(
  catalog: PluginCatalog,
  config: Config,
  cliGrants: Readonly<Grants> = NO_GRANTS,
): RegisteredPlugin[] {
  checkConfiguredLabels(catalog, config);
  const selected: RegisteredPlugin[] = [];
  const headerOwner = new Map<string, RegisteredPlugin>();
  for (const plugin of catalog.plugins) {
    const section = config.plugins[plugin.spec.label];
    if (!section?.enabled) continue;
    const registered = register(plugin, section, cliGrants);
    const header = registered.effective.dataHeader;
    const owner = header === null ? undefined : headerOwner.get(header);
    if (owner) {
      throw new PluginLoadError(
        `${plugin.file}: plugin ${plugin.spec.label}: dataHeader "${header}" is already used by ` +
          `plugin ${owner.spec.label} (${owner.file}); data headers must be unique`,
      );
    }
    if (header !== null) headerOwner.set(header, registered);
    selected.push(registered);
  }
  return selected;
}

/**
 * Refuses a `[plugins.<label>]` section that names no discovered plugin
 * (unless it says `enabled = false`): a typo must not silently turn
 * monitoring off.
 *
 * @example
 * ```ts
 * checkConfiguredLabels(catalog, config); // throws ConfigError for [plugins.exmaple]
 * ```
 */
export function checkConfiguredLabels(catalog: PluginCatalog, config: Config): void {
  const known = new Set(catalog.plugins.map((p) => p.spec.label));
  for (const [label, section] of Object.entries(config.plugins)) {
    if (known.has(label) || !section.enabled) continue;
    const list = [...known].sort().join(", ") || "none";
    throw new ConfigError(
      `${config.source ?? "<defaults>"}: [plugins.${label}]: no plugin with label "${label}" ` +
        `was found (discovered: ${list})`,
    );
  }
}

/**
 * A plugin with its config section applied: spec overrides, custom keys,
 * grants (CLI plus section) and timeout.
 *
 * @example
 * ```ts
 * register(plugin, config.plugins[plugin.spec.label], NO_GRANTS).effective.pollIntervalS;
 * ```
 */
export function register(
  plugin: DiscoveredPlugin,
  section: PluginSettings | undefined,
  cliGrants: Readonly<Grants>,
): RegisteredPlugin {
  const effective: ResolvedSpec = {
    ...plugin.spec,
    pollIntervalS: section?.pollIntervalS ?? plugin.spec.pollIntervalS,
    resetsCooldown: section?.resetsCooldown ?? plugin.spec.resetsCooldown,
    infrequent: section?.infrequent ?? plugin.spec.infrequent,
  };
  return {
    ...plugin,
    effective,
    custom: section?.custom ?? {},
    grants: mergeGrants(cliGrants, section?.permissions ?? NO_GRANTS),
    timeoutMs: (section?.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
  };
}
