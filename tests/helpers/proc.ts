/**
 * Whole-process measurements (Linux), read from /proc/<pid>: the CPU time a
 * process spends in a window (/proc/<pid>/stat) and its resident memory
 * (/proc/<pid>/status).
 * @module
 */

let ticks: number | undefined;

/** Clock ticks per second of /proc times (`getconf CLK_TCK`; USER_HZ, 100 on Linux). */
export function ticksPerSecond(): number {
  if (ticks === undefined) {
    const out = new Deno.Command("getconf", { args: ["CLK_TCK"], stderr: "null" }).outputSync();
    const value = Number(new TextDecoder().decode(out.stdout).trim());
    ticks = out.success && value > 0 ? value : 100;
  }
  return ticks;
}

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
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
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

/** A `/proc/<pid>/status` field in kB (`VmRSS`, `VmHWM`, …), as bytes. */
function statusBytes(pid: number, field: string): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  if (!kb) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

/** Resident memory (VmRSS) of a process now, in bytes (Linux). */
export function rssBytes(pid: number): number {
  return statusBytes(pid, "VmRSS");
}

/** Peak resident memory (VmHWM) of a process so far, in bytes (Linux). */
export function peakRss(pid: number): number {
  return statusBytes(pid, "VmHWM");
}

/**
 * How many of a process's threads were running or waiting for a CPU (state
 * `R` in /proc/<pid>/task/<tid>/stat) in most of `samples` looks spread over
 * `windowMs`. A thread spinning in a loop counts however loaded the machine
 * is (it waits for a CPU, it never sleeps); an idle thread does not.
 */
export async function busyThreads(pid: number, windowMs: number, samples = 20): Promise<number> {
  const running = new Map<string, number>();
  for (let i = 0; i < samples; i++) {
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      try {
        const stat = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/stat`);
        if (stat[stat.lastIndexOf(")") + 2] === "R") {
          running.set(task.name, (running.get(task.name) ?? 0) + 1);
        }
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    await new Promise((r) => setTimeout(r, windowMs / samples));
  }
  return [...running.values()].filter((n) => n > samples / 2).length;
}

/** The pids of a process's children (Linux). */
function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      const text = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/children`).trim();
      if (text !== "") pids.push(...text.split(" ").map(Number));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return pids;
}

/**
 * The first descendant of `pid` that runs this Deno executable (e.g. the
 * mimolo under `script` and its shell), or `undefined` while there is none.
 */
export function denoDescendant(pid: number): number | undefined {
  const deno = Deno.realPathSync(Deno.execPath());
  const queue = childPids(pid);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    try {
      if (Deno.readLinkSync(`/proc/${next}/exe`) === deno) return next;
      queue.push(...childPids(next));
    } catch {
      // It exited meanwhile.
    }
  }
  return undefined;
}
