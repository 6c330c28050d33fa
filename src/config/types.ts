import type { Grants } from "../plugins/permissions.ts";
import type { ConfigOrigin } from "./locate.ts";

/** Formats a sink can write. */
export const LOG_FORMATS = ["jsonl", "yaml", "md"] as const;
/** A log file format. */
export type LogFormat = typeof LOG_FORMATS[number];

/** How daily log files are dated: by the local calendar day (default) or by the UTC one. */
export const LOG_DAYS = ["local", "utc"] as const;
/** A daily log file naming. */
export type LogDay = typeof LOG_DAYS[number];

/** Console verbosity levels, most verbose first. */
export const VERBOSITIES = ["debug", "info", "warning", "error"] as const;
/** A console verbosity level. */
export type Verbosity = typeof VERBOSITIES[number];

/** The `[monitor]` section, with paths made absolute. */
export interface MonitorSettings {
  /** Seconds after the last resetting event before a segment closes. */
  cooldownSeconds: number;
  /** Scheduler timer granularity in milliseconds: wake-ups are aligned to it. */
  pollTickMs: number;
  /** Absolute directory of the daily log files. */
  logDir: string;
  /** Format of the daily log files. */
  logFormat: LogFormat;
  /** Least severe message the console shows. */
  consoleVerbosity: Verbosity;
  /** Absolute directories searched for drop-in plugins. */
  pluginDirs: string[];
  /** At most this long (ms) between accepting an event and forcing its journal entry to disk. */
  journalFsyncMs: number;
  /** Events timestamped further than this from now (s) are rejected. */
  maxClockSkewS: number;
  /** Largest event (its JSON) a plugin may emit, in bytes. */
  maxEventBytes: number;
  /** Most event references a segment record lists; the rest are counted. */
  maxEventRefs: number;
  /** The machine's name written into every record. */
  host: string;
  /** Whether daily files are named by the local or the UTC date of their records. */
  logDay: LogDay;
}

/** One `[plugins.<label>]` section. */
export interface PluginSettings {
  /** Whether the plugin runs (a section without `enabled` means yes). */
  enabled: boolean;
  /** Overrides the spec's `pollIntervalS`. */
  pollIntervalS?: number;
  /** Overrides the spec's `resetsCooldown`. */
  resetsCooldown?: boolean;
  /** Overrides the spec's `infrequent`. */
  infrequent?: boolean;
  /** Seconds a plugin call may take before its worker is terminated and restarted. */
  timeoutS: number;
  /** `[plugins.<label>.permissions]`, paths resolved against the config folder. */
  permissions: Grants;
  /** Every other key, exactly as written: passed to the plugin's constructor. */
  custom: Record<string, unknown>;
}

/** One `[report.projects]` rule: folders matching any pattern belong to project `name`. */
export interface ProjectRule {
  /** The project's name (the rule's key). */
  name: string;
  /** Absolute path globs (`~` expanded, relative ones resolved against the config folder). */
  patterns: string[];
}

/** The `[report]` section. */
export interface ReportSettings {
  /** `[report.projects]`, in the order written. */
  projects: ProjectRule[];
}

/** A loaded, validated configuration. */
export interface Config {
  /** The file it came from, or `null` for the embedded defaults. */
  source: string | null;
  /** How the file was found (`-c`, `$MIMOLO_CONFIG`, …), or `null` when loaded directly or defaulted. */
  origin: ConfigOrigin | null;
  /** Directory that relative paths were resolved against. */
  baseDir: string;
  /** The `[monitor]` section. */
  monitor: MonitorSettings;
  /** `label` → its `[plugins.<label>]` section. */
  plugins: Record<string, PluginSettings>;
  /** The `[report]` section. */
  report: ReportSettings;
}
