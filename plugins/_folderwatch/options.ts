import { isAbsolute, resolve } from "node:path";
import type { PluginConfig, PluginContext } from "@mimolo/sdk";

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
 * Reads `watch_dirs`, `extensions`, `emit_on_discovery` and `watch_mode`
 * from the plugin's config section; relative folders resolve against the
 * config file's folder.
 *
 * @example
 * ```ts
 * parseOptions({ watch_dirs: ["src"], extensions: ["TS"] }, { configDir: "/p", logDir: "/p/logs" });
 * // { dirs: ["/p/src"], extensions: [".ts"], emitOnDiscovery: false, mode: "auto", excluded: ["/p/logs"] }
 * ```
 */
export function parseOptions(config: PluginConfig, context: PluginContext): FolderwatchOptions {
  const dirs = stringList(config.watch_dirs ?? [], "watch_dirs", "folder paths");
  const extensions = stringList(config.extensions ?? [], "extensions", "file extensions");
  const emitOnDiscovery = config.emit_on_discovery ?? false;
  if (typeof emitOnDiscovery !== "boolean") {
    throw new Error(
      `emit_on_discovery must be true or false, got ${JSON.stringify(emitOnDiscovery)}`,
    );
  }
  const mode = config.watch_mode ?? "auto";
  if (mode !== "auto" && mode !== "scan") {
    throw new Error(`watch_mode must be "auto" or "scan", got ${JSON.stringify(mode)}`);
  }
  const absolute = (p: string) => (isAbsolute(p) ? resolve(p) : resolve(context.configDir, p));
  return {
    dirs: [...new Set(dirs.map(absolute))],
    extensions: extensions.map((e) => (e.startsWith(".") ? e : `.${e}`).toLowerCase()),
    emitOnDiscovery,
    mode,
    excluded: [absolute(context.logDir)],
  };
}

function stringList(value: unknown, key: string, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
    throw new Error(`${key} must be a list of ${what}, got ${JSON.stringify(value)}`);
  }
  return value;
}
