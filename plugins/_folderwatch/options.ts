import { resolve } from "node:path";
import type { PluginContext } from "@mimolo/sdk";
import type { FolderwatchConfig } from "../folderwatch.ts";

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
  /** Folders whose changes are never activity (the monitor's own log folder). */
  excluded: string[];
}

/**
 * Turns folderwatch's declared config values (checked by MiMoLo, paths
 * already absolute) into its options.
 *
 * @example
 * ```ts
 * parseOptions(
 *   { watch_dirs: ["/p/src"], extensions: ["TS"], emit_on_discovery: false, watch_mode: "auto" },
 *   { configDir: "/p", logDir: "/p/logs" },
 * );
 * // { dirs: ["/p/src"], extensions: [".ts"], emitOnDiscovery: false, mode: "auto", excluded: ["/p/logs"] }
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
    excluded: [resolve(context.configDir, context.logDir)],
  };
}
