/**
 * The segment engine: the pure cooldown state machine and the aggregation
 * that turns a closed segment into its log record.
 * @module
 */
export { aggregateSegment, type FilterRunner, type SegmentInput } from "./aggregate.ts";
export { eventRecord } from "./event_record.ts";
export { syntheticSegment } from "./synthetic.ts";
export { jsonProblem } from "./json_check.ts";
export {
  type ClosedSegment,
  type EngineOptions,
  type EngineState,
  type IngestOutcome,
  type IngestPolicy,
  SegmentEngine,
  type SegmentEvent,
  type SegmentState,
} from "./segment_engine.ts";
