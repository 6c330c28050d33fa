import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors.ts";

/** `~` alone, or `~/…` (`~\…` too, for Windows users). */
const HOME_PREFIX = /^~(?=$|[\\/])/;

/**
 * The current user's home folder, or `null` when the OS does not say.
 *
 * @example
 * ```ts
 * homeDir(); // "/home/me"
 * ```
 */
export function homeDir(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/**
 * Replaces a leading `~` (alone or followed by a path separator) with the
 * home folder; any other path is returned as it is (`~bob/x` included: only
 * the current user's home is expanded).
 *
 * @example
 * ```ts
 * expandHome("~/projects", "/home/me"); // "/home/me/projects"
 * expandHome("./~", "/home/me"); // "./~"
 * ```
 */
export function expandHome(path: string, home: string | null = homeDir()): string {
  if (!HOME_PREFIX.test(path)) return path;
  if (home === null) {
    throw new ConfigError(`${path}: cannot expand "~": the home folder is not known`);
  }
  return home + path.slice(1);
}

/**
 * A path setting made absolute the way MiMoLo reads every path: a leading
 * `~` is the home folder, other relative paths are resolved against
 * `baseDir` (the config file's folder).
 *
 * @example
 * ```ts
 * resolveUserPath("logs", "/etc/mimolo"); // "/etc/mimolo/logs"
 * resolveUserPath("~/logs", "/etc/mimolo", "/home/me"); // "/home/me/logs"
 * ```
 */
export function resolveUserPath(
  path: string,
  baseDir: string,
  home: string | null = homeDir(),
): string {
  const expanded = expandHome(path, home);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(baseDir, expanded);
}
