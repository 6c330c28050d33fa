import type { PluginLogLevel, PluginMeta, SegmentRecord } from "@mimolo/sdk";
import type { PluginContext } from "@mimolo/sdk";
import type { ResolvedSpec } from "./spec.ts";

/** What the host asks a plugin worker to do. Every request has an id; the reply carries it back. */
export type WorkerRequest =
  | { id: number; type: "inspect"; file: string; url: string }
  | {
    id: number;
    type: "init";
    file: string;
    url: string;
    config: Record<string, unknown>;
    context: PluginContext;
    /** Whether to call `onStart()` after constructing (not for a dry run). */
    callOnStart: boolean;
    /** The buffer of the `PollBeat` the worker bumps around every poll. */
    beat: SharedArrayBuffer;
    /** The buffer of the `EventCredit` its polls take from, if its events are limited. */
    credit?: SharedArrayBuffer;
  }
  /** Poll now and reply with the result; if that worked, keep polling every `intervalMs`. */
  | { id: number; type: "run"; intervalMs: number }
  /** Stop polling; the reply comes once a poll in progress has been reported. */
  | { id: number; type: "pause" }
  | { id: number; type: "filter"; file: string; url: string; values: unknown[] }
  | { id: number; type: "segmentClosed"; record: SegmentRecord }
  | { id: number; type: "stop" };

/** A thrown value as it crosses the worker boundary. */
export interface WireError {
  /** The error's class name, e.g. `NotCapable`. */
  name: string;
  /** Its message. */
  message: string;
}

/** A worker's reply to one request. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };

/** What a running poll loop sends without a request: an event, or the failure that stopped it. */
export type WorkerLoopMessage =
  | { type: "event"; run: number; value: unknown }
  | { type: "failed"; run: number; error: WireError };

/** A diagnostic the plugin wrote with `this.log`, sent without a request. */
export interface WorkerLog {
  /** Always `"log"`; replies have no `type`. */
  type: "log";
  /** Severity. */
  level: PluginLogLevel;
  /** The plugin's message. */
  message: string;
}

/** The plugin stopped its own worker (`Deno.exit()` or `self.close()`), sent just before it stops. */
export interface WorkerExit {
  /** Always `"exit"`. */
  type: "exit";
  /** What the plugin called, e.g. `Deno.exit(3)`. */
  how: string;
}

/** An error no call caught (thrown in a timer callback, say), sent just before the worker stops. */
export interface WorkerUncaught {
  /** Always `"uncaught"`. */
  type: "uncaught";
  /** The error. */
  error: WireError;
}

/** Everything a worker may send the host. */
export type WorkerMessage =
  | WorkerReply
  | WorkerLog
  | WorkerLoopMessage
  | WorkerExit
  | WorkerUncaught;

/** The levels a `log` message may carry. */
export const PLUGIN_LOG_LEVELS: readonly PluginLogLevel[] = ["debug", "info", "warn", "error"];

/** Longest text from a worker (a log message, an error's name or message), in characters; the rest is cut. */
export const MAX_TEXT_CHARS = 2000;

/**
 * Checks the shape of a message from a plugin worker, which plugin code can
 * forge (`self.postMessage`): returns it typed, or `{ malformed }` saying
 * what is wrong with it. Values inside (a reply's `value`, an event) are
 * checked later by whoever uses them.
 *
 * @example
 * ```ts
 * readWorkerMessage(null); // { malformed: "null" }
 * readWorkerMessage({ id: 1, ok: true, value: 3 }); // the reply
 * ```
 */
export function readWorkerMessage(data: unknown): WorkerMessage | { malformed: string } {
  const bad = { malformed: preview(data) };
  if (!isRecord(data)) return bad;
  switch (data.type) {
    case undefined:
      if (!isId(data.id) || typeof data.ok !== "boolean") return bad;
      if (data.ok) return { id: data.id, ok: true, value: data.value };
      return isWireError(data.error)
        ? { id: data.id, ok: false, error: cutError(data.error) }
        : bad;
    case "log":
      if (!PLUGIN_LOG_LEVELS.includes(data.level as PluginLogLevel)) return bad;
      if (typeof data.message !== "string") return bad;
      return { type: "log", level: data.level as PluginLogLevel, message: cut(data.message) };
    case "event":
      return isId(data.run) ? { type: "event", run: data.run, value: data.value } : bad;
    case "failed":
      if (!isId(data.run) || !isWireError(data.error)) return bad;
      return { type: "failed", run: data.run, error: cutError(data.error) };
    case "exit":
      return typeof data.how === "string" ? { type: "exit", how: cut(data.how) } : bad;
    case "uncaught":
      return isWireError(data.error) ? { type: "uncaught", error: cutError(data.error) } : bad;
    default:
      return bad;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isWireError(value: unknown): value is WireError {
  return isRecord(value) && typeof value.name === "string" && typeof value.message === "string";
}

function cutError(error: WireError): WireError {
  return { name: cut(error.name), message: cut(error.message) };
}

function cut(text: string): string {
  return text.length <= MAX_TEXT_CHARS ? text : `${text.slice(0, MAX_TEXT_CHARS)}… (cut)`;
}

/** A short description of any value for an error message. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

/** What `init` returns. */
export interface InitResult {
  /** Whether the plugin has `nextActivity()`, so its loop may wait up to a heartbeat between polls. */
  quiet: boolean;
}

/** What `inspect` returns: the plugin's self-description. */
export interface Inspection {
  /** The class name of the default export. */
  className: string;
  /** Its spec with defaults filled in. */
  spec: ResolvedSpec;
  /** Its metadata. */
  meta: PluginMeta;
  /** Its `static config` declaration as plain data (checked by the host), if any. */
  config: unknown;
  /** Its `static requires` as plain data (checked by the host), if any. */
  requires: unknown;
}
