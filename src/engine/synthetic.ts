import type { Event, SegmentRecord } from "@mimolo/sdk";
import { aggregateSegment, type FilterRunner } from "./aggregate.ts";
import { SegmentEngine } from "./segment_engine.ts";

/**
 * The segment record that one plugin's `events` would make if they all fell
 * into one segment, built by the monitor's own engine and aggregation (the
 * header's values through `runFilter`, a failing filter listed in `errors`):
 * what `mimolo plugin test` and the testing helpers hand to `onSegmentClose`.
 * Every event counts as resetting, so a segment forms even for a plugin
 * whose events would not open one; `null` when there are no events.
 *
 * @example
 * ```ts
 * const record = await syntheticSegment(events, "example", "examples", (_, v) => v, "laptop");
 * ```
 */
export async function syntheticSegment(
  events: readonly Event[],
  label: string,
  dataHeader: string | null,
  runFilter: FilterRunner,
  host: string,
): Promise<SegmentRecord | null> {
  const engine = new SegmentEngine({ cooldownMs: Number.MAX_SAFE_INTEGER });
  const policy = { label, dataHeader, resetsCooldown: true, infrequent: false };
  const values: unknown[] = [];
  for (const event of events) {
    // The events' own times stand in for the monotonic clock: no clock jump to correct.
    engine.ingest(event, policy, event.timestamp.getTime());
    if (dataHeader !== null && event.data) values.push(event.data[dataHeader]);
  }
  const closed = engine.close();
  if (closed === null) return null;
  const collected = new Map(
    dataHeader === null || values.length === 0 ? [] : [[dataHeader, values]],
  );
  const owners = new Map(dataHeader === null ? [] : [[dataHeader, label]]);
  return await aggregateSegment({ closed, collected, host }, owners, runFilter);
}
