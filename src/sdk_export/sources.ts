import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder the SDK's files are read from: MiMoLo's `src/` (embedded in the compiled binary). */
export const SOURCE_ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** What `"@mimolo/sdk"` and `"@mimolo/sdk/testing"` are, inside {@linkcode SOURCE_ROOT}. */
export const SDK_ENTRIES = { "@mimolo/sdk": "sdk/mod.ts", "@mimolo/sdk/testing": "testing/mod.ts" };

/** One file of the SDK as exported. */
export interface SourceFile {
  /** Its path below {@linkcode SOURCE_ROOT}, with `/`. */
  path: string;
  /** Its text, as MiMoLo runs it. */
  text: string;
}

/**
 * The SDK as this executable has it: the entry modules and every file they
 * import, relatively, read through the same embedded paths the runtime
 * uses. Besides relative files they may import only `"@mimolo/sdk"` (mapped
 * by the exported `deno.json`) and `node:` built-ins; anything else is an
 * error, since a plugin folder has nothing else to resolve it with.
 *
 * @example
 * ```ts
 * const files = await sdkSources(); // [{ path: "sdk/mod.ts", text: "..." }, ...]
 * ```
 */
export async function sdkSources(): Promise<SourceFile[]> {
  const files = new Map<string, string>();
  const pending = Object.values(SDK_ENTRIES).map((p) => join(SOURCE_ROOT, p));
  while (pending.length > 0) {
    const file = pending.pop()!;
    const path = relative(SOURCE_ROOT, file).replaceAll("\\", "/");
    if (files.has(path)) continue;
    if (path.startsWith("../")) throw new Error(`the SDK imports ${file}, outside ${SOURCE_ROOT}`);
    const text = await Deno.readTextFile(file);
    files.set(path, text);
    for (const specifier of importSpecifiers(text)) {
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        pending.push(join(dirname(file), specifier));
      } else if (specifier !== "@mimolo/sdk" && !specifier.startsWith("node:")) {
        throw new Error(`${path} imports "${specifier}", which a plugin folder cannot resolve`);
      }
    }
  }
  return [...files].sort(([a], [b]) => a.localeCompare(b)).map(([path, text]) => ({ path, text }));
}

/**
 * The specifiers of a module's import and export declarations (type-only
 * ones too: `deno check` follows them), outside comments.
 *
 * @example
 * ```ts
 * importSpecifiers('import type { A } from "./a.ts";\nexport * from "./b.ts";'); // ["./a.ts", "./b.ts"]
 * ```
 */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)) {
    found.push(m[1]);
  }
  for (const m of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) found.push(m[1]);
  return found;
}
