import { gitignoreMatcher, type IgnoreMatcher } from "@mimolo/gitignore";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { GitIgnores, IGNORE_CASE } from "./git_ignores.ts";
import { isInside, kindOf, posix } from "./paths.ts";

/**
 * What folderwatch never counts unless `default_ignores = false`, as
 * gitignore patterns matching at any depth (docs/builtin_plugins.md lists
 * them).
 */
export const DEFAULT_IGNORES: readonly string[] = [
  // Version-control internals.
  ".git/",
  ".hg/",
  ".svn/",
  ".jj/",
  // Dependency and tool caches.
  "node_modules/",
  ".venv/",
  "venv/",
  "__pycache__/",
  ".pytest_cache/",
  ".mypy_cache/",
  ".gradle/",
  ".cache/",
  // Editor droppings: vim swap files, backups, emacs locks and autosaves, vim's write test.
  ".*.swp",
  ".*.swo",
  ".*.swx",
  "*~",
  ".#*",
  "\\#*#",
  "4913",
  // Operating-system files.
  ".DS_Store",
  "Thumbs.db",
  "desktop.ini",
];

/** Where ignore rules come from, for one watched folder. */
export interface IgnoreSources {
  /** Apply {@linkcode DEFAULT_IGNORES}. */
  defaults: boolean;
  /** Apply the repository's `.gitignore` files and `.git/info/exclude`. */
  gitignore: boolean;
  /** The `ignore` setting: gitignore patterns, or absolute paths (`~` already expanded). */
  patterns: readonly string[];
  /** Absolute folders that are never activity (the monitor's log folder). */
  excluded: readonly string[];
}

/**
 * Decides, for one watched folder, which paths below it are not activity
 * and which folders are not even entered: the log folder, the default
 * ignores, the `ignore` patterns and the repository's ignore files, any of
 * which excludes a path; a path inside an excluded folder is excluded (as
 * in git, `!` cannot re-include it). Folder verdicts are cached until an
 * ignore file changes.
 *
 * @example
 * ```ts
 * const rules = new IgnoreRules("/p", { defaults: true, gitignore: true, patterns: ["*.log"], excluded: [] });
 * rules.ignores("/p/node_modules/x/index.js", false); // true
 * ```
 */
export class IgnoreRules {
  readonly #root: string;
  readonly #excluded: readonly string[];
  readonly #defaults: IgnoreMatcher | null;
  readonly #patterns: IgnoreMatcher | null;
  readonly #git: GitIgnores | null;
  #dirs = new Map<string, boolean>();

  /** @param root the watched folder (absolute); @param sources what to apply. */
  constructor(root: string, sources: IgnoreSources) {
    this.#root = resolve(root);
    this.#excluded = sources.excluded.map((d) => resolve(d));
    const matcher = (patterns: readonly string[]) =>
      patterns.length === 0 ? null : gitignoreMatcher(patterns, { ignoreCase: IGNORE_CASE });
    this.#defaults = sources.defaults ? matcher(DEFAULT_IGNORES) : null;
    this.#patterns = matcher(sources.patterns.flatMap((p) => patternFor(p, this.#root)));
    this.#git = sources.gitignore ? new GitIgnores(this.#root) : null;
  }

  /**
   * Whether `path` (the watched folder or below) is not activity, or, for a
   * folder, is not to be entered. `isDir` says what it is; omitted, the path
   * is looked at, and one that no longer exists counts as excluded if it
   * would be as a file or as a folder.
   */
  ignores(path: string, isDir?: boolean): boolean {
    path = resolve(path);
    if (path === this.#root) return false;
    if (!isInside(path, this.#root)) return true;
    if (this.#dirIgnored(dirname(path))) return true;
    const kind = isDir === undefined ? kindOf(path) : isDir ? "dir" : "other";
    if (kind === null) return this.#excludes(path, false) || this.#excludes(path, true);
    return kind === "dir" ? this.#dirIgnored(path) : this.#excludes(path, false);
  }

  /**
   * Notes that `path` changed: if it is an ignore file (or a `.git`), the
   * rules are read again. Returns whether they may have changed.
   */
  noteChange(path: string): boolean {
    if (this.#git === null || !this.#git.forget(resolve(path))) return false;
    this.#dirs.clear();
    return true;
  }

  /** Rereads the ignore files that no watcher reports if they changed; returns whether one did. */
  refresh(): boolean {
    if (this.#git === null || !this.#git.refresh()) return false;
    this.#dirs.clear();
    return true;
  }

  #dirIgnored(dir: string): boolean {
    if (dir === this.#root) return false;
    let verdict = this.#dirs.get(dir);
    if (verdict === undefined) {
      verdict = this.#dirIgnored(dirname(dir)) || this.#excludes(dir, true);
      this.#dirs.set(dir, verdict);
    }
    return verdict;
  }

  /** Whether a rule excludes `path` itself (its parent folders are checked by the caller). */
  #excludes(path: string, isDir: boolean): boolean {
    if (isDir && this.#excluded.includes(path)) return true;
    if (!isDir && this.#excluded.some((d) => isInside(path, d))) return true;
    const rel = posix(relative(this.#root, path)) + (isDir ? "/" : "");
    if (this.#defaults?.test(rel) === "ignored") return true;
    if (this.#patterns?.test(rel) === "ignored") return true;
    return this.#git?.ignores(path, isDir) ?? false;
  }
}

/**
 * An `ignore` entry as a pattern relative to `root`: an absolute path below
 * `root` becomes a pattern anchored there (a drive-letter path elsewhere
 * applies to none of it); anything else is a gitignore pattern, a leading
 * `/` anchoring it at the watched folder. A leading `!` is kept.
 */
function patternFor(entry: string, root: string): string[] {
  const negated = entry.startsWith("!");
  const body = negated ? entry.slice(1) : entry;
  const bang = negated ? "!" : "";
  const asPath = resolve(body);
  if (isAbsolute(body) && isInside(asPath, root)) {
    if (asPath === root) return [];
    const folderOnly = /[\\/]$/.test(body) ? "/" : "";
    return [`${bang}/${posix(relative(root, asPath))}${folderOnly}`];
  }
  if (isAbsolute(body) && !body.startsWith("/")) return []; // C:\elsewhere: not below this folder.
  return [entry];
}
