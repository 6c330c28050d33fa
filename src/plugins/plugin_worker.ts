import { errorMessage } from "../errors.ts";
import { type Grants, workerPermissions } from "./permissions.ts";
import type { PluginLogLevel } from "@mimolo/sdk";
import type { EventCredit } from "./credit.ts";
import { PollBeat } from "./hang_watch.ts";
import type { PollListener } from "./poll_loop.ts";
import {
  type InitResult,
  readWorkerMessage,
  type WireError,
  type WorkerReply,
  type WorkerRequest,
} from "./worker_protocol.ts";

/** The worker's entry module (embedded in the compiled binary with `--include`). */
const ENTRY = new URL("./worker_entry.ts", import.meta.url);

/** A call that got no answer in time; the worker was terminated. */
export class WorkerTimeoutError extends Error {
  override name = "WorkerTimeoutError";
  /** The request type that hung, or `"poll"` for a poll of the worker's own loop. */
  readonly call: string;

  /** @param message what hung; @param call which call. */
  constructor(message: string, call: string) {
    super(message);
    this.call = call;
  }
}

/** A running loop started no poll for longer than it can: its worker is stuck between polls. */
export class WorkerStuckError extends Error {
  override name = "WorkerStuckError";
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
type InitBody = Omit<Extract<WorkerRequest, { type: "init" }>, "id" | "beat" | "credit">;

/**
 * One Web Worker running plugin code under the given permissions, with
 * request/reply messaging and a deadline on every request, and a poll loop
 * of its own that reports only events and failures.
 *
 * @example
 * ```ts
 * const w = new PluginWorker("example", NO_GRANTS);
 * await w.init({ type: "init", file, url, config: {}, context, callOnStart: true }, 10_000);
 * const first = await w.run(5_000, 10_000, listener);
 * ```
 */
export class PluginWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  /** Listeners of poll loops started with {@linkcode run}, by the run request's id. */
  readonly #loops = new Map<number, PollListener>();
  #nextId = 1;
  #dead: Error | null = null;
  #quiet = false;
  /** Bumped by the worker around every poll, read by the host's hang watch. */
  readonly beat = new PollBeat();
  /** What the worker's polls take from, if its events are limited ({@linkcode EventCredit}). */
  readonly credit: EventCredit | null;

  /**
   * @param name shown in diagnostics; @param grants what the plugin code may do;
   * @param onLog receives what the plugin writes with `this.log`;
   * @param credit limits how many of its events may wait to be dealt with.
   */
  constructor(
    name: string,
    grants: Readonly<Grants>,
    onLog: (level: PluginLogLevel, message: string) => void = () => {},
    credit: EventCredit | null = null,
  ) {
    this.credit = credit;
    this.#worker = new Worker(ENTRY, {
      type: "module",
      name,
      deno: { permissions: workerPermissions(grants) },
    } as WorkerOptions);
    // Plugin code shares the worker with its entry module and can post anything.
    this.#worker.onmessage = (e: MessageEvent<unknown>) => {
      const message = readWorkerMessage(e.data);
      if ("malformed" in message) {
        this.#die(
          new WorkerCrashError(`its worker sent a malformed message: ${message.malformed}`),
        );
      } else if (!("type" in message)) this.#settle(message);
      else if (message.type === "log") onLog(message.level, message.message);
      else if (message.type === "event") this.#event(message.run, message.value);
      else if (message.type === "failed") this.#loopFailed(message.run, message.error);
      else if (message.type === "exit") {
        this.#die(new WorkerCrashError(`the plugin called ${message.how}; its worker stopped`));
      } else {
        const { name, message: text } = message.error;
        this.#die(new WorkerCrashError(`worker crashed: Uncaught ${name}: ${text}`));
      }
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

  /** Whether a request is waiting for its answer or the plugin is in a poll. */
  get busy(): boolean {
    return this.answering || this.beat.polling;
  }

  /** Constructs the plugin in the worker (and calls `onStart()` if asked). */
  async init(body: InitBody, timeoutMs: number): Promise<void> {
    const started = await this.request({
      ...body,
      beat: this.beat.counter.buffer,
      credit: this.credit?.counter.buffer,
    }, timeoutMs);
    this.#quiet = (started as Partial<InitResult> | null)?.quiet === true;
  }

  /** Whether the plugin has `nextActivity()` (known after {@linkcode init}). */
  get quiet(): boolean {
    return this.#quiet;
  }

  /** Whether a request is waiting for its answer. */
  get answering(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Polls now and resolves with the result; if that worked, the worker keeps
   * polling every `intervalMs` on its own and reports to `listener` only
   * events and the failure (a throw, or the worker dying) that stops it;
   * these may reach `listener` before the returned promise settles.
   */
  async run(intervalMs: number, timeoutMs: number, listener: PollListener): Promise<unknown> {
    const id = this.#nextId++;
    // Registered before the reply: the loop's first reports may follow it closely.
    this.#loops.set(id, listener);
    try {
      return await this.#request(id, { type: "run", intervalMs }, timeoutMs);
    } catch (err) {
      this.#loops.delete(id);
      throw err;
    }
  }

  /** Stops the poll loop; resolves once a poll in progress has been reported. */
  async pause(timeoutMs: number): Promise<void> {
    const running = [...this.#loops.keys()];
    await this.request({ type: "pause" }, timeoutMs);
    for (const id of running) this.#loops.delete(id);
  }

  /**
   * Sends a request; rejects with {@linkcode PluginThrew} when the plugin
   * threw, {@linkcode WorkerTimeoutError} after `timeoutMs` (terminating the
   * worker), or {@linkcode WorkerCrashError} if the worker dies.
   */
  request(body: Body, timeoutMs: number): Promise<unknown> {
    return this.#request(this.#nextId++, body, timeoutMs);
  }

  #request(id: number, body: Body, timeoutMs: number): Promise<unknown> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#die(
          new WorkerTimeoutError(
            `no answer to "${body.type}" within ${timeoutMs / 1000}s`,
            body.type,
          ),
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

  /** Stops the worker at once; pending requests and the poll loop fail with `reason`. */
  terminate(reason: Error = new WorkerCrashError("worker terminated")): void {
    this.#die(reason);
  }

  #event(run: number, value: unknown): void {
    const listener = this.#loops.get(run);
    if (listener) listener.event(value);
    else this.credit?.give(); // a loop no longer listened to: the event is not dealt with
  }

  #loopFailed(run: number, error: WireError): void {
    const listener = this.#loops.get(run);
    this.#loops.delete(run);
    listener?.failed(new PluginThrew(error.name, error.message));
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
    const loops = [...this.#loops.values()];
    this.#loops.clear();
    for (const listener of loops) listener.failed(reason);
  }
}
