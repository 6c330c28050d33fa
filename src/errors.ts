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

/** A plugin could not be discovered, loaded or registered: exit 3. */
export class PluginLoadError extends MimoloError {
  override readonly exitCode = 3;
  override name = "PluginLoadError";
}

/** Returns the message of any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
