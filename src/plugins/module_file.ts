import { isAbsolute, relative, sep } from "node:path";
import { errorMessage, PluginLoadError } from "../errors.ts";

/** Largest module file a plugin may have, in bytes. */
export const MAX_MODULE_BYTES = 4 * 1024 * 1024;

/** A plugin module's file, read. */
export interface ModuleFile {
  /** Its path with symlinks resolved. */
  real: string;
  /** Its text. */
  source: string;
}

/**
 * Reads one of a plugin's module files for the host, which has every right,
 * so only what the plugin may have: a regular file (checked before it is
 * opened, so a FIFO or a device is never read) whose real path is inside
 * `root`, the plugin's folder with symlinks resolved, of at most
 * {@linkcode MAX_MODULE_BYTES}. Anything else is a {@linkcode PluginLoadError}
 * starting with `who` (the plugin file, or `<importer>: cannot import "<specifier>"`).
 *
 * @example
 * ```ts
 * const { source } = await readModuleFile("/plugins/_util.ts", "/plugins", 'mine.ts: cannot import "./_util.ts"');
 * ```
 */
export async function readModuleFile(path: string, root: string, who: string): Promise<ModuleFile> {
  const fail = (why: string): never => {
    throw new PluginLoadError(`${who}: ${why}`);
  };
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch (err) {
    return fail(err instanceof Deno.errors.NotFound ? `${path} does not exist` : errorMessage(err));
  }
  const via = real === path ? "" : ` (${path} leads there)`;
  if (!inside(root, real)) return fail(`${real} is outside the plugin folder ${root}${via}`);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(real);
  } catch (err) {
    return fail(errorMessage(err));
  }
  if (!info.isFile) return fail(`${real} is not a regular file${via}`);
  if (info.size > MAX_MODULE_BYTES) return fail(`${real} is larger than ${MAX_MODULE_BYTES} bytes`);
  using file = await Deno.open(real, { read: true });
  // Never more than the size just checked, whatever the file does meanwhile.
  const bytes = new Uint8Array(info.size + 1);
  let length = 0;
  while (length < bytes.length) {
    const n = await file.read(bytes.subarray(length));
    if (n === null) break;
    length += n;
  }
  if (length > info.size) return fail(`${real} grew while it was read`);
  return { real, source: new TextDecoder().decode(bytes.subarray(0, length)) };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !isAbsolute(rel) && rel.split(sep)[0] !== "..";
}
