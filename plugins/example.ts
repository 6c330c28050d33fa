/**
 * Example monitor: emits a synthetic demo event on every poll, so you can see
 * segments form. Study it as the smallest complete plugin.
 *
 * Its config keys are declared in `static config` (MiMoLo checks the
 * `[plugins.example]` section against it; `mimolo plugin config example`
 * prints a sample section):
 * ```toml
 * [plugins.example]
 * enabled = true
 * poll_interval_s = 3   # optional; overrides spec.pollIntervalS
 * item_count = 5        # how many distinct fake items to draw from
 * burst_polls = 0       # emit on this many polls in a row, then ...
 * quiet_polls = 0       # ... stay quiet for this many (0: emit on every poll)
 * ```
 */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginConfig,
  type PluginContext,
  type PluginMeta,
  type PluginSpec,
} from "@mimolo/sdk";

export default class ExampleMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "example",
    dataHeader: "examples",
    resetsCooldown: true,
    infrequent: false,
    pollIntervalS: 3,
  };

  static override meta: PluginMeta = {
    version: "1.0.0",
    author: "MiMoLo",
    description: "Emits synthetic demo events (fake_item_N), optionally in bursts.",
  };

  static override config = {
    item_count: {
      type: "integer",
      default: 5,
      min: 1,
      description: "How many distinct fake items (fake_item_1 … fake_item_N) to draw from.",
    },
    burst_polls: {
      type: "integer",
      default: 0,
      min: 0,
      description: "Emit on this many polls in a row, then stay quiet for quiet_polls.",
    },
    quiet_polls: {
      type: "integer",
      default: 0,
      min: 0,
      description: "Polls to stay quiet after each burst (0: emit on every poll).",
    },
  } satisfies ConfigDeclaration;

  readonly options: ConfigValues<typeof ExampleMonitor.config>;
  #polls = 0;

  constructor(config: PluginConfig = {}, context?: PluginContext) {
    super(config, context);
    this.options = config as ConfigValues<typeof ExampleMonitor.config>;
  }

  override emitEvent(): Event | null {
    const { item_count, burst_polls, quiet_polls } = this.options;
    const phase = this.#polls++ % Math.max(burst_polls + quiet_polls, 1);
    if (quiet_polls > 0 && phase >= burst_polls) return null;
    const item = `fake_item_${1 + Math.floor(Math.random() * item_count)}`;
    return this.makeEvent("demo", { examples: [item] });
  }

  /** Flattens the per-event lists, de-duplicates and sorts. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }
}
