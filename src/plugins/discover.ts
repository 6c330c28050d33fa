import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConfigDeclaration, PluginMeta } from "@mimolo/sdk";
import { STANDARD_PLUGIN_KEYS } from "../config/schema.ts";
import { errorMessage } from "../errors.ts";
import { resolveConfigDeclaration } from "./config_declaration.ts";
import { inspectModules } from "./inspect.ts";
import { prepareModules } from "./prepare.ts";
import { requiresOf, type ResolvedSpec } from "./spec.ts";

/** The folder of the plugins that ship with MiMoLo (embedded in the binary). */
export const BUILTIN_PLUGIN_DIR: string = fileURLToPath(new URL("../../plugins/", import.meta.url));

/** A plugin file that loaded and described itself correctly. */
export interface DiscoveredPlugin {
  /** Absolute path of the plugin file. */
  file: string;
  /** Whether it ships with MiMoLo. */
  builtin: boolean;
  /** The prepared module, as a `data:` URL a worker imports. */
  url: string;
  /** Class name of the default export. */
  className: string;
  /** Its spec with defaults filled in. */
  spec: ResolvedSpec;
  /** Its optional metadata. */
  meta: PluginMeta;
  /** The config keys it declares (`static config`), or `null`: its custom keys pass through. */
  configDeclaration: ConfigDeclaration | null;
  /** Labels of the plugins it needs (`static requires`), started before it. */
  requires: string[];
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
 * Finds every plugin file of the built-in folder and of `dirs` (each folder
 * read once, even when listed twice), prepares it, and inspects it in a
 * worker with no permissions. Bad files are reported, not thrown.
 *
 * @example
 * ```ts
 * const catalog = await discoverPlugins(["/home/me/.mimolo/plugins"]);
 * ```
 */
export async function discoverPlugins(dirs: readonly string[]): Promise<PluginCatalog> {
  const catalog: PluginCatalog = { plugins: [], broken: [], missingDirs: [] };
  const byLabel = new Map<string, DiscoveredPlugin>();
  for (const found of await loadPluginFiles(await findPluginFiles(dirs, catalog.missingDirs))) {
    if ("reason" in found) {
      catalog.broken.push(found);
      continue;
    }
    const twin = byLabel.get(found.spec.label);
    if (twin) {
      const reason = `plugin label "${found.spec.label}" is already used by ${twin.file}`;
      catalog.broken.push({ file: found.file, reason });
      continue;
    }
    byLabel.set(found.spec.label, found);
    catalog.plugins.push(found);
  }
  return catalog;
}

/**
 * Prepares and inspects one plugin file on its own (`mimolo plugin test
 * FILE`), wherever it is, exactly as discovery does; a bad file comes back
 * as `{ file, reason }`.
 *
 * @example
 * ```ts
 * const found = await discoverFile("./notes.ts");
 * if ("reason" in found) console.error(found.reason);
 * ```
 */
export async function discoverFile(file: string): Promise<DiscoveredPlugin | BrokenPlugin> {
  const [found] = await loadPluginFiles([{ file: resolve(file), builtin: false }]);
  return found;
}

/** Prepares and inspects each file, in order: a plugin, or why it cannot be one. */
async function loadPluginFiles(
  files: readonly { file: string; builtin: boolean }[],
): Promise<(DiscoveredPlugin | BrokenPlugin)[]> {
  const results: (DiscoveredPlugin | BrokenPlugin)[] = [];
  const prepared: { file: string; builtin: boolean; url: string; at: number }[] = [];
  const modules = await prepareModules(files);
  files.forEach(({ file, builtin }, i) => {
    const module = modules[i];
    if ("url" in module) {
      prepared.push({ file, builtin, url: module.url, at: results.length });
      results.push({ file, reason: "" });
    } else results.push({ file, reason: withoutFile(module.reason, file) });
  });
  const inspected = await inspectModules(prepared);
  prepared.forEach(({ at, ...p }, i) => {
    const result = inspected[i];
    if ("reason" in result) {
      results[at] = { file: p.file, reason: withoutFile(result.reason, p.file) };
      return;
    }
    try {
      results[at] = {
        ...p,
        className: result.className,
        spec: result.spec,
        meta: result.meta,
        configDeclaration: resolveConfigDeclaration(
          result.config,
          p.file,
          result.spec.label,
          STANDARD_PLUGIN_KEYS,
        ),
        requires: requiresOf(result.requires, p.file, result.spec.label),
      };
    } catch (err) {
      results[at] = { file: p.file, reason: withoutFile(errorMessage(err), p.file) };
    }
  });
  return results;
}

async function findPluginFiles(
  dirs: readonly string[],
  missing: string[],
): Promise<{ file: string; builtin: boolean }[]> {
  const folders: [string, boolean][] = [
    [BUILTIN_PLUGIN_DIR, true],
    ...dirs.map((d): [string, boolean] => [d, false]),
  ];
  const files: { file: string; builtin: boolean }[] = [];
  const seen = new Set<string>();
  for (const [dir, builtin] of folders) {
    const real = await realDir(dir);
    if (real === null) {
      if (!builtin) missing.push(resolve(dir));
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    for (const file of await pluginFiles(real)) files.push({ file, builtin });
  }
  return files;
}

function withoutFile(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
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
