/**
 * The MiMoLo plugin SDK: the only module plugin authors import, as
 * `"@mimolo/sdk"`. It never imports the runtime.
 *
 * @example
 * ```ts
 * import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
 * ```
 * @module
 */
export { BaseMonitor } from "./base_monitor.ts";
export type {
  ConfigDeclaration,
  ConfigKey,
  ConfigKeyOf,
  ConfigType,
  ConfigTypeValues,
  ConfigValues,
} from "./config.ts";
export { canonicalJson, eventId, withId } from "./event_id.ts";
export { type PluginLogger, type PluginLogLevel, setPluginLogSink } from "./log.ts";
export type {
  AggregationError,
  EventRecord,
  EventRef,
  LogRecord,
  SegmentRecord,
} from "./records.ts";
export type {
  Event,
  JsonValue,
  PluginConfig,
  PluginContext,
  PluginMeta,
  PluginSpec,
} from "./types.ts";
