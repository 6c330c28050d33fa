/**
 * The `mimolo` command line: dispatches commands and is the one place that
 * maps errors to exit codes and prints them.
 * @module
 */
import { MimoloError } from "../errors.ts";
import { printable } from "../log/printable.ts";
import { VERSION } from "../version.ts";
import { MAIN_HELP } from "./help.ts";
import type { Output } from "./output.ts";

export { stdio } from "./output.ts";
export type { Output } from "./output.ts";

type Command = (args: string[], io: Output) => Promise<number>;

/**
 * Each command's module is imported when that command runs: the monitor runs
 * all day, and the code of report, service, init, … would otherwise stay in
 * its memory for nothing (docs/benchmarks.md, "Whole-process memory").
 */
const COMMANDS: Record<string, Command> = {
  monitor: async (args, io) => (await import("./monitor_cmd.ts")).monitorCommand(args, io),
  init: async (args, io) => (await import("./init_cmd.ts")).initCommand(args, io),
  service: async (args, io) => (await import("./service_cmd.ts")).serviceCliCommand(args, io),
  register: async (args, io) => (await import("./register_cmd.ts")).registerCommand(args, io),
  report: async (args, io) => (await import("./report_cmd.ts")).reportCommand(args, io),
  synthetic: async (args, io) => (await import("./synthetic_cmd.ts")).syntheticCommand(args, io),
  test: async (args, io) => {
    // The old name: kept working, with stdout unchanged, so existing pipes do not break.
    io.err(
      'mimolo: "mimolo test" is now "mimolo synthetic" (synthetic events, no plugin); ' +
        "to run a plugin and see what it emits: mimolo plugin test FILE",
    );
    return (await import("./synthetic_cmd.ts")).syntheticCommand(args, io);
  },
  plugin: async (args, io) => (await import("./plugin_cmd.ts")).pluginCommand(args, io),
  sdk: async (args, io) => (await import("./sdk_cmd.ts")).sdkCommand(args, io),
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
