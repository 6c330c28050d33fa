import { gitignoreMatcher, type IgnoreMatcher } from "@mimolo/gitignore";
import { basename, dirname, join, relative, resolve } from "node:path";
import { isInside, kindOf, posix } from "./paths.ts";

/** Git compares names case-insensitively where the file system usually does (macOS, Windows). */
export const IGNORE_CASE: boolean = Deno.build.os === "darwin" || Deno.build.os === "windows";

/** The ignore files that apply in one folder, nearest first, and its repository's exclude file. */
interface Chain {
  /** `.gitignore` matchers from this folder up to its repository's root, each with its folder. */
  layers: { dir: string; matcher: IgnoreMatcher }[];
  /** The repository's `.git/info/exclude`, if there is one. */
  exclude: { root: string; matcher: IgnoreMatcher } | null;
}

/** An ignore file read once, kept with the modification time it had. */
interface ReadFile {
  matcher: IgnoreMatcher | null;
  mtimeMs: number | null;
}

/**
 * What a repository's ignore files say about paths below one watched
 * folder, with git's semantics: `.gitignore` at every level (the nearest
 * one that matches decides, `!` re-includes), then `.git/info/exclude`. A
 * folder holding `.git` is a repository root: the ignore files above it do
 * not apply inside it. Above the watched folder, the ignore files of the
 * repository it is in apply (if it is in one, and they can be read).
 * Files are read lazily, once; {@linkcode forget} drops what a changed
 * `.gitignore` made stale, and {@linkcode refresh} rereads the files no
 * watcher sees (exclude files, ignore files above the watched folder) when
 * their modification time changed.
 *
 * @example
 * ```ts
 * const git = new GitIgnores("/home/me/project");
 * git.ignores("/home/me/project/dist", true); // true if .gitignore says dist/
 * ```
 */
export class GitIgnores {
  readonly #root: string;
  #chains = new Map<string, Chain>();
  #files = new Map<string, ReadFile>();
  /** Ignore files that no OS event reports (exclude files, ignore files above the root). */
  #unwatched = new Set<string>();
  /** The chain of the watched folder's parent; `undefined` until computed. */
  #aboveRoot: Chain | null | undefined = undefined;

  /** @param root the watched folder (absolute). */
  constructor(root: string) {
    this.#root = resolve(root);
  }

  /**
   * Whether the ignore files exclude `path` (below the watched folder);
   * `isDir` says whether it is a folder (folder-only patterns such as
   * `build/` match only folders). Its parent folders are not checked here.
   */
  ignores(path: string, isDir: boolean): boolean {
    const chain = this.#chain(dirname(path));
    const slash = isDir ? "/" : "";
    for (const { dir, matcher } of chain.layers) {
      const verdict = matcher.test(posix(relative(dir, path)) + slash);
      if (verdict !== null) return verdict === "ignored";
    }
    if (chain.exclude === null) return false;
    return chain.exclude.matcher.test(posix(relative(chain.exclude.root, path)) + slash) ===
      "ignored";
  }

  /**
   * Drops what a change to `path` may have made stale: after a `.gitignore`
   * or a `.git` is created, changed or removed, the rules are read again.
   * Returns whether it did.
   */
  forget(path: string): boolean {
    const name = basename(path);
    if (name !== ".gitignore" && name !== ".git") return false;
    this.#files.delete(path);
    this.#clearChains();
    return true;
  }

  /**
   * Rereads the ignore files no watcher reports (`.git/info/exclude`, the
   * `.gitignore` files above the watched folder) if any changed; returns
   * whether one did.
   */
  refresh(): boolean {
    let changed = false;
    for (const file of this.#unwatched) {
      const known = this.#files.get(file);
      if (known !== undefined && known.mtimeMs === mtimeOrNull(file)) continue;
      this.#files.delete(file);
      changed = true;
    }
    if (changed) this.#clearChains();
    return changed;
  }

  #clearChains(): void {
    this.#chains.clear();
    this.#aboveRoot = undefined;
  }

  #chain(dir: string): Chain {
    let chain = this.#chains.get(dir);
    if (chain !== undefined) return chain;
    if (dir === this.#root || !isInside(dir, this.#root)) {
      chain = this.#extend(dir, this.#rootParentChain());
    } else {
      chain = this.#extend(dir, this.#chain(dirname(dir)));
    }
    this.#chains.set(dir, chain);
    return chain;
  }

  /** `dir`'s chain given its parent's: a repository root starts afresh. */
  #extend(dir: string, parent: Chain | null): Chain {
    const own = this.#read(join(dir, ".gitignore"), false);
    const layers = own ? [{ dir, matcher: own }] : [];
    const git = join(dir, ".git");
    if (kindOf(git) !== null) {
      const excludeFile = excludeFileOf(dir, git);
      const exclude = excludeFile === null ? null : this.#read(excludeFile, true);
      return { layers, exclude: exclude ? { root: dir, matcher: exclude } : null };
    }
    if (parent === null) return { layers, exclude: null };
    return { layers: [...layers, ...parent.layers], exclude: parent.exclude };
  }

  /**
   * The chain of the watched folder's parent: the ignore files between the
   * watched folder and the root of the repository it is in, or `null` when
   * it is in none (or the folders above it cannot be read).
   */
  #rootParentChain(): Chain | null {
    if (this.#aboveRoot !== undefined) return this.#aboveRoot;
    if (kindOf(join(this.#root, ".git")) !== null) return this.#aboveRoot = null;
    const above: string[] = [];
    for (let dir = dirname(this.#root);; dir = dirname(dir)) {
      above.push(dir);
      if (kindOf(join(dir, ".git")) !== null) break;
      if (dirname(dir) === dir) return this.#aboveRoot = null;
    }
    let chain: Chain | null = null;
    for (const dir of above.reverse()) {
      const own = this.#read(join(dir, ".gitignore"), true);
      if (chain === null) {
        const excludeFile = excludeFileOf(dir, join(dir, ".git"));
        const exclude = excludeFile === null ? null : this.#read(excludeFile, true);
        chain = { layers: [], exclude: exclude ? { root: dir, matcher: exclude } : null };
      }
      if (own) chain = { layers: [{ dir, matcher: own }, ...chain.layers], exclude: chain.exclude };
    }
    return this.#aboveRoot = chain;
  }

  /** An ignore file's matcher, or `null` if it does not exist or cannot be read. */
  #read(file: string, unwatched: boolean): IgnoreMatcher | null {
    if (unwatched) this.#unwatched.add(file);
    const known = this.#files.get(file);
    if (known !== undefined) return known.matcher;
    const mtimeMs = mtimeOrNull(file);
    let matcher: IgnoreMatcher | null = null;
    if (mtimeMs !== null) {
      try {
        matcher = gitignoreMatcher(Deno.readTextFileSync(file), { ignoreCase: IGNORE_CASE });
      } catch {
        // Unreadable (no permission, not a file): as if absent.
      }
    }
    this.#files.set(file, { matcher, mtimeMs });
    return matcher;
  }
}

/** `.git/info/exclude` of a repository whose `.git` is `git`: a folder, or a file naming one (worktrees, submodules). */
function excludeFileOf(repo: string, git: string): string | null {
  try {
    if (Deno.lstatSync(git).isDirectory) return join(git, "info", "exclude");
    const gitdir = /^gitdir:\s*(.+?)\s*$/m.exec(Deno.readTextFileSync(git))?.[1];
    if (gitdir === undefined) return null;
    const dir = resolve(repo, gitdir);
    let common = dir;
    try {
      common = resolve(dir, Deno.readTextFileSync(join(dir, "commondir")).trim());
    } catch {
      // Not a worktree: the git dir is the common one.
    }
    return join(common, "info", "exclude");
  } catch {
    return null;
  }
}

function mtimeOrNull(file: string): number | null {
  try {
    const stat = Deno.statSync(file);
    return stat.isFile ? stat.mtime?.getTime() ?? 0 : null;
  } catch {
    return null;
  }
}
