/**
 * The one error hierarchy of MiMoLo. Each kind carries the process exit code
 * the CLI maps it to; anything else is an unexpected error (exit 1).
 *
 * @example
 * ```ts
 * throw new ConfigError("mimolo.toml: [monitor].cooldown_seconds: expected a number >= 0");
 * ```
 */
export class MimoloError extends Error {
  /** Process exit code for this kind of failure. */
  readonly exitCode: number = 1;
  override name = "MimoloError";
}

/** The configuration (file, flags) is invalid: exit 2. */
export class ConfigError extends MimoloError {
  override readonly exitCode = 2;
  override name = "ConfigError";
}

/**
 * A command was called wrongly (an unknown option, a missing value, an
 * unexpected argument): exit 2. Its message names the command and points at
 * its help, e.g. `mimolo monitor: unknown option --onse (did you mean
 * --once?) (see mimolo monitor --help)`.
 */
export class UsageError extends ConfigError {
  override name = "UsageError";
  /** The command as typed after `mimolo`, e.g. `plugin new`. */
  readonly command: string;

  /** @param command e.g. `"monitor"`; @param problem what is wrong, naming the option. */
  constructor(command: string, problem: string) {
    super(`mimolo ${command}: ${problem} (see mimolo ${command} --help)`);
    this.command = command;
  }
}

/** A plugin could not be discovered, loaded or registered: exit 3. */
export class PluginLoadError extends MimoloError {
  override readonly exitCode = 3;
  override name = "PluginLoadError";
}

/** Returns the message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
