import { join } from "node:path";
import { resolveUserPath } from "../config/paths.ts";
import { ConfigError, errorMessage, MimoloError, UsageError } from "../errors.ts";
import { BUILTIN_PLUGIN_DIR } from "../plugins/discover.ts";
import { parseCommandArgs } from "./args.ts";
import { PLUGIN_HELP } from "./help.ts";
import { pluginConfigCommand } from "./plugin_config_cmd.ts";
import { pluginTestCommand } from "./plugin_test_cmd.ts";
import type { Output } from "./output.ts";
import { loadConfigOrDefault } from "../config/mod.ts";

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `mimolo plugin new NAME [--dir DIR]`: writes a ready-to-edit plugin from
 * the template and prints the config section to add. Never overwrites.
 * `mimolo plugin config LABEL`: see {@linkcode pluginConfigCommand}.
 *
 * @example
 * ```ts
 * await pluginCommand(["new", "notes", "--dir", "./plugins"], stdio);
 * ```
 */
export async function pluginCommand(args: string[], io: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    io.out(PLUGIN_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === "config") return await pluginConfigCommand(rest, io);
  if (sub === "test") return await pluginTestCommand(rest, io);
  if (sub !== "new") {
    throw new UsageError("plugin", `unknown subcommand "${sub}" (new, test, config)`);
  }
  const { values, positionals: [name] } = parseCommandArgs("plugin new", rest, {
    dir: { type: "string", value: "DIR" },
    config: { type: "string", short: "c", value: "FILE" },
    help: { type: "boolean", short: "h" },
  }, ["NAME"]);
  if (values.help) {
    io.out(PLUGIN_HELP);
    return 0;
  }
  if (name === undefined) throw new UsageError("plugin new", "NAME is missing");
  if (!LABEL.test(name)) {
    throw new UsageError(
      "plugin new",
      `NAME must be a plugin label (letters, digits, _; not starting with a digit), ` +
        `got ${JSON.stringify(name)}`,
    );
  }
  const dir = values.dir
    ? resolveUserPath(values.dir, Deno.cwd())
    : (await loadConfigOrDefault(values.config)).monitor.pluginDirs[0];
  const file = join(dir, `${name}.ts`);
  const template = await Deno.readTextFile(join(BUILTIN_PLUGIN_DIR, "_template.ts"));
  try {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(file, fillTemplate(template, name), { createNew: true });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      throw new ConfigError(`mimolo plugin new: ${file} already exists; not overwriting it`);
    }
    throw new MimoloError(`mimolo plugin new: cannot write ${file}: ${errorMessage(err)}`);
  }
  io.out(`wrote ${file}`);
  io.out("add this section to your mimolo.toml to enable it:");
  io.out("");
  io.out(`[plugins.${name}]`);
  io.out("enabled = true");
  return 0;
}

/**
 * The template with its label, config section and class name set for `name`.
 *
 * @example
 * ```ts
 * fillTemplate('label: "template"', "notes"); // 'label: "notes"'
 * ```
 */
export function fillTemplate(template: string, name: string): string {
  const className =
    name.split("_").filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("") +
    "Monitor";
  return template
    .replaceAll('label: "template"', `label: "${name}"`)
    .replaceAll("[plugins.template]", `[plugins.${name}]`)
    .replaceAll("mimolo plugin config template", `mimolo plugin config ${name}`)
    .replaceAll("TemplateMonitor", className);
}
