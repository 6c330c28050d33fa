import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { errorMessage, PluginLoadError } from "../errors.ts";
import { findImports, rewriteImports } from "./imports.ts";
import { stripTypes } from "./transform.ts";

/** The specifier plugins use for the SDK. */
export const SDK_SPECIFIER = "@mimolo/sdk";

/** The SDK module's URL in this process (embedded in a compiled binary). */
export const SDK_URL: string = import.meta.resolve(SDK_SPECIFIER);

/** Transformed JavaScript by hash of (path, source): a module read twice is transformed once. */
const jsCache = new Map<string, string>();

/**
 * Prepares a plugin file the one way that works both under `deno run` and in
 * a compiled binary: read it, strip types, point `"@mimolo/sdk"` at the
 * embedded SDK, turn relative imports into `data:` URLs of their own
 * (recursively), and return the result as a `data:` URL to import.
 *
 * @example
 * ```ts
 * const url = await pluginModuleUrl("/home/me/plugins/mine.ts");
 * ```
 */
export async function pluginModuleUrl(file: string): Promise<string> {
  return await moduleDataUrl(resolve(file), []);
}

async function moduleDataUrl(path: string, chain: readonly string[]): Promise<string> {
  if (chain.includes(path)) {
    throw new PluginLoadError(
      `${chain[0]}: circular relative imports are not supported: ${[...chain, path].join(" -> ")}`,
    );
  }
  const source = await readSource(path, chain);
  const js = transformCached(path, source);
  const sites = findImportsOrThrow(js, path);
  const replacements = new Map<string, string>();
  for (const site of sites) {
    if (replacements.has(site.specifier)) continue;
    replacements.set(
      site.specifier,
      await resolveSpecifier(site.specifier, path, [...chain, path]),
    );
  }
  const rewritten = rewriteImports(js, sites, (s) => replacements.get(s.specifier)!);
  return "data:text/javascript;base64," + toBase64(rewritten);
}

async function resolveSpecifier(spec: string, from: string, chain: string[]): Promise<string> {
  if (spec === SDK_SPECIFIER) return SDK_URL;
  if (spec.startsWith("node:") || spec.startsWith("data:")) return spec;
  if (spec.startsWith("./") || spec.startsWith("../")) {
    return await moduleDataUrl(resolve(dirname(from), spec), chain);
  }
  throw new PluginLoadError(
    `${from}: cannot import "${spec}": a plugin may import only "${SDK_SPECIFIER}", ` +
      `node: built-ins and relative files`,
  );
}

async function readSource(path: string, chain: readonly string[]): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    const who = chain.length > 0 ? `${chain.at(-1)}: cannot import ${path}` : `${path}`;
    const reason = err instanceof Deno.errors.NotFound ? "file not found" : errorMessage(err);
    throw new PluginLoadError(`${who}: ${reason}`);
  }
}

function transformCached(path: string, source: string): string {
  const key = createHash("sha256").update(path).update("\0").update(source).digest("hex");
  let js = jsCache.get(key);
  if (js === undefined) {
    try {
      js = stripTypes(source, path);
    } catch (err) {
      throw new PluginLoadError(`${path}: syntax error: ${firstLine(errorMessage(err))}`);
    }
    jsCache.set(key, js);
  }
  return js;
}

function findImportsOrThrow(js: string, path: string) {
  try {
    return findImports(js);
  } catch (err) {
    throw new PluginLoadError(`${path}: syntax error: ${firstLine(errorMessage(err))}`);
  }
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}
