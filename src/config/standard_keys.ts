/**
 * The standard keys of every `[plugins.<label>]` section, which MiMoLo reads
 * itself and never passes to the plugin. Kept apart from the schema (which
 * needs zod) because plugin config declarations are checked against them in
 * code that `mimolo sdk export` copies out for plugin authors' tests.
 *
 * @example
 * ```ts
 * STANDARD_PLUGIN_KEYS.has("timeout_s"); // true
 * ```
 */
export const STANDARD_PLUGIN_KEYS: ReadonlySet<string> = new Set([
  "enabled",
  "poll_interval_s",
  "resets_cooldown",
  "infrequent",
  "timeout_s",
  "permissions",
]);
