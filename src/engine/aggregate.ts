import type { AggregationError, SegmentRecord } from "@mimolo/sdk";
import { errorMessage } from "../errors.ts";
import { jsonProblem } from "./json_check.ts";
import type { ClosedSegment } from "./segment_engine.ts";

/** Runs the owning plugin's `filterMethod` over one header's values. */
export type FilterRunner = (label: string, values: unknown[]) => unknown | Promise<unknown>;

/** What a segment carried into aggregation. */
export interface SegmentInput {
  /** The closed segment's facts. */
  closed: ClosedSegment;
  /** `dataHeader` → values collected under it, in arrival order. */
  collected: ReadonlyMap<string, unknown[]>;
  /** Whether the segment came back from the journal after a restart. */
  recovered?: boolean;
  /** The machine recording it (`[monitor] host`). */
  host: string;
}

/**
 * Turns a closed segment into its log record: each header's values go
 * through its owner's filter; a filter that throws or returns non-JSON keeps
 * the raw values and is listed in `errors`, so the segment is never lost.
 *
 * @example
 * ```ts
 * const record = await aggregateSegment({ closed, collected, host: "laptop" }, new Map([["items", "example"]]), runFilter);
 * ```
 */
export async function aggregateSegment(
  input: SegmentInput,
  owners: ReadonlyMap<string, string>,
  runFilter: FilterRunner,
): Promise<SegmentRecord> {
  const { closed, collected } = input;
  const aggregated: Record<string, unknown> = {};
  const errors: AggregationError[] = [];
  for (const [header, values] of collected) {
    const label = owners.get(header);
    if (label === undefined) {
      // A recovered segment whose plugin is no longer enabled: nothing can filter it.
      aggregated[header] = values;
      errors.push({ header, label: "", message: "no enabled plugin owns this data header" });
      continue;
    }
    try {
      const result = await runFilter(label, values);
      const problem = jsonProblem(result, "result");
      if (problem) throw new Error(`filterMethod returned non-JSON: ${problem}`);
      aggregated[header] = result;
    } catch (err) {
      aggregated[header] = values;
      errors.push({ header, label, message: errorMessage(err) });
    }
  }
  const record: SegmentRecord = {
    type: "segment",
    start: closed.start.toISOString(),
    end: closed.end.toISOString(),
    duration_s: (closed.end.getTime() - closed.start.getTime()) / 1000,
    labels: [...new Set(closed.events.map((e) => e.label))].sort(),
    aggregated,
    resets_count: closed.resetsCount,
    events: closed.events.map((e) => ({ t: e.timestamp.toISOString(), l: e.label, e: e.event })),
    host: input.host,
  };
  if (closed.eventsDropped > 0) record.events_dropped = closed.eventsDropped;
  if (errors.length > 0) record.errors = errors;
  if (input.recovered) record.recovered = true;
  if (closed.clockAdjusted) record.clock_adjusted = true;
  return record;
}
