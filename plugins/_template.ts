/**
 * TODO: one sentence on what this plugin monitors.
 *
 * Config (`mimolo.toml`):
 * ```toml
 * [plugins.template]
 * enabled = true
 * # TODO: list the custom keys this plugin reads from `this.config`.
 * ```
 *
 * Files whose name starts with "_" are not loaded as plugins: `mimolo plugin
 * new NAME` writes a copy of this template, named NAME.ts, with the label and
 * class name filled in. Check it with `mimolo register` and
 * `mimolo monitor --dry-run`.
 */
import {
  BaseMonitor,
  type Event,
  type PluginConfig,
  type PluginContext,
  type PluginSpec,
} from "@mimolo/sdk";

export default class TemplateMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "template", // unique identifier; also the config section name
    dataHeader: null, // TODO: key of event.data to aggregate, or null
    resetsCooldown: true, // TODO: false if events should not keep a segment open
    infrequent: false, // TODO: true to bypass segments and write each event at once
    pollIntervalS: 5, // TODO: seconds between polls
  };

  constructor(config: PluginConfig = {}, context?: PluginContext) {
    super(config, context);
    // TODO: read your custom config keys from `config` and initialise state here.
  }

  override emitEvent(): Event | null {
    // TODO: detect something. Return an event when it happened, null otherwise:
    //   return this.makeEvent("event_type", { items: ["detected_value"] });
    // With a dataHeader, data must contain that key.
    return null;
  }

  /** TODO: aggregate the values collected under dataHeader when a segment closes. */
  static override filterMethod(items: unknown[]): unknown {
    // Examples: de-duplicate: [...new Set(items)]; count: { count: items.length }
    return items;
  }
}
