import { loadConfig, parseConfig } from "./load.ts";
import type { Config } from "./types.ts";

/** The file `mimolo monitor` reads when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = "mimolo.toml";

/**
 * Loads `file` when given; otherwise `./mimolo.toml` when it exists, else the
 * embedded defaults (every `[monitor]` key at its default, no plugin enabled).
 *
 * @example
 * ```ts
 * const config = await loadConfigOrDefault(undefined);
 * ```
 */
export async function loadConfigOrDefault(file: string | undefined): Promise<Config> {
  if (file !== undefined) return await loadConfig(file);
  try {
    await Deno.stat(DEFAULT_CONFIG_FILE);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return parseConfig("", null);
    throw err;
  }
  return await loadConfig(DEFAULT_CONFIG_FILE);
}
