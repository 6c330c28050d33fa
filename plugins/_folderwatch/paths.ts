import { sep } from "node:path";

/**
 * Whether `path` is `dir` or below it (both absolute and normalised).
 *
 * @example
 * ```ts
 * isInside("/p/src/a.ts", "/p"); // true
 * isInside("/pp", "/p"); // false
 * ```
 */
export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * A relative path with `/` separators, as ignore patterns are written.
 *
 * @example
 * ```ts
 * posix("src\\a.ts"); // "src/a.ts" on Windows
 * ```
 */
export function posix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * What is at `path`, without following a symbolic link: `"dir"`, `"other"`
 * (a file, a link, …), or `null` when nothing is there or it cannot be seen.
 *
 * @example
 * ```ts
 * kindOf("/p/src"); // "dir"
 * ```
 */
export function kindOf(path: string): "dir" | "other" | null {
  try {
    return Deno.lstatSync(path).isDirectory ? "dir" : "other";
  } catch {
    return null;
  }
}
