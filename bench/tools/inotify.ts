/**
 * Counts this process's inotify instances and watches (Linux), from
 * /proc/self/fdinfo: each inotify file descriptor lists one `inotify wd:`
 * line per watch.
 * @module
 */

/** inotify instances (file descriptors) and watches held by this process. */
export interface InotifyUse {
  /** inotify file descriptors. */
  instances: number;
  /** Watches, summed over them. */
  watches: number;
}

/**
 * What this process holds in inotify right now (zeros where /proc is absent).
 *
 * @example
 * ```ts
 * inotifyUse(); // { instances: 1, watches: 12 }
 * ```
 */
export function inotifyUse(): InotifyUse {
  const use = { instances: 0, watches: 0 };
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc/self/fdinfo")];
  } catch {
    return use;
  }
  for (const entry of entries) {
    let info: string;
    try {
      info = Deno.readTextFileSync(`/proc/self/fdinfo/${entry.name}`);
    } catch {
      continue;
    }
    const watches = info.match(/^inotify wd:/gm)?.length ?? 0;
    if (watches > 0 || /^inotify/m.test(info)) use.instances++;
    use.watches += watches;
  }
  return use;
}
