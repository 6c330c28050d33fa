import type { Event } from "@mimolo/sdk";
import { type Config, describeConfigSource, loadConfigOrDefault } from "../config/mod.ts";
import { resolveUserPath } from "../config/paths.ts";
import { ConfigError, PluginLoadError, UsageError } from "../errors.ts";
import { printable } from "../log/printable.ts";
import { logger, setupLogging } from "../log/logger.ts";
import { homeDir } from "../config/paths.ts";
import { type DiscoveredPlugin, discoverFile, discoverPlugins } from "../plugins/discover.ts";
import { describeGrants } from "../plugins/permissions.ts";
import { register } from "../plugins/registry.ts";
import { MAX_DURATION_S } from "../runtime/clock.ts";
import { SLOW_POLL_MS, trialPlugin, type TrialStep } from "../runtime/plugin_trial.ts";
import { numberFlag, parseCommandArgs } from "./args.ts";
import { PLUGIN_TEST_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";

/** Exit code of `plugin test` when a call into the plugin failed or hung. */
export const PLUGIN_TEST_FAILED = 1;

/** Most polls one `plugin test` makes. */
const MAX_POLLS = 1000;

/**
 * `mimolo plugin test FILE|LABEL`: runs one plugin as the monitor would
 * (its worker, grants, `timeout_s`, event validation), without writing
 * logs, and prints each poll's outcome, then the aggregate. Exits 0 when
 * every call worked, {@linkcode PLUGIN_TEST_FAILED} when one failed or hung,
 * 3 when the plugin does not load.
 *
 * @example
 * ```ts
 * await pluginTestCommand(["./notes.ts", "--polls", "5", "--json", "--allow-read"], stdio);
 * ```
 */
export async function pluginTestCommand(args: string[], io: Output): Promise<number> {
  const { grants, rest } = takePermissionFlags(args, "plugin test");
  const { values, positionals: [target] } = parseCommandArgs("plugin test", rest, {
    config: { type: "string", short: "c", value: "FILE" },
    polls: { type: "string", value: "N" },
    interval: { type: "string", value: "S" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  }, ["FILE|LABEL"]);
  if (values.help) {
    io.out(PLUGIN_TEST_HELP);
    return 0;
  }
  if (target === undefined) {
    throw new UsageError(
      "plugin test",
      "FILE|LABEL is missing: a plugin file, or a plugin's label",
    );
  }
  const polls = values.polls === undefined
    ? 3
    : numberFlag("plugin test", "--polls", values.polls, 0, MAX_POLLS);
  if (!Number.isInteger(polls)) {
    throw new UsageError("plugin test", `--polls: expected a whole number, got "${values.polls}"`);
  }
  const interval = values.interval === undefined
    ? undefined
    : numberFlag("plugin test", "--interval", values.interval, 0, MAX_DURATION_S);
  const config = await loadConfigOrDefault(values.config);
  await setupLogging(config.monitor.consoleVerbosity, io.err);
  const plugin = register(await findPlugin(target, config), config, grants);
  io.err(`mimolo plugin test: ${describeConfigSource(config)}`);
  const intervalS = interval ?? Math.min(plugin.effective.pollIntervalS, 1);
  const json = values.json ?? false;
  if (!json) {
    io.out(
      `plugin ${plugin.spec.label} (${plugin.file}): ${polls} poll(s) every ${intervalS}s; ` +
        `timeout_s ${plugin.timeoutMs / 1000}; grants: ${describeGrants(plugin.grants)}; ` +
        "no logs are written",
    );
    const { resetsCooldown, infrequent } = plugin.effective;
    if (infrequent || !resetsCooldown) {
      io.out(
        `note: ${infrequent ? "infrequent" : "resets_cooldown = false"}: in the monitor these ` +
          "events open no segment; the segment below is built as if they did",
      );
    }
  }
  const ok = await trialPlugin(plugin, {
    polls,
    intervalMs: intervalS * 1000,
    context: {
      configDir: config.baseDir,
      logDir: config.monitor.logDir,
      homeDir: homeDir() ?? undefined,
    },
    maxEventBytes: config.monitor.maxEventBytes,
    maxClockSkewS: config.monitor.maxClockSkewS,
    hostName: config.monitor.host,
    log: logger(`plugin.${plugin.spec.label}`),
  }, (step) => (json ? io.out(jsonLine(step)) : io.out(textLine(step))));
  if (!json) {
    io.out(
      ok ? "ok: every call worked" : `FAILED: see the errors above (exit ${PLUGIN_TEST_FAILED})`,
    );
  }
  return ok ? 0 : PLUGIN_TEST_FAILED;
}

/** A path names a file; anything else is a label. */
async function findPlugin(target: string, config: Config): Promise<DiscoveredPlugin> {
  if (/[\\/]/.test(target) || /\.[jt]s$/.test(target)) {
    const file = resolveUserPath(target, Deno.cwd());
    try {
      await Deno.stat(file);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) throw new PluginLoadError(`${file}: file not found`);
    }
    const found = await discoverFile(file);
    if ("reason" in found) throw new PluginLoadError(`${found.file}: ${found.reason}`);
    return found;
  }
  const catalog = await discoverPlugins(config.monitor.pluginDirs);
  const found = catalog.plugins.find((p) => p.spec.label === target);
  if (found) return found;
  const labels = catalog.plugins.map((p) => p.spec.label).sort().join(", ") || "none";
  const message = `no plugin with label "${target}" was found (discovered: ${labels})`;
  if (catalog.broken.length === 0) throw new ConfigError(`mimolo plugin test: ${message}`);
  throw new PluginLoadError(
    [`mimolo plugin test: ${message}; these files did not load:`]
      .concat(catalog.broken.map((b) => `${b.file}: ${b.reason}`)).join("\n"),
  );
}

function textLine(step: TrialStep): string {
  switch (step.kind) {
    case "started":
      return `start: constructor and onStart() ${took(step.ms, false)}`;
    case "poll":
      return `poll ${step.poll}: ${step.event ? describeEvent(step.event) : "nothing"} ${
        took(step.ms, true)
      }`;
    case "error": {
      const where = step.stage === "poll" ? `poll ${step.poll}` : step.stage;
      const ms = step.ms === undefined ? "" : ` ${took(step.ms, step.stage === "poll")}`;
      return `${where}: error: ${printable(step.message)}${ms}`;
    }
    case "skipped":
      return `${step.polls} poll(s) skipped: ${step.reason}`;
    case "aggregate":
      return step.segment === null
        ? "aggregate: {} (no events: no segment, onSegmentClose not called)"
        : `aggregate: ${printable(JSON.stringify(step.aggregated))} (onSegmentClose called with ` +
          `a segment of ${step.segment.events.length} event(s))`;
    case "stopped":
      return "stop: onStop() done";
  }
}

function jsonLine(step: TrialStep): string {
  const ms = (t: number) => Math.round(t * 10) / 10;
  switch (step.kind) {
    case "started":
      return JSON.stringify({ type: "start", ms: ms(step.ms) });
    case "poll": {
      const slow = step.ms > SLOW_POLL_MS ? { slow: true } : {};
      if (step.event === null) {
        return JSON.stringify({ type: "none", poll: step.poll, ms: ms(step.ms), ...slow });
      }
      const { timestamp, ...fields } = step.event;
      return JSON.stringify({
        type: "event",
        poll: step.poll,
        ms: ms(step.ms),
        ...slow,
        timestamp: timestamp.toISOString(),
        ...fields,
        data: fields.data ?? null,
      });
    }
    case "error":
      return JSON.stringify({
        type: "error",
        ...(step.stage === "poll" ? { poll: step.poll } : { stage: step.stage }),
        ...(step.ms === undefined ? {} : { ms: ms(step.ms) }),
        message: step.message,
      });
    case "skipped":
      return JSON.stringify({ type: "skipped", polls: step.polls, reason: step.reason });
    case "aggregate":
      return JSON.stringify({ type: "aggregate", aggregated: step.aggregated });
    case "stopped":
      return JSON.stringify({ type: "stop" });
  }
}

function describeEvent(event: Event): string {
  const data = event.data == null ? "" : ` ${JSON.stringify(event.data)}`;
  return `event ${printable(JSON.stringify(event.event))}${printable(data)}`;
}

/** `(12 ms)`; for a poll above {@linkcode SLOW_POLL_MS}, with a warning. */
function took(ms: number, isPoll: boolean): string {
  const shown = ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
  return isPoll && ms > SLOW_POLL_MS
    ? `(${shown} ms; slow: keep emitEvent() under ${SLOW_POLL_MS} ms)`
    : `(${shown} ms)`;
}
