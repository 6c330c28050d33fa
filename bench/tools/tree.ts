/**
 * Generated folder trees for the folderwatch benchmarks: N small files, 100
 * per folder, the folders nested 10 to a parent (2 levels for up to 100
 * folders, 3 for up to 1,000). 10,000 files make 100 leaf folders in 10
 * top-level ones; 100,000 files make 1,000 leaf folders below 10 × 10.
 * @module
 */
import { join } from "node:path";

/** Files per leaf folder. */
export const FILES_PER_FOLDER = 100;
/** Subfolders per folder above the leaves. */
const FAN_OUT = 10;

/** A generated tree. */
export interface Tree {
  /** The tree's root folder (a fresh temp dir). */
  dir: string;
  /** How many files it holds. */
  files: number;
  /** How many leaf folders hold them. */
  leafFolders: number;
  /** Folders below `dir`, leaves included. */
  folders: number;
  /** Path of the `i`-th file (0 ≤ i < files). */
  file(i: number): string;
}

/** Levels of folders for `leaves` leaf folders: at least 2. */
function depthFor(leaves: number): number {
  let depth = 2;
  while (FAN_OUT ** depth < leaves) depth++;
  return depth;
}

/** The leaf folder (relative) of leaf number `leaf`, e.g. `d0/d4/d2`. */
function leafPath(leaf: number, depth: number): string {
  const parts: string[] = [];
  for (let level = 0; level < depth; level++) {
    parts.unshift(`d${leaf % FAN_OUT}`);
    leaf = Math.floor(leaf / FAN_OUT);
  }
  return join(...parts);
}

/**
 * Creates a tree of `files` files (each a few bytes) in a new temp dir.
 *
 * @example
 * ```ts
 * const tree = await generateTree(10_000);
 * await Deno.writeTextFile(tree.file(0), "changed");
 * ```
 */
export async function generateTree(files: number, prefix = "mimolo-tree-"): Promise<Tree> {
  const dir = await Deno.makeTempDir({ prefix });
  const leafFolders = Math.ceil(files / FILES_PER_FOLDER);
  const depth = depthFor(leafFolders);
  const folders = new Set<string>();
  const file = (i: number) =>
    join(dir, leafPath(Math.floor(i / FILES_PER_FOLDER), depth), `f${i % FILES_PER_FOLDER}.txt`);
  const content = new TextEncoder().encode("generated\n");
  for (let leaf = 0; leaf < leafFolders; leaf++) {
    const rel = leafPath(leaf, depth);
    for (let p = rel; p !== "."; p = join(p, "..")) folders.add(p);
    await Deno.mkdir(join(dir, rel), { recursive: true });
    const writes: Promise<void>[] = [];
    for (let i = leaf * FILES_PER_FOLDER; i < Math.min(files, (leaf + 1) * FILES_PER_FOLDER); i++) {
      writes.push(Deno.writeFile(file(i), content));
    }
    await Promise.all(writes);
  }
  return { dir, files, leafFolders, folders: folders.size, file };
}

const cache = new Map<number, Promise<Tree>>();
/** Root folders of the shared trees, known as soon as each is created. */
const sharedDirs: string[] = [];

/** One tree of `files` files per process, generated on first use and shared after that. */
export function sharedTree(files: number): Promise<Tree> {
  let tree = cache.get(files);
  if (!tree) {
    tree = generateTree(files).then((t) => (sharedDirs.push(t.dir), t));
    cache.set(files, tree);
  }
  return tree;
}

/** Removes every tree {@linkcode sharedTree} made (synchronous, so it can run in `unload`). */
export function removeSharedTrees(): void {
  for (const dir of sharedDirs.splice(0)) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Already gone.
    }
  }
}
