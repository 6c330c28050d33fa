import type { Config, PluginSettings } from "../config/types.ts";
import { pluginConfigValues } from "../config/plugin_config.ts";
import { DEFAULT_TIMEOUT_S, STANDARD_PLUGIN_KEYS } from "../config/schema.ts";
import { ConfigError, PluginLoadError } from "../errors.ts";
import type { DiscoveredPlugin, PluginCatalog } from "./discover.ts";
import { type Grants, mergeGrants, NO_GRANTS } from "./permissions.ts";
import type { ResolvedSpec } from "./spec.ts";

/** A plugin selected to run, with config overrides applied to its spec. */
export interface RegisteredPlugin extends DiscoveredPlugin {
  /** The spec after `[plugins.<label>]` overrides. */
  effective: ResolvedSpec;
  /**
   * What its constructor gets as config: with a declaration, every declared
   * key that has a value (checked, defaults filled in, paths absolute);
   * without one, its section's custom keys as written.
   */
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
 * sharing a `dataHeader`, or an enabled plugin requiring one that is not
 * found or not enabled, is a registration error. Required plugins come
 * before the plugins that require them.
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
    if (!config.plugins[plugin.spec.label]?.enabled) continue;
    const registered = register(plugin, config, cliGrants);
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
  return requiredFirst(selected, catalog, config);
}

/**
 * `selected` with every plugin after the plugins it requires; a required
 * plugin that is not found or not enabled, or a cycle, is a
 * {@linkcode PluginLoadError} naming both plugins.
 */
function requiredFirst(
  selected: readonly RegisteredPlugin[],
  catalog: PluginCatalog,
  config: Config,
): RegisteredPlugin[] {
  const byLabel = new Map(selected.map((p) => [p.spec.label, p]));
  for (const p of selected) {
    for (const label of p.requires) {
      if (byLabel.has(label)) continue;
      const found = catalog.plugins.find((c) => c.spec.label === label);
      const where = config.source ?? "the config";
      const why = found === undefined
        ? `which was not found (discovered: ${
          catalog.plugins.map((c) => c.spec.label).sort().join(", ") || "none"
        })`
        : config.plugins[label] === undefined
        ? `which is not enabled: add [plugins.${label}] to ${where}`
        : `which is not enabled: [plugins.${label}] in ${where} says enabled = false`;
      throw new PluginLoadError(
        `${p.file}: plugin ${p.spec.label} requires plugin ${label}, ${why}`,
      );
    }
  }
  const ordered: RegisteredPlugin[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (p: RegisteredPlugin, chain: string[]): void => {
    const label = p.spec.label;
    if (state.get(label) === "done") return;
    if (state.get(label) === "visiting") {
      const cycle = [...chain.slice(chain.indexOf(label)), label].join(" -> ");
      throw new PluginLoadError(`${p.file}: plugin ${label}: circular requires: ${cycle}`);
    }
    state.set(label, "visiting");
    for (const r of p.requires) visit(byLabel.get(r)!, [...chain, label]);
    state.set(label, "done");
    ordered.push(p);
  };
  for (const p of selected) visit(p, []);
  return ordered;
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
 * A plugin with its config section applied: spec overrides, config values
 * (checked against the plugin's declaration, when it has one), grants (CLI
 * plus section) and timeout. A section that does not fit the declaration is
 * a {@linkcode ConfigError}.
 *
 * @example
 * ```ts
 * register(plugin, config, NO_GRANTS).effective.pollIntervalS;
 * ```
 */
export function register(
  plugin: DiscoveredPlugin,
  config: Config,
  cliGrants: Readonly<Grants>,
): RegisteredPlugin {
  const section: PluginSettings | undefined = config.plugins[plugin.spec.label];
  const effective: ResolvedSpec = {
    ...plugin.spec,
    pollIntervalS: section?.pollIntervalS ?? plugin.spec.pollIntervalS,
    resetsCooldown: section?.resetsCooldown ?? plugin.spec.resetsCooldown,
    infrequent: section?.infrequent ?? plugin.spec.infrequent,
  };
  const written = section?.custom ?? {};
  const custom = plugin.configDeclaration === null
    ? written
    : pluginConfigValues(plugin.configDeclaration, written, {
      file: config.source ?? "<defaults>",
      label: plugin.spec.label,
      baseDir: config.baseDir,
      otherKeys: STANDARD_PLUGIN_KEYS,
    });
  return {
    ...plugin,
    effective,
    custom,
    grants: mergeGrants(cliGrants, section?.permissions ?? NO_GRANTS),
    timeoutMs: (section?.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
  };
}
