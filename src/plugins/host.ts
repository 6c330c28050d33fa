import type { SegmentRecord } from "@mimolo/sdk";

/**
 * Where plugins run. The runtime talks only to this seam, so how plugins are
 * isolated can change without touching the engine, config or CLI.
 */
export interface PluginHost {
  /** Calls `emitEvent()` (constructing the plugin and calling `onStart()` first if needed). */
  poll(label: string): Promise<unknown>;
  /** Runs the plugin's static `filterMethod` over collected values. */
  filter(label: string, values: unknown[]): Promise<unknown>;
  /** Tells every started plugin that a segment closed. */
  segmentClosed(record: SegmentRecord): Promise<void>;
  /** Calls `onStop()` on every started plugin, each bounded by `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
}
