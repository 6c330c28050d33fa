/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * The code inside every plugin worker. The SDK is imported statically so a
 * plugin's `"@mimolo/sdk"` import finds it already loaded: a worker without
 * read permission cannot load a file module on demand.
 * @module
 */
import { type BaseMonitor, setPluginLogSink } from "@mimolo/sdk";
import { jsonProblem } from "../engine/json_check.ts";
import { metaOf, type MonitorClass, monitorClassOf, resolveSpec } from "./spec.ts";
import type {
  Inspection,
  WireError,
  WorkerLog,
  WorkerReply,
  WorkerRequest,
} from "./worker_protocol.ts";

setPluginLogSink((level, message) => {
  const log: WorkerLog = { type: "log", level, message: String(message) };
  self.postMessage(log);
});

let cls: MonitorClass | null = null;
let instance: BaseMonitor | null = null;

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const request = e.data;
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, value: await handle(request) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: toWire(err) };
  }
  try {
    self.postMessage(reply);
  } catch (err) {
    const problem = !reply.ok
      ? null
      : request.type === "poll"
      ? jsonProblem((reply.value as { data?: unknown } | null)?.data ?? null, "event.data")
      : jsonProblem(reply.value, "the result");
    const message = `${problem ?? "the result"}; it cannot leave the plugin worker (${
      toWire(err).message
    })`;
    self.postMessage({ id: request.id, ok: false, error: { name: "TypeError", message } });
  }
};

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case "inspect": {
      const found = await load(request.url, request.file);
      const inspection: Inspection = {
        className: found.name,
        spec: resolveSpec(found.spec, request.file, found.name),
        meta: metaOf(found.meta),
      };
      return inspection;
    }
    case "init": {
      cls = await load(request.url, request.file);
      instance = new cls(request.config, request.context);
      if (request.callOnStart) await instance.onStart?.();
      return null;
    }
    case "poll": {
      if (!instance) throw new Error("poll before init");
      const event = await instance.emitEvent();
      // Checked here, before the copy out of the worker turns class instances into plain objects.
      const problem = jsonProblem((event as { data?: unknown } | null)?.data ?? null, "event.data");
      if (problem) throw new TypeError(`${problem}; data must be JSON-serialisable`);
      return event;
    }
    case "filter":
      cls ??= await load(request.url, request.file);
      return await cls.filterMethod(request.values);
    case "segmentClosed":
      await instance?.onSegmentClose?.(request.record);
      return null;
    case "stop":
      await instance?.onStop?.();
      return null;
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

function toWire(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}
