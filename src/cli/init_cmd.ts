import { join, resolve } from "node:path";
import {
  CONFIG_FILE_NAME,
  homeOf,
  loadConfig,
  type Places,
  systemPlaces,
  userConfigDir,
  userDataDir,
} from "../config/mod.ts";
import { resolveUserPath } from "../config/paths.ts";
import { ConfigError, errorMessage, MimoloError } from "../errors.ts";
import { parseCommandArgs } from "./args.ts";
import { INIT_HELP } from "./help.ts";
import type { Output } from "./output.ts";

/**
 * `mimolo init [--watch DIR]...`: writes a starter config into the user's
 * config folder (never over an existing one): folderwatch on the given
 * folders (default: the working directory) with exactly the read grant it
 * needs, logs in the user's data folder, the demo plugin off.
 *
 * @example
 * ```ts
 * await initCommand(["--watch", "/home/me/projects"], stdio);
 * ```
 */
export async function initCommand(
  args: string[],
  io: Output,
  places: Places = systemPlaces(),
): Promise<number> {
  const { values } = parseCommandArgs("init", args, {
    watch: { type: "string", multiple: true, value: "DIR" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(INIT_HELP);
    return 0;
  }
  const configDir = userConfigDir(places);
  const dataDir = userDataDir(places);
  if (configDir === null || dataDir === null) {
    throw new ConfigError(
      "mimolo init: cannot tell where your config folder is (HOME, APPDATA or LOCALAPPDATA is " +
        "not set); write a mimolo.toml yourself and pass it with -c",
    );
  }
  const watchDirs = await watchedFolders(values.watch ?? [], places);
  const file = join(configDir, CONFIG_FILE_NAME);
  const logDir = join(dataDir, "logs");
  const pluginDir = join(configDir, "plugins");
  try {
    await Deno.mkdir(pluginDir, { recursive: true });
    await Deno.writeTextFile(file, starterConfig(watchDirs, logDir, pluginDir), {
      createNew: true,
    });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      throw new ConfigError(
        `mimolo init: ${file} already exists; not overwriting it (edit it, or move it away ` +
          `and run mimolo init again)`,
      );
    }
    throw new MimoloError(`mimolo init: cannot write ${file}: ${errorMessage(err)}`);
  }
  await loadConfig(file); // what init writes must be a valid config
  io.out(`wrote ${file}`);
  io.out(`  folderwatch watches: ${watchDirs.join(", ")}`);
  io.out(`  logs go to:          ${logDir}`);
  io.out(`  your plugin folder:  ${pluginDir}`);
  io.out(
    'Start it with "mimolo monitor" (every command finds this file by itself), or at every login ' +
      'with "mimolo service install".',
  );
  return 0;
}

/** The folders to watch, absolute, each an existing folder; the working directory by default. */
async function watchedFolders(given: readonly string[], places: Places): Promise<string[]> {
  const home = homeOf(places);
  const dirs = given.length > 0
    ? given.map((d) => resolveUserPath(d, places.cwd, home))
    : [places.cwd];
  if (given.length === 0 && home && resolve(home) === resolve(places.cwd)) {
    throw new ConfigError(
      "mimolo init: name the folders you work in with --watch DIR (watching your whole home " +
        "folder counts every download and cache as work)",
    );
  }
  for (const dir of dirs) {
    let isDir = false;
    try {
      isDir = (await Deno.stat(dir)).isDirectory;
    } catch {
      // reported below
    }
    if (!isDir) throw new ConfigError(`mimolo init: --watch ${dir}: not an existing folder`);
  }
  return [...new Set(dirs)];
}

/**
 * The config `mimolo init` writes.
 *
 * @example
 * ```ts
 * starterConfig(["/home/me/src"], "/home/me/.local/share/mimolo/logs", "/home/me/.config/mimolo/plugins");
 * ```
 */
export function starterConfig(watchDirs: string[], logDir: string, pluginDir: string): string {
  const list = (items: string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;
  return `# MiMoLo configuration, written by "mimolo init".
# Every key and its default: docs/configuration.md. Relative paths resolve against this file's folder.

[monitor]
cooldown_seconds = 600    # a segment closes 10 minutes after its last activity
log_dir = ${JSON.stringify(logDir)}
log_format = "jsonl"      # jsonl | yaml | md
plugin_dirs = ${list([pluginDir])}   # drop your own plugin files here

# folderwatch: the folders you work in. Every file created, changed, renamed or
# removed below them is activity; the log folder never is.
[plugins.folderwatch]
watch_dirs = ${list(watchDirs)}

# folderwatch may read the folders it watches, and nothing else.
[plugins.folderwatch.permissions]
read = ${list(watchDirs)}

# The demo plugin emits fake events: off.
[plugins.example]
enabled = false
`;
}
