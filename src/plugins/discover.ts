import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PluginMeta } from "@mimolo/sdk";
import { errorMessage } from "../errors.ts";
import { importPluginFile } from "./module_loader.ts";
import {
  metaOf,
  type MonitorClass,
  monitorClassOf,
  type ResolvedSpec,
  resolveSpec,
} from "./spec.ts";

/** The folder of the plugins that ship with MiMoLo (embedded in the binary). */
export const BUILTIN_PLUGIN_DIR: string = fileURLToPath(new URL("../../plugins/", import.meta.url));

/** A plugin file that loaded and described itself correctly. */
export interface DiscoveredPlugin {
  /** Absolute path of the plugin file. */
  file: string;
  /** Whether it ships with MiMoLo. */
  builtin: boolean;
  /** The default-exported monitor class. */
  cls: MonitorClass;
  /** Its spec with defaults filled in. */
  spec: ResolvedSpec;
  /** Its optional metadata. */
  meta: PluginMeta;
}

/** A plugin file that could not be used, and why. */
export interface BrokenPlugin {
  /** Absolute path of the plugin file. */
  file: string;
  /** One line: what is wrong. */
  reason: string;
}

/** Everything found in the plugin folders. */
export interface PluginCatalog {
  /** Usable plugins, by file name within each folder. */
  plugins: DiscoveredPlugin[];
  /** Files that failed, with reasons (duplicate labels included). */
  broken: BrokenPlugin[];
  /** Configured plugin folders that do not exist. */
  missingDirs: string[];
}

/**
 * Whether a file in a plugin folder is a plugin module: `.ts`/`.js`, not a
 * helper (`_*`), a test (`*_test.ts`) or a declaration file (`*.d.ts`).
 *
 * @example
 * ```ts
 * isPluginFile("example.ts"); // true
 * isPluginFile("_template.ts"); // false
 * ```
 */
export function isPluginFile(name: string): boolean {
  if (name.startsWith("_") || name.startsWith(".")) return false;
  if (name.endsWith(".d.ts") || /_test\.[jt]s$/.test(name)) return false;
  return name.endsWith(".ts") || name.endsWith(".js");
}

/**
 * Loads every plugin file of the built-in folder and of `dirs` (each folder
 * read once, even when listed twice). Bad files are reported, not thrown.
 *
 * @example
 * ```ts
 * const catalog = await discoverPlugins(["/home/me/.mimolo/plugins"]);
 * ```
 */
export async function discoverPlugins(dirs: readonly string[]): Promise<PluginCatalog> {
  const catalog: PluginCatalog = { plugins: [], broken: [], missingDirs: [] };
  const seenDirs = new Set<string>();
  const byLabel = new Map<string, DiscoveredPlugin>();
  const folders: [string, boolean][] = [
    [BUILTIN_PLUGIN_DIR, true],
    ...dirs.map((d): [string, boolean] => [d, false]),
  ];
  for (const [dir, builtin] of folders) {
    const real = await realDir(dir);
    if (real === null) {
      if (!builtin) catalog.missingDirs.push(resolve(dir));
      continue;
    }
    if (seenDirs.has(real)) continue;
    seenDirs.add(real);
    for (const file of await pluginFiles(real)) {
      const found = await loadOne(file, builtin);
      if ("reason" in found) {
        catalog.broken.push(found);
        continue;
      }
      const twin = byLabel.get(found.spec.label);
      if (twin) {
        catalog.broken.push({
          file,
          reason: `plugin label "${found.spec.label}" is already used by ${twin.file}`,
        });
        continue;
      }
      byLabel.set(found.spec.label, found);
      catalog.plugins.push(found);
    }
  }
  return catalog;
}

async function loadOne(file: string, builtin: boolean): Promise<DiscoveredPlugin | BrokenPlugin> {
  try {
    const cls = monitorClassOf(await importPluginFile(file), file);
    const spec = resolveSpec(cls.spec, file, cls.name);
    return { file, builtin, cls, spec, meta: metaOf(cls.meta) };
  } catch (err) {
    const message = errorMessage(err);
    return {
      file,
      reason: message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message,
    };
  }
}

async function realDir(dir: string): Promise<string | null> {
  try {
    const real = await Deno.realPath(dir);
    return (await Deno.stat(real)).isDirectory ? real : null;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

async function pluginFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if ((entry.isFile || entry.isSymlink) && isPluginFile(entry.name)) {
      files.push(join(dir, entry.name));
    }
  }
  return files.sort((a, b) => basename(a).localeCompare(basename(b)));
}
