import { describeConfigSource } from "../config/mod.ts";
import { ConfigError, UsageError } from "../errors.ts";
import { parseCommandArgs } from "./args.ts";
import { PLUGIN_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { sampleSection } from "./plugin_config_text.ts";
import { loadSetup } from "./setup.ts";

/**
 * `mimolo plugin config LABEL [-c FILE]`: prints a commented sample
 * `[plugins.LABEL]` section generated from the plugin's config declaration
 * (a plugin found in the built-in folder or the config's plugin_dirs).
 *
 * @example
 * ```ts
 * await pluginConfigCommand(["folderwatch"], stdio);
 * ```
 */
export async function pluginConfigCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals: [label] } = parseCommandArgs("plugin config", args, {
    config: { type: "string", short: "c", value: "FILE" },
    help: { type: "boolean", short: "h" },
  }, ["LABEL"]);
  if (values.help) {
    io.out(PLUGIN_HELP);
    return 0;
  }
  if (label === undefined) {
    throw new UsageError("plugin config", "LABEL is missing (mimolo register lists the labels)");
  }
  const { config, catalog } = await loadSetup(values.config);
  const plugin = catalog.plugins.find((p) => p.spec.label === label);
  if (plugin === undefined) {
    const found = catalog.plugins.map((p) => p.spec.label).sort().join(", ") || "none";
    throw new ConfigError(
      `mimolo plugin config: no plugin with label "${label}" was found (discovered: ${found})`,
    );
  }
  io.err(`mimolo plugin config: ${describeConfigSource(config)}`);
  io.out(sampleSection(plugin));
  return 0;
}
