/**
 * Example monitor: emits a synthetic demo event on every poll, so you can see
 * segments form. Study it as the smallest complete plugin.
 *
 * Config (`mimolo.toml`):
 * ```toml
 * [plugins.example]
 * enabled = true
 * poll_interval_s = 3   # optional; overrides spec.pollIntervalS
 * item_count = 5        # how many distinct fake items to draw from
 * burst_polls = 0        # emit on this many polls in a row, then ...
 * quiet_polls = 0        # ... stay quiet for this many (0: emit on every poll)
 * ```
 */
import {
  BaseMonitor,
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

  readonly itemCount: number;
  readonly burstPolls: number;
  readonly quietPolls: number;
  #polls = 0;

  constructor(config: PluginConfig = {}, context?: PluginContext) {
    super(config, context);
    this.itemCount = wholeNumber(config, "item_count", 5, 1);
    this.burstPolls = wholeNumber(config, "burst_polls", 0, 0);
    this.quietPolls = wholeNumber(config, "quiet_polls", 0, 0);
  }

  override emitEvent(): Event | null {
    const cycle = this.burstPolls + this.quietPolls;
    const phase = this.#polls++ % Math.max(cycle, 1);
    if (this.quietPolls > 0 && phase >= this.burstPolls) return null;
    const item = `fake_item_${1 + Math.floor(Math.random() * this.itemCount)}`;
    return this.makeEvent("demo", { examples: [item] });
  }

  /** Flattens the per-event lists, de-duplicates and sorts. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }
}

function wholeNumber(config: PluginConfig, key: string, fallback: number, min: number): number {
  const n = config[key] ?? fallback;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min) {
    throw new Error(`${key} must be a whole number >= ${min}, got ${JSON.stringify(n)}`);
  }
  return n;
}
