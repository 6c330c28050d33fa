import { dirname, extname } from "node:path";

/** Most files (and folders) one event lists; the rest are counted, so events stay small. */
export const MAX_LISTED = 256;

/** What changed since the last poll, as folderwatch's event data. */
export interface ChangeBatch {
  /** Unique parent folders of the changed files, sorted. */
  folders: string[];
  /** Unique changed files, sorted (at most {@linkcode MAX_LISTED}). */
  files: string[];
  /** Changed files left out of `files` because of the cap. */
  files_omitted?: number;
  /** Folders left out of `folders` because of the cap. */
  folders_omitted?: number;
}

/**
 * Collects changed paths between polls: only files with a watched extension
 * (what is ignored never reaches it), each path once.
 *
 * @example
 * ```ts
 * const changes = new ChangeSet([".ts"]);
 * changes.add("/p/src/a.ts");
 * changes.take(); // { folders: ["/p/src"], files: ["/p/src/a.ts"] }
 * ```
 */
export class ChangeSet {
  readonly #extensions: ReadonlySet<string>;
  #files = new Set<string>();

  /** @param extensions lower-case with dot, empty for all. */
  constructor(extensions: readonly string[]) {
    this.#extensions = new Set(extensions);
  }

  /** Whether a change to `path` counts as activity, by its extension. */
  matches(path: string): boolean {
    return this.#extensions.size === 0 || this.#extensions.has(extname(path).toLowerCase());
  }

  /** Records a change to `path` if it counts. */
  add(path: string): void {
    if (this.matches(path)) this.#files.add(path);
  }

  /** Number of distinct changed files waiting. */
  get size(): number {
    return this.#files.size;
  }

  /** Everything recorded since the last call, or `null` if nothing was. */
  take(): ChangeBatch | null {
    if (this.#files.size === 0) return null;
    const files = [...this.#files].sort();
    this.#files = new Set();
    const folders = [...new Set(files.map((f) => dirname(f)))].sort();
    const batch: ChangeBatch = {
      folders: folders.slice(0, MAX_LISTED),
      files: files.slice(0, MAX_LISTED),
    };
    if (files.length > MAX_LISTED) batch.files_omitted = files.length - MAX_LISTED;
    if (folders.length > MAX_LISTED) batch.folders_omitted = folders.length - MAX_LISTED;
    return batch;
  }
}
