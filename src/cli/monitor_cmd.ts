import type { Config, Verbosity } from "../config/mod.ts";
import type { PluginCatalog } from "../plugins/discover.ts";
import { describeConfigSource, LOG_FORMATS, type LogFormat } from "../config/mod.ts";
import { homeDir } from "../config/paths.ts";
import { errorMessage, PluginLoadError, UsageError } from "../errors.ts";
import { logger, setupLogging } from "../log/logger.ts";
import { describeGrants, type Grants } from "../plugins/permissions.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";
import { WorkerHost } from "../plugins/worker_host.ts";
import { MAX_DURATION_S } from "../runtime/clock.ts";
import { numberFlag, parseCommandArgs } from "./args.ts";
import { MONITOR_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";
import { runMonitor } from "./run_monitor.ts";
import { staleSdkWarnings } from "../sdk_export/mod.ts";
import { runtimeWarning } from "../version.ts";
import { HeldReloadSignal } from "../runtime/signals.ts";
import { LiveReload } from "./live_reload.ts";
import { loadSetup, reloadSetup, runnablePlugins, type Setup } from "./setup.ts";

/**
 * `mimolo monitor`: validates config and plugins, then runs until a signal
 * (or, with `--once`, until the first segment is written).
 *
 * @example
 * ```ts
 * await monitorCommand(["--once", "--cooldown", "1", "--allow-read"], stdio);
 * ```
 */
export async function monitorCommand(args: string[], io: Output): Promise<number> {
  const { grants, rest } = takePermissionFlags(args, "monitor");
  const { values } = parseCommandArgs("monitor", rest, {
    config: { type: "string", short: "c", value: "FILE" },
    once: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "watch-config": { type: "boolean" },
    "log-format": { type: "string", value: "F" },
    cooldown: { type: "string", value: "S" },
    timeout: { type: "string", value: "S" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(MONITOR_HELP);
    return 0;
  }
  // From here on a SIGHUP never ends the monitor: before the reloader listens
  // it is held and replayed once it does; once stopping, it is ignored.
  using held = new HeldReloadSignal();
  const timeoutS = values.timeout === undefined
    ? undefined
    : numberFlag("monitor", "--timeout", values.timeout, 0, MAX_DURATION_S);
  const overrides = (setup: Setup) => {
    applyOverrides(setup.config, values["log-format"], values.cooldown);
    return setup;
  };
  const { config, catalog } = overrides(await loadSetup(values.config));
  await setupLogging(config.monitor.consoleVerbosity, io.err);
  warnMissingDirs(catalog);
  const runtime = runtimeWarning();
  if (runtime) logger("monitor").warn(runtime);
  for (const warning of await staleSdkWarnings(config.monitor.pluginDirs)) {
    logger("monitor").warn(warning);
  }
  const plugins = runnablePlugins({ config, catalog }, grants);
  logger("monitor").info(describeConfigSource(config));
  const host = new WorkerHost(plugins, {
    configDir: config.baseDir,
    logDir: config.monitor.logDir,
    homeDir: homeDir() ?? undefined,
  });
  if (values["dry-run"]) return await dryRun(config, plugins, grants, host, io);
  const once = values.once ?? false;
  if (once) checkSegmentsCanForm(plugins);
  const live = new LiveReload({
    running: { plugins, monitor: config.monitor },
    configFile: config.source,
    load: async () => {
      const next = overrides(await reloadSetup(config));
      warnMissingDirs(next.catalog);
      return { plugins: runnablePlugins(next, grants), monitor: next.config.monitor };
    },
    watch: values["watch-config"] ?? false,
    applied: async (plan) => {
      const verbosity = plan.applied.find((s) => s.key === "console_verbosity");
      if (verbosity) {
        await setupLogging(verbosity.to as Verbosity, io.nonBlocking?.().err ?? io.err);
      }
    },
    log: logger("monitor"),
    held,
  });
  return await runMonitor(config, plugins, host, { once, timeoutS }, io, live);
}

function warnMissingDirs(catalog: PluginCatalog): void {
  for (const dir of catalog.missingDirs) {
    logger("monitor").warn(`plugin folder ${dir} does not exist`);
  }
}

/**
 * `--once` waits for a segment; when no enabled plugin can open one (each is
 * infrequent or does not reset the cooldown), it would wait forever.
 */
function checkSegmentsCanForm(plugins: readonly RegisteredPlugin[]): void {
  if (plugins.some((p) => p.effective.resetsCooldown && !p.effective.infrequent)) return;
  const why = plugins.map((p) =>
    `${p.spec.label} ${
      p.effective.infrequent
        ? "is infrequent (its events are written at once)"
        : "does not reset the cooldown"
    }`
  );
  throw new UsageError(
    "monitor",
    `--once would never end: no enabled plugin can open a segment (${why.join("; ")}); ` +
      "run without --once (--timeout S bounds the run)",
  );
}

async function dryRun(
  config: Config,
  plugins: RegisteredPlugin[],
  cliGrants: Grants,
  host: WorkerHost,
  io: Output,
): Promise<number> {
  for (const p of plugins) {
    try {
      await host.check(p.spec.label);
    } catch (err) {
      throw new PluginLoadError(`${p.file}: plugin ${p.spec.label}: ${errorMessage(err)}`);
    }
  }
  io.out(JSON.stringify(
    {
      config: config.source ?? "<defaults>",
      config_origin: config.origin,
      monitor: config.monitor,
      cli_grants: describeGrants(cliGrants),
      plugins: plugins.map((p) => ({
        label: p.spec.label,
        file: p.file,
        spec: p.effective,
        timeout_s: p.timeoutMs / 1000,
        grants: describeGrants(p.grants),
        config_declared: p.configDeclaration !== null,
        config: p.custom,
      })),
    },
    null,
    2,
  ));
  return 0;
}

function applyOverrides(
  config: Config,
  logFormat: string | undefined,
  cooldown: string | undefined,
): void {
  if (logFormat !== undefined) {
    if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
      throw new UsageError(
        "monitor",
        `--log-format: expected one of ${LOG_FORMATS.join(", ")}, got "${logFormat}"`,
      );
    }
    config.monitor.logFormat = logFormat as LogFormat;
  }
  if (cooldown !== undefined) {
    config.monitor.cooldownSeconds = numberFlag(
      "monitor",
      "--cooldown",
      cooldown,
      0,
      MAX_DURATION_S,
    );
  }
}
