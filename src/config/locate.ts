import { join } from "node:path";
import { ConfigError } from "../errors.ts";
import { resolveUserPath } from "./paths.ts";

/** The config file's name in a folder: `./mimolo.toml`, the user's config folder. */
export const CONFIG_FILE_NAME = "mimolo.toml";

/** The environment variable that names a config file. */
export const CONFIG_ENV = "MIMOLO_CONFIG";

/** Where a config file was found, in lookup order. */
export type ConfigOrigin = "--config" | "$MIMOLO_CONFIG" | "./mimolo.toml" | "user config folder";

/** A config file found by {@linkcode locateConfig}. */
export interface LocatedConfig {
  /** Absolute path of the file. */
  path: string;
  /** Which rule found it. */
  origin: ConfigOrigin;
}

/** What the lookup reads from the process: injectable so tests can use a temporary home. */
export interface Places {
  /** An environment variable, or `undefined`. */
  env(name: string): string | undefined;
  /** The working directory. */
  cwd: string;
  /** The operating system, as `Deno.build.os`. */
  os: typeof Deno.build.os;
}

/**
 * The real process's environment, working directory and OS.
 *
 * @example
 * ```ts
 * userConfigDir(systemPlaces());
 * ```
 */
export function systemPlaces(): Places {
  return { env: (name) => Deno.env.get(name), cwd: Deno.cwd(), os: Deno.build.os };
}

/**
 * The home folder `places` describes (`$HOME`, `%USERPROFILE%`), or `null`.
 *
 * @example
 * ```ts
 * homeOf(systemPlaces()); // "/home/me"
 * ```
 */
export function homeOf(places: Places): string | null {
  return places.env(places.os === "windows" ? "USERPROFILE" : "HOME") ?? null;
}

/**
 * The folder that holds the user's MiMoLo config: `$XDG_CONFIG_HOME/mimolo`
 * (default `~/.config/mimolo`) on Linux and other Unixes,
 * `~/Library/Application Support/mimolo` on macOS, `%APPDATA%\mimolo` on
 * Windows; `null` when the environment does not say where home is.
 *
 * @example
 * ```ts
 * userConfigDir({ env: (n) => ({ HOME: "/home/me" })[n], cwd: "/", os: "linux" }); // "/home/me/.config/mimolo"
 * ```
 */
export function userConfigDir(places: Places): string | null {
  return userDir(places, "XDG_CONFIG_HOME", ".config", "APPDATA");
}

/**
 * The folder for the user's MiMoLo data (logs written by a config from
 * `mimolo init`): `$XDG_DATA_HOME/mimolo` (default `~/.local/share/mimolo`),
 * `~/Library/Application Support/mimolo` on macOS, `%LOCALAPPDATA%\mimolo`
 * on Windows.
 *
 * @example
 * ```ts
 * userDataDir({ env: (n) => ({ HOME: "/home/me" })[n], cwd: "/", os: "linux" }); // "/home/me/.local/share/mimolo"
 * ```
 */
export function userDataDir(places: Places): string | null {
  return userDir(places, "XDG_DATA_HOME", join(".local", "share"), "LOCALAPPDATA");
}

function userDir(places: Places, xdg: string, xdgDefault: string, windows: string): string | null {
  const appDir = (base: string | undefined | null) => base ? join(base, "mimolo") : null;
  if (places.os === "windows") return appDir(places.env(windows));
  const h = homeOf(places);
  if (places.os === "darwin") return appDir(h && join(h, "Library", "Application Support"));
  const base = places.env(xdg);
  // The XDG spec ignores relative paths in these variables.
  if (base && base.startsWith("/")) return appDir(base);
  return appDir(h && join(h, xdgDefault));
}

/**
 * Finds the config file, first found wins: `-c FILE` (`explicit`), then
 * `$MIMOLO_CONFIG`, then `./mimolo.toml`, then `mimolo.toml` in the
 * {@linkcode userConfigDir}. Returns `null` when there is none (the built-in
 * defaults apply). A file named by `-c` or `$MIMOLO_CONFIG` that does not
 * exist is an error, not a reason to look further.
 *
 * @example
 * ```ts
 * const found = await locateConfig(undefined); // { path: "/home/me/.config/mimolo/mimolo.toml", origin: "user config folder" }
 * ```
 */
export async function locateConfig(
  explicit: string | undefined,
  places: Places = systemPlaces(),
): Promise<LocatedConfig | null> {
  const at = (p: string) => resolveUserPath(p, places.cwd, homeOf(places));
  if (explicit !== undefined) return { path: at(explicit), origin: "--config" };
  const fromEnv = places.env(CONFIG_ENV);
  if (fromEnv) {
    const path = at(fromEnv);
    if (!(await isFile(path))) {
      throw new ConfigError(`$${CONFIG_ENV}=${fromEnv}: no config file there`);
    }
    return { path, origin: "$MIMOLO_CONFIG" };
  }
  const local = join(places.cwd, CONFIG_FILE_NAME);
  if (await isFile(local)) return { path: local, origin: "./mimolo.toml" };
  const dir = userConfigDir(places);
  if (dir !== null && await isFile(join(dir, CONFIG_FILE_NAME))) {
    return { path: join(dir, CONFIG_FILE_NAME), origin: "user config folder" };
  }
  return null;
}

/**
 * The places {@linkcode locateConfig} looks, for messages when it finds nothing.
 *
 * @example
 * ```ts
 * lookupOrder(systemPlaces()); // "$MIMOLO_CONFIG, ./mimolo.toml, /home/me/.config/mimolo/mimolo.toml"
 * ```
 */
export function lookupOrder(places: Places = systemPlaces()): string {
  const dir = userConfigDir(places);
  return [`$${CONFIG_ENV}`, `./${CONFIG_FILE_NAME}`, ...(dir ? [join(dir, CONFIG_FILE_NAME)] : [])]
    .join(", ");
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw new ConfigError(`cannot look for a config file at ${path}: ${(err as Error).message}`);
  }
}
