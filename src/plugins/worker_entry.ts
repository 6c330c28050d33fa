/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * The code inside every plugin worker. The SDK (and the wrappers that only
 * built-in plugins import) are imported statically so a plugin's import of
 * them finds them already loaded: a worker without read permission cannot
 * load a file module on demand.
 * @module
 */
import "@mimolo/gitignore";
import { type BaseMonitor, setPluginLogSink } from "@mimolo/sdk";
import { jsonProblem } from "../engine/json_check.ts";
import { workerClock } from "../runtime/clock.ts";
import { EventCredit } from "./credit.ts";
import { PollBeat } from "./hang_watch.ts";
import { PollLoop } from "./poll_loop.ts";
import { metaOf, type MonitorClass, monitorClassOf, resolveSpec } from "./spec.ts";
import type {
  InitResult,
  Inspection,
  WireError,
  WorkerExit,
  WorkerLog,
  WorkerLoopMessage,
  WorkerReply,
  WorkerRequest,
  WorkerUncaught,
} from "./worker_protocol.ts";

// A worker that stops itself sends the host nothing, so a plugin that calls
// Deno.exit() or self.close() says so first, and its failure is reported at once.
const closeWorker = self.close.bind(self);
function stopWorker(how: string): void {
  const exit: WorkerExit = { type: "exit", how };
  self.postMessage(exit);
  closeWorker();
}
self.close = () => stopWorker("self.close()");
Deno.exit = ((code?: number) => stopWorker(`Deno.exit(${code ?? ""})`)) as typeof Deno.exit;

// An error no call caught ends the worker as before, but reaches the host as a
// message instead of being printed raw, stack and all, by the runtime.
function uncaught(event: Event, error: unknown): void {
  event.preventDefault();
  const message: WorkerUncaught = { type: "uncaught", error: toWire(error) };
  self.postMessage(message);
  closeWorker();
}
self.addEventListener("error", (e) => uncaught(e, e.error ?? e.message));
self.addEventListener("unhandledrejection", (e) => uncaught(e, e.reason));

setPluginLogSink((level, message) => {
  const log: WorkerLog = { type: "log", level, message: String(message) };
  self.postMessage(log);
});

let cls: MonitorClass | null = null;
let instance: BaseMonitor | null = null;
let beat: PollBeat | null = null;
let credit: EventCredit | null = null;
let loop: PollLoop | null = null;
/** Settles once the last loop stopped, so a new one never polls alongside it. */
let loopStopped: Promise<void> = Promise.resolve();

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, value: await handle(request) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: toWire(err) };
  }
  const isEvent = request.type === "run";
  post(reply, reply.ok ? reply.value : null, isEvent, (error) => ({
    id: request.id,
    ok: false,
    error,
  }));
};

/** Posts `message`; if `value` cannot be copied out, posts `instead(why)`. */
function post(
  message: WorkerReply | WorkerLoopMessage,
  value: unknown,
  isEvent: boolean,
  instead: (error: WireError) => WorkerReply | WorkerLoopMessage,
): void {
  try {
    self.postMessage(message);
  } catch (err) {
    if (isEvent && value !== null && value !== undefined) credit?.give(); // it never left
    const problem = isEvent
      ? jsonProblem((value as { data?: unknown } | null)?.data ?? null, "event.data")
      : jsonProblem(value, "the result");
    const message = `${problem ?? "the result"}; it cannot leave the plugin worker (${
      toWire(err).message
    })`;
    self.postMessage(instead({ name: "TypeError", message }));
  }
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case "inspect": {
      const found = await load(request.url, request.file);
      const inspection: Inspection = {
        className: found.name,
        spec: resolveSpec(found.spec, request.file, found.name),
        meta: metaOf(found.meta),
        config: plainCopy(found.config, "static config"),
        requires: plainCopy(found.requires, "static requires"),
      };
      return inspection;
    }
    case "init": {
      beat = new PollBeat(request.beat); // before any plugin code runs
      credit = request.credit ? new EventCredit(request.credit) : null;
      cls = await load(request.url, request.file);
      instance = new cls(request.config, request.context);
      if (request.callOnStart) await instance.onStart?.();
      const started: InitResult = { quiet: typeof instance.nextActivity === "function" };
      return started;
    }
    case "run":
      return await run(request.id, request.intervalMs);
    case "pause":
      await pause();
      return null;
    case "filter":
      cls ??= await load(request.url, request.file);
      return await cls.filterMethod(request.values);
    case "segmentClosed":
      await instance?.onSegmentClose?.(request.record);
      return null;
    case "stop":
      await pause();
      await instance?.onStop?.();
      return null;
  }
}

/** Starts polling on this worker's own timer; resolves with the first poll's event. */
async function run(id: number, intervalMs: number): Promise<unknown> {
  await pause();
  const failed = (error: WireError): WorkerLoopMessage => ({ type: "failed", run: id, error });
  loop = new PollLoop(pollOnce, intervalMs, workerClock, {
    event: (value) => post({ type: "event", run: id, value }, value, true, failed),
    failed: (err) => self.postMessage(failed(toWire(err))),
  }, () => instance?.nextActivity?.() ?? null);
  return await loop.start();
}

async function pause(): Promise<void> {
  const stopping = loop;
  loop = null;
  if (stopping) loopStopped = stopping.stop();
  await loopStopped;
}

async function pollOnce(): Promise<unknown> {
  if (!instance || !beat) throw new Error("poll before init");
  beat.bump();
  try {
    // Without credit, the host has too many of its events still to deal with: skip this poll.
    if (credit && !credit.take()) return null;
    let event: unknown;
    try {
      event = await instance.emitEvent();
      // Checked here, before the copy out of the worker turns class instances into plain objects.
      const problem = jsonProblem((event as { data?: unknown } | null)?.data ?? null, "event.data");
      if (problem) throw new TypeError(`${problem}; data must be JSON-serialisable`);
    } catch (err) {
      credit?.give();
      throw err;
    }
    if (event === null || event === undefined) credit?.give();
    return event;
  } finally {
    beat.bump();
  }
}

async function load(url: string, file: string): Promise<MonitorClass> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(url);
  } catch (err) {
    throw new Error(`failed to evaluate: ${toWire(err).message.split("\n")[0]}`);
  }
  return monitorClassOf(mod, file);
}

/** `value` as plain JSON (what leaves the worker), or an error naming `what`. */
function plainCopy(value: unknown, what: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch (err) {
    throw new Error(`${what} must be plain data: ${toWire(err).message}`);
  }
}

function toWire(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}
