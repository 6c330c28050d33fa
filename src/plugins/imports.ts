import { init, parse } from "es-module-lexer";

/** One import specifier in a module's JavaScript source. */
export interface ImportSite {
  /** The specifier text, e.g. `"./_util.ts"`. */
  specifier: string;
  /** Index of the specifier's first character (inside the quotes). */
  start: number;
  /** Index just past the specifier's last character. */
  end: number;
}

await init;

/**
 * Lists the string-literal import specifiers of JavaScript source (static
 * imports, re-exports and `import("...")`); computed dynamic imports are not
 * listed (the only place that knows the lexer).
 *
 * @example
 * ```ts
 * findImports('import x from "./a.js";')[0].specifier; // "./a.js"
 * ```
 */
export function findImports(js: string): ImportSite[] {
  const [imports] = parse(js);
  const sites: ImportSite[] = [];
  for (const imp of imports) {
    if (imp.n === undefined) continue;
    const dynamic = imp.d > -1;
    const start = dynamic ? imp.s + 1 : imp.s;
    const end = dynamic ? imp.e - 1 : imp.e;
    sites.push({ specifier: imp.n, start, end });
  }
  return sites;
}

/**
 * Replaces import specifiers; `replace` returns the new specifier text.
 *
 * @example
 * ```ts
 * rewriteImports('import "a";', () => "b"); // 'import "b";'
 * ```
 */
export function rewriteImports(
  js: string,
  sites: readonly ImportSite[],
  replacement: (site: ImportSite) => string,
): string {
  let out = "";
  let last = 0;
  for (const site of sites) {
    out += js.slice(last, site.start) + replacement(site);
    last = site.end;
  }
  return out + js.slice(last);
}
