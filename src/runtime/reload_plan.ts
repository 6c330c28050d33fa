import type { MonitorSettings } from "../config/types.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";

/** What a monitor runs: its enabled plugins (required ones first) and its `[monitor]` settings. */
export interface RunningSetup {
  /** The enabled plugins, each after the plugins it requires. */
  plugins: readonly RegisteredPlugin[];
  /** The `[monitor]` section, CLI overrides applied. */
  monitor: MonitorSettings;
}

/** One `[monitor]` key whose value differs between two setups. */
export interface SettingChange {
  /** The key as written in `mimolo.toml`, e.g. `cooldown_seconds`. */
  key: string;
  /** The running value. */
  from: unknown;
  /** The value in the new config. */
  to: unknown;
}

/** What applying a new setup to a running monitor means. */
export interface ReloadPlan {
  /** Labels of running plugins the new setup no longer enables. */
  stop: string[];
  /** Plugins the new setup enables that are not running, required ones first. */
  start: RegisteredPlugin[];
  /** Running plugins whose file, spec, `[plugins.<label>]` section or grants changed. */
  restart: RegisteredPlugin[];
  /** Settings the running monitor takes on (cooldown, tick, verbosity, limits, plugin folders). */
  applied: SettingChange[];
  /** Settings that cannot change while running: the old value is kept until a restart. */
  kept: SettingChange[];
  /** What runs once the plan is applied: the new plugins, the settings with `kept` keys at their old value. */
  next: RunningSetup;
}

/** `[monitor]` keys by their TOML name, and whether a running monitor can take a new value. */
const SETTINGS: readonly [keyof MonitorSettings, string, "live" | "restart"][] = [
  ["cooldownSeconds", "cooldown_seconds", "live"],
  ["pollTickMs", "poll_tick_ms", "live"],
  ["consoleVerbosity", "console_verbosity", "live"],
  ["pluginDirs", "plugin_dirs", "live"],
  ["maxClockSkewS", "max_clock_skew_s", "live"],
  ["maxEventBytes", "max_event_bytes", "live"],
  // The open segment's journal, records and log files were begun with these.
  ["logDir", "log_dir", "restart"],
  ["logFormat", "log_format", "restart"],
  ["logDay", "log_day", "restart"],
  ["host", "host", "restart"],
  ["journalFsyncMs", "journal_fsync_ms", "restart"],
  ["maxEventRefs", "max_event_refs", "restart"],
];

/**
 * Compares the running setup with a freshly loaded one. Pure: plugins are
 * compared by value (file contents via their module URL, effective spec,
 * config values, grants, timeout, requires), so an unchanged plugin keeps
 * running untouched.
 *
 * @example
 * ```ts
 * const plan = planReload(running, loaded);
 * plan.start.map((p) => p.spec.label); // ["folderwatch"]
 * plan.applied; // [{ key: "cooldown_seconds", from: 600, to: 300 }]
 * ```
 */
export function planReload(running: RunningSetup, loaded: RunningSetup): ReloadPlan {
  const before = new Map(running.plugins.map((p) => [p.spec.label, p]));
  const after = new Set(loaded.plugins.map((p) => p.spec.label));
  const stop = [...before.keys()].filter((label) => !after.has(label));
  const start: RegisteredPlugin[] = [];
  const restart: RegisteredPlugin[] = [];
  for (const p of loaded.plugins) {
    const old = before.get(p.spec.label);
    if (old === undefined) start.push(p);
    else if (canonical(old) !== canonical(p)) restart.push(p);
  }
  const applied: SettingChange[] = [];
  const kept: SettingChange[] = [];
  const monitor: MonitorSettings = { ...loaded.monitor };
  for (const [field, key, when] of SETTINGS) {
    const from = running.monitor[field];
    const to = loaded.monitor[field];
    if (canonical(from) === canonical(to)) continue;
    if (when === "live") {
      applied.push({ key, from, to });
    } else {
      kept.push({ key, from, to });
      (monitor as unknown as Record<string, unknown>)[field] = from;
    }
  }
  return { stop, start, restart, applied, kept, next: { plugins: loaded.plugins, monitor } };
}

/**
 * Whether a plan changes nothing.
 *
 * @example
 * ```ts
 * if (isEmptyPlan(plan)) log.info("nothing changed");
 * ```
 */
export function isEmptyPlan(plan: ReloadPlan): boolean {
  return plan.stop.length + plan.start.length + plan.restart.length + plan.applied.length +
      plan.kept.length === 0;
}

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
        : v,
  );
}
