/**
 * The `mimolo` command line: dispatches commands and is the one place that
 * maps errors to exit codes and prints them.
 * @module
 */
import { MimoloError } from "../errors.ts";
import { printable } from "../log/printable.ts";
import { VERSION } from "../version.ts";
import { MAIN_HELP } from "./help.ts";
import { initCommand } from "./init_cmd.ts";
import { monitorCommand } from "./monitor_cmd.ts";
import type { Output } from "./output.ts";
import { pluginCommand } from "./plugin_cmd.ts";
import { registerCommand } from "./register_cmd.ts";
import { sdkCommand } from "./sdk_cmd.ts";
import { serviceCliCommand } from "./service_cmd.ts";
import { reportCommand } from "./report_cmd.ts";
import { syntheticCommand } from "./synthetic_cmd.ts";

export { stdio } from "./output.ts";
export type { Output } from "./output.ts";

const COMMANDS: Record<string, (args: string[], io: Output) => Promise<number>> = {
  monitor: monitorCommand,
  init: (args, io) => initCommand(args, io),
  service: (args, io) => serviceCliCommand(args, io),
  register: registerCommand,
  report: reportCommand,
  synthetic: syntheticCommand,
  test: (args, io) => {
    // The old name: kept working, with stdout unchanged, so existing pipes do not break.
    io.err(
      'mimolo: "mimolo test" is now "mimolo synthetic" (synthetic events, no plugin); ' +
        "to run a plugin and see what it emits: mimolo plugin test FILE",
    );
    return syntheticCommand(args, io);
  },
  plugin: pluginCommand,
  sdk: sdkCommand,
};

/**
 * Runs `mimolo` with `args` and returns the exit code: 0 ok, 1 unexpected
 * error, 2 configuration error, 3 plugin loading error.
 *
 * @example
 * ```ts
 * Deno.exit(await runCli(Deno.args, stdio));
 * ```
 */
export async function runCli(args: string[], io: Output): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.out(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "-V" || command === "--version") {
    io.out(`mimolo ${VERSION} (deno ${Deno.version.deno})`);
    return 0;
  }
  const handler = COMMANDS[command];
  if (!handler && command.startsWith("-")) {
    io.err(`mimolo: unknown option ${command} (see mimolo --help)`);
    return 2;
  }
  if (!handler) {
    io.err(
      `mimolo: unknown command "${command}" (commands: ${
        Object.keys(COMMANDS).join(", ")
      }; see mimolo --help)`,
    );
    return 2;
  }
  try {
    return await handler(rest, io);
  } catch (err) {
    if (err instanceof MimoloError) {
      // Several lines on purpose (one per broken plugin), each possibly quoting a plugin.
      for (const line of err.message.split("\n")) io.err(errorLine(printable(line)));
      return err.exitCode;
    }
    io.err(
      `mimolo: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`,
    );
    io.err("mimolo: this is a bug; please report it with the lines above.");
    return 1;
  }
}

/**
 * One line of an error as printed: a message that names its command
 * (`mimolo monitor: …`) stands as it is; any other gets `mimolo: `.
 */
function errorLine(line: string): string {
  return line.startsWith("mimolo ") ? line : `mimolo: ${line}`;
}
