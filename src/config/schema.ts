import { z } from "zod";
import { MAX_DURATION_S } from "../runtime/clock.ts";
import { describeValue } from "./describe_value.ts";
import { LOG_DAYS, LOG_FORMATS, VERBOSITIES } from "./types.ts";

/** An error message that also says what was found instead. */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => `expected ${what}, got ${describeValue(issue.input)}`;
}

const finite = z.number({ error: expected("a finite number") });
const positive = finite.refine((n) => n > 0, { error: "expected a number > 0" });

/** A duration a timer waits for: > 0 (or >= 0) and at most {@linkcode MAX_DURATION_S}, in `unit`. */
function duration(unit: "s" | "ms", min: ">" | ">=") {
  const max = unit === "s" ? MAX_DURATION_S : MAX_DURATION_S * 1000;
  const error = `expected a number ${min} 0 and at most ${max} (24 days)`;
  return finite.refine((n) => (min === ">" ? n > 0 : n >= 0) && n <= max, { error });
}
const seconds = duration("s", ">");
const milliseconds = duration("ms", ">");
const positiveInteger = finite.refine((n) => Number.isInteger(n) && n > 0, {
  error: "expected a whole number > 0",
});
const path = z.string({ error: expected("a path string") }).min(1, {
  error: "expected a non-empty path",
});

/** The `[monitor]` table as written in TOML (snake_case keys). */
export const monitorSchema = z.strictObject({
  cooldown_seconds: seconds.default(600),
  poll_tick_ms: milliseconds.default(200),
  log_dir: path.default("./logs"),
  log_format: z.enum(LOG_FORMATS, { error: expected(`one of ${LOG_FORMATS.join(", ")}`) })
    .default("jsonl"),
  console_verbosity: z.enum(VERBOSITIES, {
    error: expected(`one of ${VERBOSITIES.join(", ")}`),
  }).default("info"),
  plugin_dirs: z.array(path, { error: expected("a list of path strings") }).default(["./plugins"]),
  journal_fsync_ms: duration("ms", ">=").default(1000),
  max_clock_skew_s: positive.default(300),
  max_event_bytes: positiveInteger.default(64 * 1024),
  max_event_refs: positiveInteger.default(10_000),
  host: z.string({ error: expected("a host name string") }).trim().min(1, {
    error: "expected a non-empty host name",
  }).optional(),
  log_day: z.enum(LOG_DAYS, { error: expected(`one of ${LOG_DAYS.join(", ")}`) }).default("local"),
}, { error: expected("a [monitor] table") });

/** `[report]`: how `mimolo report` attributes time. */
export const reportSchema = z.strictObject({
  projects: z.record(
    z.string().min(1, { error: "expected a project name" }),
    z.array(path, { error: expected("a list of path globs") }),
    { error: expected('a [report.projects] table of name = ["path glob", …]') },
  ).default({}),
}, { error: expected("a [report] table") });

/** Seconds a plugin call may take when `timeout_s` is not set. */
export const DEFAULT_TIMEOUT_S = 10;

const grant = z.union([z.boolean(), z.array(z.string().min(1))], {
  error: expected("true, false or a list of strings"),
});

/** `[plugins.<label>.permissions]`: what the plugin's worker may do. */
const permissionsSchema = z.strictObject({
  read: grant.optional(),
  write: grant.optional(),
  net: grant.optional(),
  env: grant.optional(),
  run: grant.optional(),
  sys: grant.optional(),
  /** Full access: the host's own permissions (for paths like /proc that Deno opens only so). */
  all: z.boolean({ error: expected("true or false") }).optional(),
}, { error: expected("a [plugins.<label>.permissions] table") });

/** The standard keys of a `[plugins.<label>]` table; other keys pass through. */
export const pluginSchema = z.looseObject({
  enabled: z.boolean({ error: expected("true or false") }).default(true),
  poll_interval_s: seconds.optional(),
  resets_cooldown: z.boolean({ error: expected("true or false") }).optional(),
  infrequent: z.boolean({ error: expected("true or false") }).optional(),
  timeout_s: seconds.default(DEFAULT_TIMEOUT_S),
  permissions: permissionsSchema.default({}),
}, { error: expected("a [plugins.<label>] table") });

/** The whole file. */
export const configSchema = z.strictObject({
  monitor: monitorSchema.default(monitorSchema.parse({})),
  plugins: z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      error: "expected a plugin label (letters, digits, _; not starting with a digit)",
    }),
    pluginSchema,
    { error: expected("a table of [plugins.<label>] sections") },
  ).default({}),
  report: reportSchema.default(reportSchema.parse({})),
});

/** The file's shape once parsed (snake_case, paths unresolved). */
export type RawConfig = z.infer<typeof configSchema>;

export { STANDARD_PLUGIN_KEYS } from "./standard_keys.ts";
