import { UsageError } from "../errors.ts";
import { PLUGIN_HELP } from "./help.ts";
import { pluginConfigCommand } from "./plugin_config_cmd.ts";
import { pluginNewCommand } from "./plugin_new_cmd.ts";
import { pluginTestCommand } from "./plugin_test_cmd.ts";
import type { Output } from "./output.ts";

/**
 * `mimolo plugin new|test|config`: see {@linkcode pluginNewCommand},
 * {@linkcode pluginTestCommand} and {@linkcode pluginConfigCommand}.
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
  return await pluginNewCommand(rest, io);
}
