import type { BaseMonitor, SegmentRecord } from "@mimolo/sdk";
import type { RegisteredPlugin } from "./registry.ts";

/**
 * Where plugins run. The runtime talks only to this seam, so how plugins are
 * isolated can change without touching the engine, config or CLI.
 */
export interface PluginHost {
  /** Calls `emitEvent()` (constructing the plugin and calling `onStart()` first if needed). */
  poll(label: string): Promise<unknown>;
  /** Runs the plugin's static `filterMethod` over collected values. */
  filter(label: string, values: unknown[]): Promise<unknown>;
  /** Tells every started plugin that a segment closed. */
  segmentClosed(record: SegmentRecord): Promise<void>;
  /** Calls `onStop()` on every started plugin, each bounded by `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
}

/**
 * Runs plugins in this process. A constructor or `onStart()` that throws
 * fails that poll; the next poll tries again.
 *
 * @example
 * ```ts
 * const host = new InProcessHost(selectPlugins(catalog, config));
 * await host.poll("example");
 * ```
 */
export class InProcessHost implements PluginHost {
  readonly #plugins: Map<string, RegisteredPlugin>;
  readonly #instances = new Map<string, BaseMonitor>();

  /** @param plugins the plugins this host may run. */
  constructor(plugins: readonly RegisteredPlugin[]) {
    this.#plugins = new Map(plugins.map((p) => [p.spec.label, p]));
  }

  async poll(label: string): Promise<unknown> {
    const instance = this.#instances.get(label) ?? await this.#start(label);
    return await instance.emitEvent();
  }

  async filter(label: string, values: unknown[]): Promise<unknown> {
    return await this.#plugin(label).cls.filterMethod(values);
  }

  async segmentClosed(record: SegmentRecord): Promise<void> {
    await Promise.allSettled(
      [...this.#instances.values()].map(async (i) => await i.onSegmentClose?.(record)),
    );
  }

  async stop(deadlineMs: number): Promise<void> {
    const stops = [...this.#instances.values()].map(async (i) => await i.onStop?.());
    this.#instances.clear();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((r) => timer = setTimeout(r, deadlineMs));
    await Promise.race([Promise.allSettled(stops), deadline]);
    clearTimeout(timer);
  }

  async #start(label: string): Promise<BaseMonitor> {
    const plugin = this.#plugin(label);
    const instance = new plugin.cls({ ...plugin.custom });
    await instance.onStart?.();
    this.#instances.set(label, instance);
    return instance;
  }

  #plugin(label: string): RegisteredPlugin {
    const plugin = this.#plugins.get(label);
    if (!plugin) throw new Error(`unknown plugin "${label}"`);
    return plugin;
  }
}
