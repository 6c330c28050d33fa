import { ConfigError } from "../errors.ts";

/** The entries `mimolo sdk export` needs in a folder's `deno.json`. */
export interface DenoJsonEntries {
  /** `"imports"` entries: specifier → relative path. */
  imports: Record<string, string>;
  /** A folder for the top-level `"exclude"` (so `deno fmt`, `lint` and `test` leave it alone). */
  exclude: string;
}

/**
 * Merges `entries` into a `deno.json`'s text (`null`: there is none),
 * keeping everything else in it; returns the new text and what changed. A
 * file that is not plain JSON (comments) or that points at an import map
 * file is never rewritten: the error says which entries to add by hand.
 *
 * @example
 * ```ts
 * mergeDenoJson(null, "deno.json", { imports: { "@mimolo/sdk": "./.mimolo/sdk/sdk/mod.ts" }, exclude: ".mimolo/" });
 * ```
 */
export function mergeDenoJson(
  text: string | null,
  file: string,
  entries: DenoJsonEntries,
): { text: string; changes: string[] } {
  const byHand = () =>
    `add these entries yourself: "imports": ${JSON.stringify(entries.imports)}, ` +
    `"exclude": [${JSON.stringify(entries.exclude)}]`;
  let json: Record<string, unknown> = {};
  if (text !== null) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigError(
        `${file} is not plain JSON (comments?), so it is not rewritten; ${byHand()}`,
      );
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new ConfigError(`${file} is not a JSON object, so it is not rewritten; ${byHand()}`);
    }
    if (json.importMap !== undefined) {
      throw new ConfigError(
        `${file} uses the import map ${
          JSON.stringify(json.importMap)
        }, so its "imports" would be ` +
          `ignored; ${byHand().replace("entries yourself", "the imports to that file")}`,
      );
    }
  }
  const changes: string[] = [];
  const imports = isObject(json.imports) ? { ...json.imports } : {};
  for (const [specifier, target] of Object.entries(entries.imports)) {
    if (imports[specifier] === target) continue;
    changes.push(
      imports[specifier] === undefined
        ? `imports "${specifier}"`
        : `imports "${specifier}" (was ${JSON.stringify(imports[specifier])})`,
    );
    imports[specifier] = target;
  }
  const exclude = Array.isArray(json.exclude) ? [...json.exclude] : [];
  if (!exclude.includes(entries.exclude)) {
    exclude.push(entries.exclude);
    changes.push(`exclude "${entries.exclude}"`);
  }
  const merged = { ...json, imports, exclude };
  return { text: JSON.stringify(merged, null, 2) + "\n", changes };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
