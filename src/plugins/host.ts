import type { SegmentRecord } from "@mimolo/sdk";
import type { PollListener } from "./poll_loop.ts";
import type { RegisteredPlugin } from "./registry.ts";

/**
 * Where plugins run. The runtime talks only to this seam, so how plugins are
 * isolated can change without touching the engine, config or CLI.
 */
export interface PluginHost {
  /**
   * Polls the plugin now (constructing it and calling `onStart()` first if
   * needed) and resolves with the result, or rejects saying why it failed.
   * After a successful first poll the plugin keeps polling itself every
   * `intervalMs`; only events and the failure that stops it reach `listener`,
   * possibly before the returned promise settles (the caller orders them).
   */
  run(label: string, intervalMs: number, listener: PollListener): Promise<unknown>;
  /**
   * One event the plugin reported has been dealt with (a standalone record
   * once written; any other event once journaled): it may emit one more. A
   * plugin skips its polls while its credit is used up: `EVENT_CREDIT`
   * records waiting for an infrequent plugin, `JOURNAL_CREDIT` (one) event
   * not yet granted for any other.
   */
  grant(label: string): void;
  /** Stops the plugin's polling; resolves once a poll in progress has been reported. Never rejects. */
  pause(label: string): Promise<void>;
  /** Runs the plugin's static `filterMethod` over collected values. */
  filter(label: string, values: unknown[]): Promise<unknown>;
  /** Tells every started plugin that a segment closed. */
  segmentClosed(record: SegmentRecord): Promise<void>;
  /**
   * Adds or replaces the definitions of plugins it may run (a reloaded
   * config); a running plugin keeps its worker until {@linkcode retire}.
   * Definitions of plugins no longer listed are kept, so the open segment's
   * values can still be run through their `filterMethod`.
   */
  define(plugins: readonly RegisteredPlugin[]): void;
  /** Stops one plugin: its polling, then `onStop()` (bounded by `deadlineMs`), then its worker. Never rejects. */
  retire(label: string, deadlineMs: number): Promise<void>;
  /** Calls `onStop()` on every started plugin, each bounded by `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
}
