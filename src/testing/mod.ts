/**
 * `"@mimolo/sdk/testing"`: drive a plugin in `deno test` the way MiMoLo's
 * runtime does. {@linkcode testPlugin} checks the class as discovery does
 * (spec, config declaration, requires), builds its config from a section's
 * keys exactly as the monitor would, constructs it and calls `onStart()`;
 * each poll's result is checked by the runtime's own event rules; the
 * aggregate comes from its `filterMethod` and must be plain JSON; and a
 * {@linkcode FakeTime} lets a test move the clock. What the plugin writes
 * with `this.log` is kept in {@linkcode PluginRun.logs} instead of stderr.
 *
 * It runs the plugin in the test's own process, not in a worker: the
 * plugin has the permissions given to `deno test` (`--allow-read` …), and
 * `timeout_s` does not apply. To run it exactly as the monitor does, with
 * its grants and timeout, use `mimolo plugin test FILE`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { testPlugin } from "@mimolo/sdk/testing";
 * import MyMonitor from "./mymonitor.ts";
 *
 * Deno.test("mymonitor: events and aggregate", async () => {
 *   await using run = await testPlugin(MyMonitor, { config: { depth: 2 } });
 *   await run.polls(3);
 *   assert.deepEqual(await run.aggregate(), ["a", "b"]);
 * });
 * ```
 * @module
 */
import {
  type BaseMonitor,
  type Event,
  type PluginConfig,
  type PluginContext,
  type PluginLogLevel,
  type SegmentRecord,
  setPluginLogSink,
} from "@mimolo/sdk";
import { STANDARD_PLUGIN_KEYS } from "../config/standard_keys.ts";
import { pluginConfigValues } from "../config/plugin_config.ts";
import { jsonProblem } from "../engine/json_check.ts";
import { syntheticSegment } from "../engine/synthetic.ts";
import { resolveConfigDeclaration } from "../plugins/config_declaration.ts";
import { monitorClassOf, requiresOf, type ResolvedSpec, resolveSpec } from "../plugins/spec.ts";
import { validateEvent } from "../plugins/validate_event.ts";
import { FakeTime } from "./fake_time.ts";

export { FakeTime } from "./fake_time.ts";
export type { ResolvedSpec } from "../plugins/spec.ts";

/** A plugin class, as a plugin file default-exports it. */
export type PluginClass<T extends BaseMonitor> =
  & (new (config: PluginConfig, context: PluginContext) => T)
  & Pick<typeof BaseMonitor, "spec" | "meta" | "config" | "requires" | "filterMethod">;

/** How to set the plugin up. */
export interface TestPluginOptions {
  /** The custom keys of its `[plugins.<label>]` section, as written in TOML (default none). */
  config?: Record<string, unknown>;
  /**
   * Where it runs; `configDir` defaults to the current folder (relative
   * `path` keys resolve against it), `logDir` to `<configDir>/logs`.
   */
  context?: Partial<PluginContext>;
  /** Start a {@linkcode FakeTime} at this time (a `Date`, ISO-8601 text or epoch ms). */
  time?: Date | string | number;
  /** `[monitor] max_event_bytes` (default 65,536). */
  maxEventBytes?: number;
  /** `[monitor] max_clock_skew_s` (default 300). */
  maxClockSkewS?: number;
}

/** A plugin result the runtime would refuse: the message says which rule, as the monitor's would. */
export class PluginRuleError extends Error {
  override name = "PluginRuleError";
}

/** One message the plugin wrote with `this.log`. */
export interface LoggedMessage {
  /** Its level. */
  level: PluginLogLevel;
  /** What it said. */
  message: string;
}

/**
 * Checks `cls` as discovery does, builds its config as the monitor does
 * from `options.config`, constructs it and calls `onStart()`. A spec, a
 * declaration or a config the runtime would refuse throws its error.
 *
 * @example
 * ```ts
 * await using run = await testPlugin(MyMonitor, { time: "2025-01-06T09:00:00Z" });
 * ```
 */
export async function testPlugin<T extends BaseMonitor>(
  cls: PluginClass<T>,
  options: TestPluginOptions = {},
): Promise<PluginRun<T>> {
  const file = `<${cls.name || "plugin"}>`;
  monitorClassOf({ default: cls }, file);
  const spec = resolveSpec(cls.spec, file, cls.name);
  const declaration = resolveConfigDeclaration(
    plainData(cls.config, "static config"),
    file,
    spec.label,
    STANDARD_PLUGIN_KEYS,
  );
  requiresOf(plainData(cls.requires, "static requires"), file, spec.label);
  const configDir = options.context?.configDir ?? Deno.cwd();
  const context: PluginContext = {
    configDir,
    logDir: options.context?.logDir ?? `${configDir}/logs`,
    ...(options.context?.homeDir === undefined ? {} : { homeDir: options.context.homeDir }),
  };
  const written = options.config ?? {};
  const config = declaration === null ? { ...written } : pluginConfigValues(declaration, written, {
    file: "<test>",
    label: spec.label,
    baseDir: configDir,
    home: context.homeDir,
    otherKeys: STANDARD_PLUGIN_KEYS,
  });
  const time = options.time === undefined ? null : new FakeTime(options.time);
  const logs: LoggedMessage[] = [];
  setPluginLogSink((level, message) => logs.push({ level, message: String(message) }));
  try {
    const plugin = new cls(structuredClone(config), context);
    await plugin.onStart?.();
    return new PluginRun(cls, plugin, spec, config, time, logs, {
      maxEventBytes: options.maxEventBytes ?? 64 * 1024,
      maxSkewMs: (options.maxClockSkewS ?? 300) * 1000,
    });
  } catch (err) {
    time?.restore();
    setPluginLogSink();
    throw err;
  }
}

/**
 * A constructed plugin, polled and aggregated as the runtime would. Dispose
 * of it (`await using`) or call {@linkcode stop}: that calls `onStop()` and
 * puts the real clock back.
 */
export class PluginRun<T extends BaseMonitor> implements AsyncDisposable {
  /** The plugin instance. */
  readonly plugin: T;
  /** Its spec with defaults filled in, as the runtime uses it. */
  readonly spec: ResolvedSpec;
  /** The config its constructor got (declared keys checked, defaults filled in, paths absolute). */
  readonly config: Record<string, unknown>;
  /** The fake clock, when `time` was given; `null` otherwise. */
  readonly time: FakeTime | null;
  /** What the plugin wrote with `this.log`, in order. */
  readonly logs: LoggedMessage[];
  /** Every valid event so far, in order (cleared by {@linkcode closeSegment}). */
  readonly events: Event[] = [];
  readonly #cls: PluginClass<T>;
  readonly #limits: { maxEventBytes: number; maxSkewMs: number };
  #stopped = false;

  /** Use {@linkcode testPlugin}. */
  constructor(
    cls: PluginClass<T>,
    plugin: T,
    spec: ResolvedSpec,
    config: Record<string, unknown>,
    time: FakeTime | null,
    logs: LoggedMessage[],
    limits: { maxEventBytes: number; maxSkewMs: number },
  ) {
    this.#cls = cls;
    this.plugin = plugin;
    this.spec = spec;
    this.config = config;
    this.time = time;
    this.logs = logs;
    this.#limits = limits;
  }

  /**
   * Polls once: `emitEvent()`, then the runtime's checks (plain-JSON data,
   * the copy out of a worker, then every event rule). Resolves with the
   * event as the monitor would accept it, or `null`; a result the monitor
   * would refuse throws a {@linkcode PluginRuleError} saying which rule.
   */
  async poll(): Promise<Event | null> {
    const value = await this.plugin.emitEvent();
    const data = (value as { data?: unknown } | null)?.data ?? null;
    const problem = jsonProblem(data, "event.data");
    if (problem) throw new PluginRuleError(`${problem}; data must be JSON-serialisable`);
    let event: Event | null;
    try {
      event = validateEvent(structuredClone(value), this.spec, {
        ...this.#limits,
        nowMs: Date.now(),
      });
    } catch (err) {
      throw new PluginRuleError(err instanceof Error ? err.message : String(err));
    }
    if (event !== null) this.events.push(event);
    return event;
  }

  /**
   * Polls `n` times and resolves with each result. With a fake clock, the
   * clock moves `intervalS` (default: the spec's `pollIntervalS`) before
   * each poll after the first, as the runtime's schedule would.
   */
  async polls(n: number, intervalS: number = this.spec.pollIntervalS): Promise<(Event | null)[]> {
    const results: (Event | null)[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) this.time?.advance(intervalS * 1000);
      results.push(await this.poll());
    }
    return results;
  }

  /** The values collected under the spec's `dataHeader` from {@linkcode events}, in order. */
  get collected(): unknown[] {
    const header = this.spec.dataHeader;
    if (header === null) return [];
    return this.events.flatMap((e) => (e.data ? [e.data[header]] : []));
  }

  /**
   * The plugin's `filterMethod` over {@linkcode collected}, as it would run
   * when a segment closes; a result that is not plain JSON throws a
   * {@linkcode PluginRuleError}.
   */
  async aggregate(): Promise<unknown> {
    const result = await this.#cls.filterMethod(structuredClone(this.collected));
    const problem = jsonProblem(result, "result");
    if (problem) throw new PluginRuleError(`filterMethod returned non-JSON: ${problem}`);
    return result;
  }

  /**
   * Closes a segment of {@linkcode events} (built by the runtime's own
   * engine, as `mimolo plugin test` does), calls `onSegmentClose()` with it
   * and starts a new one; `null` when there were no events. A failing
   * `filterMethod` leaves the raw values and an `errors` entry, as in the logs.
   */
  async closeSegment(host = "test"): Promise<SegmentRecord | null> {
    const record = await syntheticSegment(
      this.events,
      this.spec.label,
      this.spec.dataHeader,
      (_, values) => this.#cls.filterMethod(structuredClone(values)),
      host,
    );
    this.events.length = 0;
    if (record !== null) await this.plugin.onSegmentClose?.(structuredClone(record));
    return record;
  }

  /** Calls `onStop()` once and puts the real clock back. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      await this.plugin.onStop?.();
    } finally {
      this.time?.restore();
      setPluginLogSink();
    }
  }

  /** {@linkcode stop}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** `value` as the plain data it would be once copied out of a worker. */
function plainData(value: unknown, what: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch (err) {
    throw new PluginRuleError(`${what} must be plain data: ${String(err)}`);
  }
}
