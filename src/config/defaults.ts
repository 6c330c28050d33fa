import { loadConfig, parseConfig } from "./load.ts";
import { type ConfigOrigin, locateConfig, type Places, systemPlaces } from "./locate.ts";
import type { Config } from "./types.ts";

/** The file `mimolo monitor` reads from the working directory when nothing else names one. */
export const DEFAULT_CONFIG_FILE = "mimolo.toml";

/**
 * Loads the config file that {@linkcode locateConfig} finds (`-c FILE`,
 * `$MIMOLO_CONFIG`, `./mimolo.toml`, the user's config folder), or the
 * embedded defaults (every `[monitor]` key at its default, no plugin
 * enabled) when there is none. `origin` says which rule found it.
 *
 * @example
 * ```ts
 * const config = await loadConfigOrDefault(undefined);
 * console.log(config.source, config.origin);
 * ```
 */
export async function loadConfigOrDefault(
  file: string | undefined,
  places: Places = systemPlaces(),
): Promise<Config> {
  const found = await locateConfig(file, places);
  if (found === null) return parseConfig("", null);
  const config = await loadConfig(found.path);
  config.origin = found.origin;
  return config;
}

/**
 * One line naming the config a command used, e.g.
 * `config: /home/me/.config/mimolo/mimolo.toml (user config folder)`.
 *
 * @example
 * ```ts
 * describeConfigSource(config); // "config: ./mimolo.toml → /work/mimolo.toml"
 * ```
 */
export function describeConfigSource(config: Pick<Config, "source" | "origin">): string {
  if (config.source === null) return "config: none found; built-in defaults";
  return `config: ${config.source} (${originText(config.origin)})`;
}

function originText(origin: ConfigOrigin | null): string {
  switch (origin) {
    case "--config":
      return "from -c";
    case "$MIMOLO_CONFIG":
      return "from $MIMOLO_CONFIG";
    case "./mimolo.toml":
      return "found in the working directory";
    case "user config folder":
      return "found in the user config folder";
    case null:
      return "loaded directly";
  }
}
