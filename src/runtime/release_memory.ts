/**
 * Gives memory that ended threads freed back to the system: on Linux with
 * glibc, `malloc_trim(0)` through FFI. Deno 2.7.5 leaves what a finished
 * worker freed in glibc's arenas (Deno 2.7.6 added this call after every
 * worker exit), which the monitor's discovery workers would otherwise leave
 * behind for the whole run. Elsewhere (not glibc, no FFI permission) it does
 * nothing. Returns whether it could call it.
 *
 * @example
 * ```ts
 * releaseFreedMemory(); // after short-lived workers ended
 * ```
 */
export function releaseFreedMemory(): boolean {
  if (Deno.build.os !== "linux") return false;
  let libc;
  try {
    libc = Deno.dlopen("libc.so.6", { malloc_trim: { parameters: ["usize"], result: "i32" } });
  } catch {
    return false;
  }
  try {
    libc.symbols.malloc_trim(0n);
    return true;
  } finally {
    libc.close();
  }
}
