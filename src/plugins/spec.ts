import {
  BaseMonitor,
  type PluginConfig,
  type PluginContext,
  type PluginMeta,
  type PluginSpec,
} from "@mimolo/sdk";
import { PluginLoadError } from "../errors.ts";
import { MAX_DURATION_S } from "../runtime/clock.ts";

/** A plugin spec with every default filled in. */
export interface ResolvedSpec {
  /** Unique identifier and config section name. */
  label: string;
  /** Aggregated key of `event.data`, or `null`. */
  dataHeader: string | null;
  /** Whether events open segments and restart the cooldown. */
  resetsCooldown: boolean;
  /** Whether events bypass segments. */
  infrequent: boolean;
  /** Seconds between polls. */
  pollIntervalS: number;
}

/** A monitor class as found in a plugin module's default export. */
export type MonitorClass =
  & Pick<typeof BaseMonitor, "spec" | "meta" | "config" | "requires" | "filterMethod">
  & (new (config?: PluginConfig, context?: PluginContext) => BaseMonitor);

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks that a module's default export is a monitor class and returns it.
 *
 * @example
 * ```ts
 * const cls = monitorClassOf(await import("./plugins/example.ts"), "example.ts");
 * ```
 */
export function monitorClassOf(mod: Record<string, unknown>, file: string): MonitorClass {
  const cls = mod.default;
  if (cls === undefined) {
    throw new PluginLoadError(
      `${file}: no default export (export default class ... extends BaseMonitor)`,
    );
  }
  if (typeof cls !== "function" || !(cls.prototype instanceof BaseMonitor)) {
    throw new PluginLoadError(
      `${file}: the default export is not a monitor class (it must extend BaseMonitor from "@mimolo/sdk")`,
    );
  }
  if (typeof cls.prototype.emitEvent !== "function") {
    throw new PluginLoadError(`${file}: ${cls.name} does not implement emitEvent()`);
  }
  return cls as MonitorClass;
}

/**
 * Validates a plugin's `static spec` and fills in the defaults; the error
 * names the file, the plugin and the field.
 *
 * @example
 * ```ts
 * resolveSpec({ label: "x" }, "x.ts").pollIntervalS; // 5
 * ```
 */
export function resolveSpec(spec: unknown, file: string, className = "plugin"): ResolvedSpec {
  const fail = (field: string, what: string): never => {
    const who = isRecord(spec) && typeof spec.label === "string" ? spec.label : className;
    throw new PluginLoadError(`${file}: plugin ${who}: spec.${field} ${what}`);
  };
  if (!isRecord(spec)) return fail("", "is missing: set static spec = { label: ... }");
  const s = spec as Partial<PluginSpec>;
  if (typeof s.label !== "string" || !LABEL.test(s.label)) {
    fail(
      "label",
      `must be an identifier (letters, digits, _; not starting with a digit), got ${
        JSON.stringify(s.label)
      }`,
    );
  }
  if (s.dataHeader != null && (typeof s.dataHeader !== "string" || s.dataHeader === "")) {
    fail(
      "dataHeader",
      `must be a non-empty string or omitted, got ${JSON.stringify(s.dataHeader)}`,
    );
  }
  for (const flag of ["resetsCooldown", "infrequent"] as const) {
    if (s[flag] !== undefined && typeof s[flag] !== "boolean") {
      fail(flag, `must be true or false, got ${JSON.stringify(s[flag])}`);
    }
  }
  const interval = s.pollIntervalS ?? 5;
  if (typeof interval !== "number" || !(interval > 0 && interval <= MAX_DURATION_S)) {
    fail(
      "pollIntervalS",
      `must be a number > 0 and at most ${MAX_DURATION_S} (24 days), got ${
        JSON.stringify(s.pollIntervalS)
      }`,
    );
  }
  return {
    label: s.label!,
    dataHeader: s.dataHeader ?? null,
    resetsCooldown: s.resetsCooldown ?? true,
    infrequent: s.infrequent ?? false,
    pollIntervalS: interval,
  };
}

/**
 * Reads the optional `static meta`, keeping only string fields.
 *
 * @example
 * ```ts
 * metaOf({ version: "1.0", author: 3 }); // { version: "1.0" }
 * ```
 */
export function metaOf(meta: unknown): PluginMeta {
  if (!isRecord(meta)) return {};
  const out: PluginMeta = {};
  for (const key of ["version", "author", "description"] as const) {
    if (typeof meta[key] === "string") out[key] = meta[key] as string;
  }
  return out;
}

/**
 * Checks a plugin's optional `static requires` (as copied out of its
 * worker): plugin labels, not its own; the error names the file and plugin.
 *
 * @example
 * ```ts
 * requiresOf(["folderwatch"], "x.ts", "x"); // ["folderwatch"]
 * ```
 */
export function requiresOf(raw: unknown, file: string, label: string): string[] {
  if (raw === undefined || raw === null) return [];
  const fail = (what: string): never => {
    throw new PluginLoadError(`${file}: plugin ${label}: requires ${what}`);
  };
  if (!Array.isArray(raw)) {
    return fail(`must be a list of plugin labels, got ${JSON.stringify(raw)}`);
  }
  for (const r of raw) {
    if (typeof r !== "string" || !LABEL.test(r)) {
      fail(`must list plugin labels (letters, digits, _), got ${JSON.stringify(r)}`);
    }
    if (r === label) fail("must not name the plugin itself");
  }
  return [...new Set(raw as string[])];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
