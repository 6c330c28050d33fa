import { basename, dirname, isAbsolute, join, matchesGlob, relative, sep } from "node:path";
import type { ProjectRule } from "../config/types.ts";

/** The project a folder belongs to. */
export interface Project {
  /** Identity: two folders are in the same project when their ids are equal. */
  id: string;
  /** The project's name, the report's key. */
  name: string;
  /** The project's folder (`null` for a `[report.projects]` rule, which may cover many). */
  root: string | null;
}

/** Where a folder's project comes from. */
export interface ProjectSources {
  /** `[report.projects]`, tried in order. */
  rules: readonly ProjectRule[];
  /** Absolute `watch_dirs` entries of the config's plugin sections. */
  watchRoots: readonly string[];
  /** Whether `dir` holds a version-control marker; injected so the rules stay pure. */
  hasVcsMarker: (dir: string) => boolean;
}

/** The version-control markers that make a folder a project root. */
export const VCS_MARKERS: readonly string[] = [".git", ".hg", ".svn", ".jj"];

/**
 * Decides each folder's project, in order: the first `[report.projects]`
 * rule with a pattern matching the folder or one of its parents; else the
 * nearest folder (itself included) holding a version-control marker; else
 * the first folder below the `watch_dirs` entry containing it; else the
 * folder itself. Answers are cached per folder.
 *
 * @example
 * ```ts
 * const projects = new ProjectResolver({ rules: [], watchRoots: ["/src"], hasVcsMarker: () => false });
 * projects.of("/src/alpha/lib").name; // "alpha"
 * ```
 */
export class ProjectResolver {
  readonly #s: ProjectSources;
  readonly #cache = new Map<string, Project>();
  readonly #vcs = new Map<string, string | null>();

  /** @param sources rules, watched folders and the version-control probe. */
  constructor(sources: ProjectSources) {
    this.#s = sources;
  }

  /** The project of an absolute folder path. */
  of(folder: string): Project {
    let project = this.#cache.get(folder);
    if (project === undefined) {
      project = this.#resolve(folder);
      this.#cache.set(folder, project);
    }
    return project;
  }

  #resolve(folder: string): Project {
    const chain = ancestors(folder);
    for (const rule of this.#s.rules) {
      if (rule.patterns.some((p) => chain.some((dir) => matchesGlob(dir, p)))) {
        return { id: `rule:${rule.name}`, name: rule.name, root: null };
      }
    }
    const vcsRoot = this.#vcsRoot(chain, 0);
    if (vcsRoot !== null) return rooted(vcsRoot);
    const watched = this.#s.watchRoots
      .filter((root) => isInside(folder, root) && folder !== root)
      .sort((a, b) => b.length - a.length)[0];
    if (watched !== undefined) {
      const first = relative(watched, folder).split(sep)[0];
      return rooted(join(watched, first));
    }
    return rooted(folder);
  }

  /** The nearest of `chain[i…]` holding a marker, remembering every folder asked. */
  #vcsRoot(chain: string[], i: number): string | null {
    if (i >= chain.length) return null;
    const dir = chain[i];
    const known = this.#vcs.get(dir);
    if (known !== undefined) return known;
    const found = this.#s.hasVcsMarker(dir) ? dir : this.#vcsRoot(chain, i + 1);
    this.#vcs.set(dir, found);
    return found;
  }
}

/**
 * Whether `dir` holds `.git`, `.hg`, `.svn` or `.jj` now (a file or a
 * folder: a git worktree's `.git` is a file).
 *
 * @example
 * ```ts
 * hasVcsMarkerOnDisk("/home/me/src/mimolo"); // true
 * ```
 */
export function hasVcsMarkerOnDisk(dir: string): boolean {
  return VCS_MARKERS.some((marker) => {
    try {
      Deno.statSync(join(dir, marker));
      return true;
    } catch {
      return false;
    }
  });
}

function rooted(root: string): Project {
  return { id: `dir:${root}`, name: basename(root) || root, root };
}

/** The folder, then each parent up to the filesystem root. */
function ancestors(folder: string): string[] {
  const chain = [folder];
  if (!isAbsolute(folder)) return chain;
  for (let dir = dirname(folder); dir !== chain[chain.length - 1]; dir = dirname(dir)) {
    chain.push(dir);
  }
  return chain;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
