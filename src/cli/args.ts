import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, errorMessage } from "../errors.ts";

/** Options of one command, in `node:util` `parseArgs` form. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses a command's arguments strictly; a wrong flag is a usage error
 * (exit 2) that points at `--help`.
 *
 * @example
 * ```ts
 * parseCommandArgs("monitor", ["--once"], { once: { type: "boolean" } }).values.once; // true
 * ```
 */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  args: string[],
  options: T,
): {
  values: ReturnType<typeof parseArgs<{ options: T; args: string[]; strict: true }>>["values"];
} {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
    return { values };
  } catch (err) {
    const reason = errorMessage(err).replace(/\s*\n\s*/g, " ");
    throw new ConfigError(`mimolo ${command}: ${reason} (see mimolo ${command} --help)`);
  }
}

/**
 * Reads a numeric flag, requiring it to be finite, above `min` and at most `max`.
 *
 * @example
 * ```ts
 * numberFlag("--cooldown", "5", 0, 86_400); // 5
 * ```
 */
export function numberFlag(flag: string, text: string, min: number, max = Infinity): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= min || n > max) {
    const range = max === Infinity ? `> ${min}` : `> ${min} and at most ${max}`;
    throw new ConfigError(`${flag}: expected a number ${range}, got "${text}"`);
  }
  return n;
}
