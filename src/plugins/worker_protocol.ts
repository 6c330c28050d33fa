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

/** What `inspect` returns: the plugin's self-description. */
export interface Inspection {
  /** The class name of the default export. */
  className: string;
  /** Its spec with defaults filled in. */
  spec: ResolvedSpec;
  /** Its metadata. */
  meta: PluginMeta;
}
