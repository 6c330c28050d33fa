/**
 * Template for a new MiMoLo plugin. Files starting with "_" are not loaded,
 * so this one is safe to keep here. To start a plugin:
 *
 * 1. Copy this file into a plugin folder (see `plugin_dirs` in mimolo.toml)
 *    under a name without the leading "_", e.g. `myplugin.ts`.
 * 2. Fill in the TODOs below.
 * 3. Add its section to mimolo.toml:
 *      [plugins.template]   # TODO: your label
 *      enabled = true
 * 4. Check it with `mimolo register`, then `mimolo monitor --dry-run`.
 */
import { BaseMonitor, type Event, type PluginConfig, type PluginSpec } from "@mimolo/sdk";

// TODO: rename the class.
export default class TemplateMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "template", // TODO: unique identifier; also the config section name
    dataHeader: null, // TODO: key of event.data to aggregate, or null
    resetsCooldown: true, // TODO: false if events should not keep a segment open
    infrequent: false, // TODO: true to bypass segments and write each event at once
    pollIntervalS: 5, // TODO: seconds between polls
  };

  constructor(config: PluginConfig = {}) {
    super(config);
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
