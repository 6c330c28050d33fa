import { type PluginLogger, pluginLogger } from "./log.ts";
import type { SegmentRecord } from "./records.ts";
import type { ConfigDeclaration } from "./config.ts";
import type { Event, PluginConfig, PluginContext, PluginMeta, PluginSpec } from "./types.ts";

/**
 * Base class of every MiMoLo monitor plugin. A plugin file default-exports a
 * subclass that sets `static spec` and overrides `emitEvent()`.
 *
 * @example
 * ```ts
 * export default class Hello extends BaseMonitor {
 *   static override spec: PluginSpec = { label: "hello" };
 *   override emitEvent(): Event | null {
 *     return this.makeEvent("hi");
 *   }
 * }
 * ```
 */
export abstract class BaseMonitor {
  /** The plugin's self-description; every subclass must set it. */
  static spec: PluginSpec;
  /** Optional metadata (version, author, description). */
  static meta?: PluginMeta;
  /**
   * Optional: the config keys this plugin accepts, with their types,
   * defaults and descriptions. When set, MiMoLo checks the plugin's
   * `[plugins.<label>]` section against it before constructing the plugin
   * (an unknown key or a wrong type is a configuration error), and the
   * constructor receives every declared key that has a value, defaults
   * filled in and paths made absolute. Without it, every custom key is
   * passed on as written.
   */
  static config?: ConfigDeclaration;
  /**
   * Optional: labels of plugins this one needs. A monitor that enables
   * this plugin refuses to start (exit 3) unless each of them is found and
   * enabled too, and starts them first: this plugin's first poll waits
   * until theirs has finished.
   */
  static requires?: readonly string[];

  /**
   * This plugin's config values: with a `static config` declaration,
   * checked and complete (every declared key that has a value, paths
   * absolute); without one, the custom keys of its config section exactly
   * as written in TOML.
   */
  readonly config: PluginConfig;
  /** Where the plugin runs (config folder, log folder). */
  readonly context: PluginContext;

  /**
   * Receives the plugin's custom config keys (standard keys such as `enabled`
   * are removed) and where it runs.
   */
  constructor(config: PluginConfig = {}, context?: PluginContext) {
    this.config = config;
    this.context = context ?? { configDir: ".", logDir: "./logs" };
  }

  /** Called once per poll: return an event when something happened, else `null`. */
  abstract emitEvent(): Event | null | Promise<Event | null>;

  /**
   * Aggregates the values collected under `spec.dataHeader` during a segment,
   * in arrival order. The default returns them unchanged.
   */
  static filterMethod(items: unknown[]): unknown {
    return items;
  }

  /**
   * Optional, for plugins that learn of activity from notifications (file
   * watchers, sockets): called after a poll that returned `null`. Return a
   * promise that settles when the plugin may have something to report, and
   * the polls in between are skipped (the next one runs at the next slot of
   * the poll interval, and at least once a minute regardless); return `null`
   * to be polled as usual. An idle plugin then costs no wake-ups at all.
   */
  nextActivity?(): Promise<void> | null;

  /** Called once before the first poll. */
  onStart?(): void | Promise<void>;
  /** Called once on shutdown, with a short deadline. */
  onStop?(): void | Promise<void>;
  /** Called after a segment this runtime wrote has closed. */
  onSegmentClose?(segment: SegmentRecord): void | Promise<void>;

  /** Diagnostics for MiMoLo's log (status and warnings; not activity). */
  get log(): PluginLogger {
    return pluginLogger;
  }

  /** This instance's spec (the subclass's `static spec`). */
  get spec(): PluginSpec {
    return (this.constructor as typeof BaseMonitor).spec;
  }

  /** Builds an event for this plugin with `timestamp` now and `label` filled in. */
  makeEvent(event: string, data?: Record<string, unknown> | null): Event {
    return { timestamp: new Date(), label: this.spec.label, event, data };
  }
}
