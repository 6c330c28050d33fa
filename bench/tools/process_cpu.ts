/**
 * Whole-process CPU measurement (Linux): user+system CPU time a process
 * spends in a window, read from /proc/<pid>/stat.
 * @module
 */

/** Clock ticks per second of /proc times (USER_HZ is 100 on Linux). */
const TICKS_PER_S = 100;

/**
 * User + system CPU seconds a process has used so far (Linux only).
 *
 * @example
 * ```ts
 * const before = await cpuSeconds(child.pid);
 * ```
 */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/**
 * CPU seconds a process spends during `windowMs`.
 *
 * @example
 * ```ts
 * const used = await cpuDuring(child.pid, 30_000);
 * ```
 */
export async function cpuDuring(pid: number, windowMs: number): Promise<number> {
  const before = await cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, windowMs));
  return await cpuSeconds(pid) - before;
}
