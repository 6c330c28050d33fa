/**
 * Gitignore matching for the built-in plugins (the only place that knows the
 * `ignore` library, the matcher ESLint and Prettier use). A plugin file may
 * import it as `"@mimolo/gitignore"` only if it ships with MiMoLo; every
 * plugin worker's entry module loads it, since a worker without read
 * permission cannot load a module on demand.
 * @module
 */
import ignore from "ignore";

/** What a set of patterns says about a path: excluded, re-included by `!`, or nothing. */
export type IgnoreVerdict = "ignored" | "unignored" | null;

/** Patterns of one ignore file (or list), tested against paths relative to its folder. */
export interface IgnoreMatcher {
  /**
   * The verdict of the last pattern matching `path`, a `/`-separated path
   * relative to the patterns' folder, ending in `/` for a folder; a path
   * whose parent folder is excluded is excluded.
   */
  test(path: string): IgnoreVerdict;
}

/**
 * A matcher for gitignore-syntax patterns (a file's text or a list of
 * lines): comments, `!` negation, `/` anchoring, `dir/` folder-only
 * patterns, `*`, `?`, `[...]` and `**`, as git reads them.
 *
 * @example
 * ```ts
 * const m = gitignoreMatcher("build/\n*.log\n!keep.log");
 * m.test("build/"); // "ignored"
 * m.test("keep.log"); // "unignored"
 * m.test("src/a.ts"); // null
 * ```
 */
export function gitignoreMatcher(
  patterns: string | readonly string[],
  options: { ignoreCase?: boolean } = {},
): IgnoreMatcher {
  const ig = ignore({ ignorecase: options.ignoreCase ?? false }).add(patterns);
  return {
    test(path: string): IgnoreVerdict {
      const result = ig.test(path);
      return result.ignored ? "ignored" : result.unignored ? "unignored" : null;
    },
  };
}
