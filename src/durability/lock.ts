import { hostname } from "node:os";
import process from "node:process";
import { join } from "node:path";
import { MimoloError } from "../errors.ts";

/** The lock file inside the log folder. */
export const LOCK_FILE = ".mimolo.lock";

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Another monitor writes to this log folder. */
export class LogDirLockedError extends MimoloError {
  override name = "LogDirLockedError";
}

/**
 * Makes this process the only monitor writing to `logDir`: creates
 * `.mimolo.lock` with its pid, or takes over a lock left by a process that
 * no longer runs. Dispose to release.
 *
 * @example
 * ```ts
 * await using _lock = await lockLogDir("/logs");
 * ```
 */
export async function lockLogDir(
  logDir: string,
): Promise<AsyncDisposable & { tookOverFrom: LockOwner | null }> {
  const path = join(logDir, LOCK_FILE);
  const me: LockOwner = { pid: Deno.pid, host: hostname(), since: new Date().toISOString() };
  let tookOverFrom: LockOwner | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await Deno.writeTextFile(path, JSON.stringify(me) + "\n", { createNew: true, mode: 0o600 });
      return {
        tookOverFrom,
        [Symbol.asyncDispose]: async () => {
          const owner = await readOwner(path);
          if (owner?.pid === me.pid && owner.host === me.host) {
            await Deno.remove(path).catch(() => {});
          }
        },
      };
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
    const owner = await readOwner(path);
    if (owner && owner.host === me.host && isRunning(owner.pid) && owner.pid !== me.pid) {
      throw new LogDirLockedError(
        `log folder ${logDir} is in use by another mimolo (pid ${owner.pid}, since ${owner.since}); ` +
          `stop it or set a different [monitor].log_dir`,
      );
    }
    if (owner && owner.host !== me.host) {
      throw new LogDirLockedError(
        `log folder ${logDir} is locked by mimolo on host ${owner.host} (pid ${owner.pid}); ` +
          `if that monitor is gone, delete ${path}`,
      );
    }
    tookOverFrom = owner;
    await Deno.remove(path).catch(() => {});
  }
  throw new LogDirLockedError(`cannot lock log folder ${logDir}: another mimolo is starting there`);
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await Deno.readTextFile(path));
    return typeof owner?.pid === "number" && typeof owner.host === "string" ? owner : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}
