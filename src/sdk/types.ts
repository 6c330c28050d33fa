/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * Something a monitor observed at one instant.
 *
 * @example
 * ```ts
 * const e: Event = { timestamp: new Date(), label: "mymonitor", event: "found", data: { items: ["x"] } };
 * ```
 */
export interface Event {
  /** When it happened (UTC instant). */
  timestamp: Date;
  /** The emitting plugin's `spec.label`. */
  label: string;
  /** Short event type, e.g. `"file_mod"`. */
  event: string;
  /** Optional JSON payload; must contain `spec.dataHeader` when the spec sets one. */
  data?: Record<string, unknown> | null;
  /** Optional deterministic id (see {@linkcode eventId}). */
  id?: string;
}

/**
 * How a plugin describes itself to the runtime.
 *
 * @example
 * ```ts
 * const spec: PluginSpec = { label: "mymonitor", dataHeader: "items", pollIntervalS: 5 };
 * ```
 */
export interface PluginSpec {
  /** Unique identifier, `^[A-Za-z_][A-Za-z0-9_]*$`; also the config section name. */
  label: string;
  /** Key in `event.data` whose values are aggregated by `filterMethod` when a segment closes. */
  dataHeader?: string | null;
  /** Whether this plugin's events open segments and restart the cooldown (default `true`). */
  resetsCooldown?: boolean;
  /** Whether events bypass segments and are written at once (default `false`). */
  infrequent?: boolean;
  /** Seconds between polls (default 5, must be > 0). */
  pollIntervalS?: number;
}

/**
 * Optional descriptive metadata shown by `mimolo register`.
 *
 * @example
 * ```ts
 * const meta: PluginMeta = { version: "1.0.0", author: "me", description: "Watches things" };
 * ```
 */
export interface PluginMeta {
  /** The plugin's own version string. */
  version?: string;
  /** Who wrote it. */
  author?: string;
  /** One sentence on what it monitors. */
  description?: string;
}

/** Custom keys of a plugin's `[plugins.<label>]` config section, as written in TOML. */
export type PluginConfig = Record<string, unknown>;

/** Where the plugin runs: given to its constructor after the config. */
export interface PluginContext {
  /** Folder of the config file: resolve relative paths from the config against it. */
  configDir: string;
  /** The monitor's log folder (a watcher should not count its writes as activity). */
  logDir: string;
  /** The user's home folder, for expanding `~` in values that are not declared as paths. */
  homeDir?: string;
}
