import { resolve } from "node:path";
import type { PluginContext } from "@mimolo/sdk";
import type { FolderwatchConfig } from "../folderwatch.ts";
import type { IgnoreSources } from "./ignore_rules.ts";

/** How a folder is observed: OS notifications (falling back to scanning), or always scanning. */
export type WatchMode = "auto" | "scan";

/** folderwatch's configuration, validated, with folders made absolute. */
export interface FolderwatchOptions {
  /** Absolute folders to watch, recursively. */
  dirs: string[];
  /** Lower-case extensions with their dot (".ts"); empty means every file. */
  extensions: string[];
  /** Report the files already present when watching starts. */
  emitOnDiscovery: boolean;
  /** `auto`: Deno.watchFs with a scan fallback; `scan`: mtime scans (e.g. network drives). */
  mode: WatchMode;
  /** What is not activity, in every watched folder. */
  ignores: IgnoreSources;
}

/**
 * Turns folderwatch's declared config values (checked by MiMoLo, paths
 * already absolute) into its options; `~` at the start of an `ignore` entry
 * is the home folder.
 *
 * @example
 * ```ts
 * parseOptions(
 *   { watch_dirs: ["/p/src"], extensions: ["TS"], emit_on_discovery: false, watch_mode: "auto",
 *     default_ignores: true, respect_gitignore: true, ignore: ["*.log"] },
 *   { configDir: "/p", logDir: "/p/logs" },
 * ).ignores; // { defaults: true, gitignore: true, patterns: ["*.log"], excluded: ["/p/logs"] }
 * ```
 */
export function parseOptions(
  config: FolderwatchConfig,
  context: PluginContext,
): FolderwatchOptions {
  const extensions = config.extensions.map((e) => (e.startsWith(".") ? e : `.${e}`).toLowerCase());
  if (extensions.includes(".")) {
    throw new Error(
      `extensions must not contain an empty extension, got ${JSON.stringify(config.extensions)}`,
    );
  }
  return {
    dirs: [...new Set(config.watch_dirs.map((d) => resolve(context.configDir, d)))],
    extensions,
    emitOnDiscovery: config.emit_on_discovery,
    mode: config.watch_mode as WatchMode,
    ignores: {
      defaults: config.default_ignores,
      gitignore: config.respect_gitignore,
      patterns: config.ignore.map((p) => expandHome(p, context.homeDir)),
      excluded: [resolve(context.configDir, context.logDir)],
    },
  };
}

/** `~` or `~/…` (after an optional `!`) with the home folder put in. */
function expandHome(pattern: string, home: string | undefined): string {
  const match = /^(!?)~(?=$|[\\/])/.exec(pattern);
  if (!match) return pattern;
  if (home === undefined) {
    throw new Error(`ignore: cannot expand "~" in ${JSON.stringify(pattern)}: home folder unknown`);
  }
  return match[1] + home + pattern.slice(match[0].length);
}
