import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { errorMessage, MimoloError } from "../errors.ts";
import { isSameFile } from "./same_file.ts";

/** The lock file inside the log folder. */
export const LOCK_FILE = ".mimolo.lock";

/** Who holds (or last held) a log folder's lock, as its lock file says. */
export interface LockOwner {
  /** Process id. */
  pid: number;
  /** Host name. */
  host: string;
  /** When it took the lock (ISO-8601). */
  since: string;
}

/** Another monitor writes to this log folder. */
export class LogDirLockedError extends MimoloError {
  override name = "LogDirLockedError";
}

/**
 * Makes this process the only monitor writing to `logDir`, for as long as it
 * runs: it holds an OS lock on `.mimolo.lock` (`flock` on Linux and macOS,
 * `LockFileEx` on Windows), which the kernel releases when the process dies
 * however it dies, so a restart right after `kill -9` never waits for the
 * dead process and a pid reused by another program never blocks. The file
 * also names the holder (pid, host, start time) for the "in use" message.
 *
 * @example
 * ```ts
 * await using _lock = await lockLogDir("/logs");
 * ```
 */
export async function lockLogDir(logDir: string): Promise<LogDirLock> {
  const path = join(logDir, LOCK_FILE);
  // A holder that removed the file as we opened it leaves us a lock on a deleted file: try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await takeLock(path, logDir);
    if (taken) return taken;
  }
  throw new LogDirLockedError(`cannot lock log folder ${logDir}: another mimolo is starting there`);
}

/**
 * A held log folder lock. Disposing removes the lock file and releases the
 * lock.
 */
export class LogDirLock implements AsyncDisposable {
  /** The lock file. */
  readonly path: string;
  /** Who the file named before this process took the lock (a monitor that died), or `null`. */
  readonly tookOverFrom: LockOwner | null;
  #file: Deno.FsFile;
  readonly #owner: LockOwner;

  /** Use {@linkcode lockLogDir}. */
  constructor(path: string, file: Deno.FsFile, owner: LockOwner, tookOverFrom: LockOwner | null) {
    this.path = path;
    this.#file = file;
    this.#owner = owner;
    this.tookOverFrom = tookOverFrom;
    this.#writeOwner();
  }

  /** Whether the lock file at {@linkcode path} is still the one this process holds. */
  holdsPath(): boolean {
    return isSameFile(this.#file, this.path);
  }

  /**
   * Takes the lock again if its file is gone (the log folder deleted while
   * running): recreates the folder and the file and locks it. Returns
   * whether it had to; throws {@linkcode LogDirLockedError} if another
   * monitor took the folder in the meantime.
   */
  restore(): boolean {
    if (this.holdsPath()) return false;
    Deno.mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const file = Deno.openSync(this.path, { read: true, write: true, create: true, mode: 0o600 });
    if (!file.tryLockSync(true)) {
      const owner = readOwner(file);
      file.close();
      throw new LogDirLockedError(
        `another mimolo (pid ${owner?.pid ?? "unknown"}) took log folder ${dirname(this.path)} ` +
          "after it was deleted",
      );
    }
    this.#file.close();
    this.#file = file;
    this.#writeOwner();
    return true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // Removed before the lock is released, so no other monitor ever holds a lock on a removed file.
    if (this.holdsPath()) await Deno.remove(this.path).catch(() => {});
    this.#file.close();
  }

  /** Writes this process's details into the (locked) file. */
  #writeOwner(): void {
    const bytes = new TextEncoder().encode(JSON.stringify(this.#owner) + "\n");
    this.#file.truncateSync(0);
    this.#file.seekSync(0, Deno.SeekMode.Start);
    let written = 0;
    while (written < bytes.length) written += this.#file.writeSync(bytes.subarray(written));
    this.#file.syncSync();
  }
}

/** One attempt: the lock, `null` if the file was replaced under us, or a refusal. */
async function takeLock(path: string, logDir: string): Promise<LogDirLock | null> {
  const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
  let locked: boolean;
  try {
    locked = await file.tryLock(true);
  } catch (err) {
    file.close();
    throw new MimoloError(`cannot lock log folder ${logDir} (${path}): ${errorMessage(err)}`);
  }
  if (!locked) {
    // On Windows the holder's lock also keeps the file from being read: the details are then unknown.
    const owner = readOwner(file);
    file.close();
    const who = owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : "";
    throw new LogDirLockedError(
      `log folder ${logDir} is in use by another mimolo${who}; ` +
        `stop it or set a different [monitor].log_dir`,
    );
  }
  if (!isSameFile(file, path)) {
    file.close();
    return null;
  }
  const me: LockOwner = { pid: Deno.pid, host: hostname(), since: new Date().toISOString() };
  const before = readOwner(file);
  if (before && before.host !== me.host) {
    file.close();
    throw new LogDirLockedError(
      `log folder ${logDir} is locked by mimolo on host ${before.host} (pid ${before.pid}); ` +
        `if that monitor is gone, delete ${path}`,
    );
  }
  return new LogDirLock(path, file, me, before);
}

/** The owner an open lock file names, or `null` (empty, unreadable, not ours). */
function readOwner(file: Deno.FsFile): LockOwner | null {
  try {
    file.seekSync(0, Deno.SeekMode.Start);
    const buffer = new Uint8Array(4096);
    const n = file.readSync(buffer) ?? 0;
    const owner = JSON.parse(new TextDecoder().decode(buffer.subarray(0, n)));
    return typeof owner?.pid === "number" && typeof owner.host === "string" ? owner : null;
  } catch {
    return null;
  }
}
