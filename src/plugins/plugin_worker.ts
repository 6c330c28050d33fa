import { errorMessage } from "../errors.ts";
import { type Grants, workerPermissions } from "./permissions.ts";
import type { PluginLogLevel } from "@mimolo/sdk";
import type { WorkerLog, WorkerReply, WorkerRequest } from "./worker_protocol.ts";

/** The worker's entry module (embedded in the compiled binary with `--include`). */
const ENTRY = new URL("./worker_entry.ts", import.meta.url);

/** A request that got no answer in time; the worker was terminated. */
export class WorkerTimeoutError extends Error {
  override name = "WorkerTimeoutError";
}

/** The worker died (uncaught error, or terminated) before answering. */
export class WorkerCrashError extends Error {
  override name = "WorkerCrashError";
}

/** An error thrown inside the worker, re-created on the host with its original name. */
export class PluginThrew extends Error {
  /** @param name the original error's class name; @param message its message. */
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type Body = WorkerRequest extends infer R ? R extends unknown ? Omit<R, "id"> : never : never;

/**
 * One Web Worker running plugin code under the given permissions, with
 * request/reply messaging and a deadline on every request.
 *
 * @example
 * ```ts
 * const w = new PluginWorker("example", NO_GRANTS);
 * await w.request({ type: "poll" }, 10_000);
 * ```
 */
export class PluginWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #dead: Error | null = null;

  /**
   * @param name shown in diagnostics; @param grants what the plugin code may do;
   * @param onLog receives what the plugin writes with `this.log`.
   */
  constructor(
    name: string,
    grants: Readonly<Grants>,
    onLog: (level: PluginLogLevel, message: string) => void = () => {},
  ) {
    this.#worker = new Worker(ENTRY, {
      type: "module",
      name,
      deno: { permissions: workerPermissions(grants) },
    } as WorkerOptions);
    this.#worker.onmessage = (e: MessageEvent<WorkerReply | WorkerLog>) => {
      if ("type" in e.data) onLog(e.data.level, e.data.message);
      else this.#settle(e.data);
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#die(new WorkerCrashError(`worker crashed: ${e.message}`));
    };
    this.#worker.onmessageerror = () =>
      this.#die(new WorkerCrashError("worker sent an unreadable message"));
  }

  /** Whether the worker can still take requests. */
  get alive(): boolean {
    return this.#dead === null;
  }

  /** Whether a request is waiting for its answer. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Sends a request; rejects with {@linkcode PluginThrew} when the plugin
   * threw, {@linkcode WorkerTimeoutError} after `timeoutMs` (terminating the
   * worker), or {@linkcode WorkerCrashError} if the worker dies.
   */
  request(body: Body, timeoutMs: number): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#die(
          new WorkerTimeoutError(`no answer to "${body.type}" within ${timeoutMs / 1000}s`),
        );
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      try {
        this.#worker.postMessage({ ...body, id });
      } catch (err) {
        this.#pending.get(id)!.reject(
          new Error(`cannot send "${body.type}": ${errorMessage(err)}`),
        );
        this.#pending.delete(id);
      }
    });
  }

  /** Stops the worker at once; pending requests fail. */
  terminate(): void {
    this.#die(new WorkerCrashError("worker terminated"));
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new PluginThrew(reply.error.name, reply.error.message));
  }

  #die(reason: Error): void {
    if (this.#dead) return;
    this.#dead = reason;
    this.#worker.terminate();
    for (const p of this.#pending.values()) p.reject(reason);
    this.#pending.clear();
  }
}
