import type { Event, PluginContext, SegmentRecord } from "@mimolo/sdk";
import { syntheticSegment } from "../engine/mod.ts";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";
import { validateEvent } from "../plugins/validate_event.ts";
import { WorkerHost } from "../plugins/worker_host.ts";
import { sleep } from "./clock.ts";

/** A poll slower than this gets a warning (the plugin guide's performance tip). */
export const SLOW_POLL_MS = 100;

/** What a trial of one plugin does. */
export interface TrialOptions {
  /** How many polls. */
  polls: number;
  /** Time between the starts of two polls (ms). */
  intervalMs: number;
  /** Passed to the plugin's constructor, as by the monitor. */
  context: PluginContext;
  /** `[monitor] max_event_bytes`. */
  maxEventBytes: number;
  /** `[monitor] max_clock_skew_s`. */
  maxClockSkewS: number;
  /** `[monitor] host`, for the synthetic segment. */
  hostName: string;
  /** Where the plugin's `this.log` goes. */
  log: Logger;
}

/** The part of the run a step reports on. */
export type TrialStage = "start" | "poll" | "filterMethod" | "onSegmentClose" | "onStop";

/** One thing that happened in a trial, reported as it happens. */
export type TrialStep =
  /** Constructor and `onStart()` finished. */
  | { kind: "started"; ms: number }
  /** A poll returned a valid event, or `null` (`event: null`). */
  | { kind: "poll"; poll: number; ms: number; event: Event | null }
  /** A call failed: it threw, hung past `timeout_s`, or returned an invalid event. */
  | { kind: "error"; stage: TrialStage; poll?: number; ms?: number; message: string }
  /** Polls not made because the plugin's worker was terminated (a hang) or never started. */
  | { kind: "skipped"; polls: number; reason: string }
  /** `filterMethod` over the collected values, and the segment `onSegmentClose` got (`null`: no events). */
  | { kind: "aggregate"; aggregated: Record<string, unknown>; segment: SegmentRecord | null }
  /** `onStop()` finished. */
  | { kind: "stopped" };

/**
 * Runs one plugin exactly as the monitor would (its worker, grants,
 * `timeout_s` and event validation) but writes nothing: constructs it and
 * calls `onStart()`, polls it `polls` times every `intervalMs`, runs
 * `filterMethod` over the values collected under its `dataHeader`, calls
 * `onSegmentClose()` with the resulting segment, then `onStop()`. Each step
 * goes to `report` as it happens, the aggregate last; resolves with whether
 * every step worked.
 *
 * @example
 * ```ts
 * const ok = await trialPlugin(plugin, options, (step) => console.log(step));
 * ```
 */
export async function trialPlugin(
  plugin: RegisteredPlugin,
  options: TrialOptions,
  report: (step: TrialStep) => void,
): Promise<boolean> {
  const label = plugin.spec.label;
  let ok = true;
  let stopFailed = false;
  const fail = (step: Omit<Extract<TrialStep, { kind: "error" }>, "kind">) => {
    ok = false;
    if (step.stage === "onStop") stopFailed = true;
    report({ kind: "error", ...step, message: `plugin ${label}: ${step.message}` });
  };
  const host = new WorkerHost(
    [plugin],
    options.context,
    () => options.log,
    (_, message) => fail({ stage: hookStage(message), message }),
  );
  const started = performance.now();
  try {
    await host.start(label);
    report({ kind: "started", ms: performance.now() - started });
  } catch (err) {
    fail({ stage: "start", ms: performance.now() - started, message: errorMessage(err) });
    report({ kind: "skipped", polls: options.polls, reason: "the plugin did not start" });
    return false;
  }
  const events: Event[] = [];
  const first = performance.now();
  for (let poll = 1; poll <= options.polls; poll++) {
    const due = first + (poll - 1) * options.intervalMs;
    await sleep(due - performance.now(), new AbortController().signal);
    const t0 = performance.now();
    try {
      const value = await host.run(label, HOUR_MS, { event() {}, failed() {} });
      const ms = performance.now() - t0;
      await host.pause(label);
      // Nothing is written here: every event is dealt with at once.
      if (value !== null && value !== undefined) host.grant(label);
      const event = validateEvent(value, plugin.effective, {
        maxEventBytes: options.maxEventBytes,
        maxSkewMs: options.maxClockSkewS * 1000,
        nowMs: Date.now(),
      });
      if (event !== null) events.push(event);
      report({ kind: "poll", poll, ms, event });
    } catch (err) {
      fail({ stage: "poll", poll, ms: performance.now() - t0, message: errorMessage(err) });
      if (!host.alive(label)) {
        const left = options.polls - poll;
        if (left > 0) report({ kind: "skipped", polls: left, reason: "its worker was terminated" });
        break;
      }
    }
  }
  const segment = await syntheticSegment(
    events,
    label,
    plugin.effective.dataHeader,
    (l, values) => host.filter(l, values),
    options.hostName,
  );
  for (const e of segment?.errors ?? []) fail({ stage: "filterMethod", message: e.message });
  if (segment !== null) await host.segmentClosed(segment);
  const wasAlive = host.alive(label);
  await host.stop(Math.min(STOP_DEADLINE_MS, plugin.timeoutMs));
  if (wasAlive && !stopFailed) report({ kind: "stopped" });
  report({ kind: "aggregate", aggregated: segment?.aggregated ?? {}, segment });
  return ok;
}

/** A poll's loop is paused at once; the hour only keeps the worker from polling on its own. */
const HOUR_MS = 3_600_000;

/** What the monitor gives `onStop()` at shutdown. */
const STOP_DEADLINE_MS = 2000;

/** Which hook a host's failure message is about. */
function hookStage(message: string): TrialStage {
  return message.startsWith("onStop()") ? "onStop" : "onSegmentClose";
}
