import {
  type Config,
  describeConfigSource,
  loadConfigOrDefault,
  lookupOrder,
} from "../config/mod.ts";
import { resolveUserPath } from "../config/paths.ts";
import { ConfigError, errorMessage, MimoloError, UsageError } from "../errors.ts";
import {
  buildReport,
  hasVcsMarkerOnDisk,
  MissingLogDirError,
  renderReport,
  REPORT_BY,
  REPORT_FORMATS,
  type ReportModel,
  reportWindow,
  type WindowChoice,
  windowDates,
} from "../report/mod.ts";
import { isDate, systemZone, Zone } from "../time/mod.ts";
import { parseCommandArgs } from "./args.ts";
import { REPORT_HELP } from "./help.ts";
import type { Output } from "./output.ts";

/**
 * `mimolo report`: when you worked, on what, for how long, from the log
 * folders (the config's `log_dir`, or `--logs DIR`…), as text, JSON, CSV or HTML.
 *
 * @example
 * ```ts
 * await reportCommand(["--week", "--by", "project"], stdio);
 * ```
 */
export async function reportCommand(args: string[], io: Output): Promise<number> {
  const { values } = parseCommandArgs("report", args, {
    config: { type: "string", short: "c", value: "FILE" },
    today: { type: "boolean" },
    yesterday: { type: "boolean" },
    day: { type: "string", value: "DATE" },
    week: { type: "boolean" },
    month: { type: "boolean" },
    from: { type: "string", value: "DATE" },
    to: { type: "string", value: "DATE" },
    by: { type: "string", value: "KEY" },
    format: { type: "string", value: "F" },
    output: { type: "string", short: "o", value: "FILE" },
    tz: { type: "string", value: "ZONE" },
    logs: { type: "string", multiple: true, value: "DIR" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(REPORT_HELP);
    return 0;
  }
  const zone = values.tz === undefined ? systemZone() : zoneFlag(values.tz);
  const choice = windowChoice(values);
  const by = oneOf("--by", values.by ?? "project", REPORT_BY);
  const format = oneOf("--format", values.format ?? "text", REPORT_FORMATS);
  const config = await loadConfigOrDefault(values.config);
  const dirs = [
    ...new Set(values.logs?.map((d) => resolveUserPath(d, Deno.cwd())) ?? [config.monitor.logDir]),
  ];
  const { from, to } = windowDates(choice, zone.dateOf(Date.now()));
  let model: ReportModel;
  try {
    ({ model } = await buildReport({
      dirs,
      window: reportWindow(from, to, zone),
      by,
      format,
      projects: {
        rules: config.report.projects,
        watchRoots: watchRoots(config),
        hasVcsMarker: hasVcsMarkerOnDisk,
      },
      onSkipped: (s) =>
        io.err(
          `mimolo: warning: ${s.file}${s.line === null ? "" : `:${s.line}`}: ${s.problem}; skipped`,
        ),
    }));
  } catch (err) {
    if (values.logs === undefined && err instanceof MissingLogDirError) {
      throw new ConfigError(noLogsYet(err, config));
    }
    throw err;
  }
  const colour = format === "text" && values.output === undefined && Deno.stdout.isTerminal() &&
    !Deno.env.get("NO_COLOR");
  const lines = renderReport(model, format, { colour });
  const eol = format === "csv" ? "\r\n" : "\n";
  if (values.output === undefined) {
    for (const line of lines) io.out(format === "csv" ? `${line}\r` : line);
  } else {
    try {
      writeLines(resolveUserPath(values.output, Deno.cwd()), lines, eol);
    } catch (err) {
      throw new MimoloError(`-o ${values.output}: cannot write the report: ${errorMessage(err)}`);
    }
  }
  // For the person at the terminal, after the report: what it was made from. A
  // script (cron writing -o FILE, say) gets no stderr from a report that worked.
  if (Deno.stderr.isTerminal()) {
    io.err(`mimolo report: ${describeConfigSource(config)}; logs: ${dirs.join(", ")}`);
  }
  return 0;
}

/** Writes lines to a file in chunks of about 64 KiB, so a long report is never one string. */
function writeLines(path: string, lines: Iterable<string>, eol: string): void {
  const encoder = new TextEncoder();
  using file = Deno.openSync(path, { write: true, create: true, truncate: true });
  let chunk = "";
  const flush = () => {
    const bytes = encoder.encode(chunk);
    for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
    chunk = "";
  };
  for (const line of lines) {
    chunk += line + eol;
    if (chunk.length >= 65_536) flush();
  }
  flush();
}

/** Why the config's own `log_dir` is missing: a new user's first report, or no config at all. */
function noLogsYet(err: MissingLogDirError, config: Config): string {
  if (config.source === null) {
    return `log folder ${err.dir} does not exist: no config file found (looked for ` +
      `${lookupOrder()}); create one with "mimolo init", or name log folders with --logs DIR`;
  }
  return `log folder ${err.dir} does not exist yet: the monitor creates it when it first runs ` +
    `(log_dir of ${config.source}; --logs DIR reads another folder)`;
}

/** The `watch_dirs` of every plugin section, made absolute: where projects' first folders are. */
function watchRoots(config: Config): string[] {
  const roots: string[] = [];
  for (const section of Object.values(config.plugins)) {
    const dirs = section.custom.watch_dirs;
    if (!Array.isArray(dirs)) continue;
    for (const d of dirs) if (typeof d === "string") roots.push(resolveUserPath(d, config.baseDir));
  }
  return roots;
}

type WindowFlags = {
  today?: boolean;
  yesterday?: boolean;
  day?: string;
  week?: boolean;
  month?: boolean;
  from?: string;
  to?: string;
};

/** The one window the flags ask for (default: today). */
function windowChoice(v: WindowFlags): WindowChoice {
  const given = [
    v.today && "--today",
    v.yesterday && "--yesterday",
    v.day !== undefined && "--day",
    v.week && "--week",
    v.month && "--month",
    (v.from !== undefined || v.to !== undefined) && "--from/--to",
  ].filter((f): f is string => typeof f === "string");
  if (given.length > 1) {
    throw new UsageError("report", `choose one window, got ${given.join(" and ")}`);
  }
  if (v.day !== undefined) return { kind: "day", date: dateFlag("--day", v.day) };
  if (v.from !== undefined || v.to !== undefined) {
    if (v.from === undefined) throw new UsageError("report", "--to: needs --from DATE as well");
    const from = dateFlag("--from", v.from);
    const to = v.to === undefined ? null : dateFlag("--to", v.to);
    if (to !== null && from > to) {
      throw new UsageError("report", `--from ${from} is after --to ${to}`);
    }
    if (to !== null) return { kind: "range", from, to };
    throw new UsageError("report", "--from: needs --to DATE as well");
  }
  if (v.yesterday) return { kind: "yesterday" };
  if (v.week) return { kind: "week" };
  if (v.month) return { kind: "month" };
  return { kind: "today" };
}

function dateFlag(flag: string, text: string): string {
  if (!isDate(text)) {
    throw new UsageError(
      "report",
      `${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(text)}`,
    );
  }
  return text;
}

function zoneFlag(text: string): Zone {
  try {
    return new Zone(text);
  } catch {
    throw new UsageError(
      "report",
      `--tz: unknown time zone ${
        JSON.stringify(text)
      } (expected an IANA zone such as Europe/Berlin)`,
    );
  }
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(
      "report",
      `${flag}: expected one of ${allowed.join(", ")}, got ${JSON.stringify(text)}`,
    );
  }
  return text as T;
}
