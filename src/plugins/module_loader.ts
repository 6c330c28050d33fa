import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { errorMessage, PluginLoadError } from "../errors.ts";
import { findImports, rewriteImports } from "./imports.ts";
import { type ModuleFile, readModuleFile } from "./module_file.ts";
import { stripTypes } from "./transform.ts";

/** The specifier plugins use for the SDK. */
export const SDK_SPECIFIER = "@mimolo/sdk";

/** The SDK module's URL in this process (embedded in a compiled binary). */
export const SDK_URL: string = import.meta.resolve(SDK_SPECIFIER);

/** Transformed JavaScript by hash of (path, source): a module read twice is transformed once. */
const jsCache = new Map<string, string>();

/**
 * Modules MiMoLo provides to plugins by bare specifier (embedded in a
 * compiled binary); a plugin may import these, `node:` built-ins, `data:`
 * URLs and relative files of its own folder, nothing else.
 */
const PROVIDED: ReadonlyMap<string, string> = new Map([[SDK_SPECIFIER, SDK_URL]]);

/**
 * What the plugins that ship with MiMoLo may import besides: MiMoLo's
 * wrappers of npm libraries, loaded by every worker's entry module (see
 * `worker_entry.ts`). They are not part of the SDK.
 */
const PROVIDED_TO_BUILTINS: ReadonlyMap<string, string> = new Map([
  ...PROVIDED,
  ["@mimolo/gitignore", import.meta.resolve("@mimolo/gitignore")],
]);

/** Longest prepared module (a `data:` URL, its imports embedded), in characters. */
export const MAX_PREPARED_CHARS = 64 * 1024 * 1024;

/**
 * Prepares a plugin file the one way that works both under `deno run` and in
 * a compiled binary: read it, strip types, point provided modules such as
 * `"@mimolo/sdk"` at MiMoLo's own, turn relative imports into `data:` URLs
 * of their own (recursively), and return the result as a `data:` URL to
 * import. Every file read must be a regular file inside `folder` (the
 * plugin's folder, after resolving symlinks): the host reads them with its
 * own rights, which the plugin does not have. A `builtin` plugin may also
 * import MiMoLo's wrappers of npm libraries (`"@mimolo/gitignore"`).
 *
 * @example
 * ```ts
 * const url = await pluginModuleUrl("/home/me/plugins/mine.ts");
 * ```
 */
export async function pluginModuleUrl(
  file: string,
  folder: string = dirname(file),
  options: { builtin?: boolean } = {},
): Promise<string> {
  const path = resolve(file);
  const root = await Deno.realPath(folder);
  const provided = options.builtin ? PROVIDED_TO_BUILTINS : PROVIDED;
  return await moduleDataUrl(await readModuleFile(path, root, path), { root, provided }, []);
}

/** What a plugin's files may import: files inside `root`, and `provided` modules. */
interface Scope {
  root: string;
  provided: ReadonlyMap<string, string>;
}

async function moduleDataUrl(
  module: ModuleFile,
  scope: Scope,
  chain: readonly string[],
): Promise<string> {
  const path = module.real;
  if (chain.includes(path)) {
    throw new PluginLoadError(
      `${chain[0]}: circular relative imports are not supported: ${[...chain, path].join(" -> ")}`,
    );
  }
  const js = transformCached(path, module.source);
  const sites = findImportsOrThrow(js, path);
  const replacements = new Map<string, string>();
  for (const site of sites) {
    if (replacements.has(site.specifier)) continue;
    replacements.set(
      site.specifier,
      await resolveSpecifier(site.specifier, path, scope, [...chain, path]),
    );
  }
  const rewritten = rewriteImports(js, sites, (s) => replacements.get(s.specifier)!);
  const url = "data:text/javascript;base64," + toBase64(rewritten);
  if (url.length > MAX_PREPARED_CHARS) {
    throw new PluginLoadError(
      `${chain[0] ?? path}: with its imports, ${path} comes to more than ${MAX_PREPARED_CHARS} ` +
        "characters",
    );
  }
  return url;
}

async function resolveSpecifier(
  spec: string,
  from: string,
  scope: Scope,
  chain: string[],
): Promise<string> {
  const provided = scope.provided.get(spec);
  if (provided !== undefined) return provided;
  if (spec.startsWith("node:") || spec.startsWith("data:")) return spec;
  if (spec.startsWith("./") || spec.startsWith("../")) {
    const who = `${from}: cannot import "${spec}"`;
    return await moduleDataUrl(
      await readModuleFile(resolve(dirname(from), spec), scope.root, who),
      scope,
      chain,
    );
  }
  throw new PluginLoadError(
    `${from}: cannot import "${spec}": a plugin may import only ${
      [...PROVIDED.keys()].map((k) => `"${k}"`).join(", ")
    }, node: built-ins and relative files in its folder`,
  );
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
