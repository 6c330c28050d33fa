/**
 * Whether `path` still names the open `file`: false once the file was
 * removed (or its folder deleted) or replaced by another. Where the OS gives
 * no inode numbers (Windows), a file still at `path` counts as the same.
 *
 * @example
 * ```ts
 * if (!isSameFile(lockFile, "/logs/.mimolo.lock")) console.warn("the lock file was removed");
 * ```
 */
export function isSameFile(file: Deno.FsFile, path: string): boolean {
  let atPath: Deno.FileInfo;
  try {
    atPath = Deno.statSync(path);
  } catch {
    return false;
  }
  const open = file.statSync();
  if (open.ino === null || atPath.ino === null) return true;
  return open.ino === atPath.ino && open.dev === atPath.dev;
}
