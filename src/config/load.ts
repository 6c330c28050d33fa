import { dirname } from "node:path";
import type { z } from "zod";
import { ConfigError, errorMessage } from "../errors.ts";
import { configSchema, type RawConfig, STANDARD_PLUGIN_KEYS } from "./schema.ts";
import { refusedGrantValue } from "./grant_check.ts";
import { parseToml, TomlReservedKeyError, TomlSyntaxError } from "./toml.ts";
import type { Config, PluginSettings } from "./types.ts";
import { NO_GRANTS, resolveGrantPaths } from "../plugins/permissions.ts";
import { resolveUserPath } from "./paths.ts";

/** Largest config file read, so a wrong path to a huge file fails fast. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and validates a `mimolo.toml`. Every problem becomes a one-line
 * {@linkcode ConfigError} naming the file and the key.
 *
 * @example
 * ```ts
 * const config = await loadConfig("./mimolo.toml");
 * ```
 */
export async function loadConfig(file: string): Promise<Config> {
  const path = resolveUserPath(file, Deno.cwd());
  let text: string;
  try {
    const stat = await Deno.stat(path);
    if (!stat.isFile) throw new Error("not a regular file");
    if (stat.size > MAX_CONFIG_BYTES) {
      throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes; is this the right file?`);
    }
    text = new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(path));
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound ? "file not found" : errorMessage(err);
    throw new ConfigError(`${file}: cannot read config: ${reason}`);
  }
  return parseConfig(text, path);
}

/**
 * Validates config text; `source` names the file in messages and anchors
 * relative paths (`null`: the embedded defaults, anchored at the cwd).
 *
 * @example
 * ```ts
 * parseConfig("[monitor]\ncooldown_seconds = 5", "/etc/mimolo.toml").monitor.cooldownSeconds; // 5
 * ```
 */
export function parseConfig(text: string, source: string | null): Config {
  const name = source ?? "<defaults>";
  let data: Record<string, unknown>;
  try {
    data = parseToml(text);
  } catch (err) {
    if (err instanceof TomlSyntaxError) {
      throw new ConfigError(`${name}:${err.line}:${err.column}: TOML syntax error: ${err.message}`);
    }
    if (err instanceof TomlReservedKeyError) {
      throw new ConfigError(`${name}: ${tomlPath(err.path)}: ${err.message}`);
    }
    throw new ConfigError(`${name}: cannot parse TOML: ${errorMessage(err)}`);
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`${name}: ${describeIssue(parsed.error.issues[0])}`);
  for (const [label, section] of Object.entries(parsed.data.plugins)) {
    const refused = refusedGrantValue({ ...NO_GRANTS, ...section.permissions });
    if (refused) {
      const where = tomlPath(["plugins", label, "permissions", refused.kind, refused.index]);
      throw new ConfigError(`${name}: ${where}: ${refused.reason}`);
    }
  }
  const baseDir = source === null ? Deno.cwd() : dirname(source);
  return toConfig(parsed.data, source, baseDir);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = tomlPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return `${where}: unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  if (issue.code === "invalid_key") {
    return `${where}: invalid plugin label: use letters, digits and _, not starting with a digit`;
  }
  return `${where}: ${issue.message}`;
}

/** Spells a schema path the way a TOML user reads it: `[plugins.x].key[0]`. */
function tomlPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "top level";
  const inPermissions = path[2] === "permissions";
  const tableLength = path[0] === "plugins"
    ? (inPermissions ? 3 : 2)
    : path[0] === "report" && path[1] === "projects"
    ? 2
    : 1;
  const table = path.slice(0, tableLength).map((k) => quoteKey(String(k))).join(".");
  let out = `[${table}]`;
  for (const key of path.slice(tableLength)) {
    out += typeof key === "number" ? `[${key}]` : `.${quoteKey(String(key))}`;
  }
  return out;
}

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/**
 * The machine's host name, the default of `[monitor] host` (`"unknown"` if
 * the system will not say).
 *
 * @example
 * ```ts
 * defaultHostName(); // e.g. "laptop"
 * ```
 */
export function defaultHostName(): string {
  try {
    return Deno.hostname() || "unknown";
  } catch {
    return "unknown";
  }
}

function toConfig(raw: RawConfig, source: string | null, baseDir: string): Config {
  const at = (p: string) => resolveUserPath(p, baseDir);
  const plugins: Record<string, PluginSettings> = {};
  for (const [label, section] of Object.entries(raw.plugins)) {
    const custom: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(section)) {
      if (!STANDARD_PLUGIN_KEYS.has(k)) custom[k] = v;
    }
    plugins[label] = {
      enabled: section.enabled,
      pollIntervalS: section.poll_interval_s,
      resetsCooldown: section.resets_cooldown,
      infrequent: section.infrequent,
      timeoutS: section.timeout_s,
      permissions: resolveGrantPaths({ ...NO_GRANTS, ...section.permissions }, baseDir),
      custom,
    };
  }
  const m = raw.monitor;
  return {
    source,
    origin: null,
    baseDir,
    monitor: {
      cooldownSeconds: m.cooldown_seconds,
      pollTickMs: m.poll_tick_ms,
      logDir: at(m.log_dir),
      logFormat: m.log_format,
      consoleVerbosity: m.console_verbosity,
      pluginDirs: m.plugin_dirs.map(at),
      journalFsyncMs: m.journal_fsync_ms,
      maxClockSkewS: m.max_clock_skew_s,
      maxEventBytes: m.max_event_bytes,
      maxEventRefs: m.max_event_refs,
      host: m.host ?? defaultHostName(),
      logDay: m.log_day,
    },
    plugins,
    report: {
      projects: Object.entries(raw.report.projects).map(([name, patterns]) => ({
        name,
        patterns: patterns.map(at),
      })),
    },
  };
}
