/**
 * TODO: one sentence on what this plugin monitors.
 *
 * Config (`mimolo.toml`; `mimolo plugin config template` prints a sample
 * section generated from `static config` below):
 * ```toml
 * [plugins.template]
 * enabled = true
 * ```
 *
 * Files whose name starts with "_" are not loaded as plugins: `mimolo plugin
 * new NAME` writes a copy of this template, named NAME.ts, with the label and
 * class name filled in, and its tests (from _template_test.ts) as
 * NAME_test.ts. Try it with `mimolo plugin test template.ts` (polls it as
 * the monitor would and shows what it emits) and `deno test`; check its
 * registration with `mimolo register`.
 */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
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

  // The keys [plugins.template] accepts besides the standard ones. MiMoLo checks the section
  // against it (an unknown key or a wrong type stops the monitor with a message) and passes every
  // declared key with a value, defaults filled in. Remove it to receive any key unchecked.
  static override config = {
    // TODO: declare your keys, e.g.
    // folder: { type: "path", default: ".", description: "Where to look." },
  } satisfies ConfigDeclaration;

  readonly options: ConfigValues<typeof TemplateMonitor.config>;

  constructor(config: PluginConfig = {}, context?: PluginContext) {
    super(config, context);
    this.options = config as ConfigValues<typeof TemplateMonitor.config>;
    // TODO: initialise state here.
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
