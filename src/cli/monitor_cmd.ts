import type { Config } from "../config/mod.ts";
import { LOG_FORMATS, type LogFormat } from "../config/mod.ts";
import { ConfigError, errorMessage, PluginLoadError } from "../errors.ts";
import { logger, setupLogging } from "../log/logger.ts";
import { describeGrants, type Grants } from "../plugins/permissions.ts";
import { type RegisteredPlugin, selectPlugins } from "../plugins/registry.ts";
import { WorkerHost } from "../plugins/worker_host.ts";
import { systemClock } from "../runtime/clock.ts";
import { Monitor } from "../runtime/monitor.ts";
import { onShutdownSignal } from "../runtime/signals.ts";
import { ConsoleReporter, createSink, ensureLogDir } from "../sinks/mod.ts";
import { numberFlag, parseCommandArgs } from "./args.ts";
import { MONITOR_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";
import { loadSetup } from "./setup.ts";

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
  const { grants, rest } = takePermissionFlags(args);
  const { values } = parseCommandArgs("monitor", rest, {
    config: { type: "string", short: "c" },
    once: { type: "boolean" },
    "dry-run": { type: "boolean" },
    "log-format": { type: "string" },
    cooldown: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(MONITOR_HELP);
    return 0;
  }
  const { config, catalog } = await loadSetup(values.config);
  applyOverrides(config, values["log-format"], values.cooldown);
  await setupLogging(config.monitor.consoleVerbosity);
  if (catalog.broken.length > 0) {
    throw new PluginLoadError(catalog.broken.map((b) => `${b.file}: ${b.reason}`).join("\n"));
  }
  for (const dir of catalog.missingDirs) {
    logger("monitor").warn(`plugin folder ${dir} does not exist`);
  }
  const plugins = selectPlugins(catalog, config, grants);
  if (plugins.length === 0) {
    const found = catalog.plugins.map((p) => p.spec.label).join(", ") || "none";
    throw new ConfigError(
      `${config.source ?? "<defaults>"}: no plugin is enabled; add a [plugins.<label>] section ` +
        `(found: ${found}; see mimolo register)`,
    );
  }
  const host = new WorkerHost(plugins, {
    configDir: config.baseDir,
    logDir: config.monitor.logDir,
  });
  if (values["dry-run"]) return await dryRun(config, plugins, grants, host, io);
  return await run(config, plugins, host, values.once ?? false, io);
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
      monitor: config.monitor,
      cli_grants: describeGrants(cliGrants),
      plugins: plugins.map((p) => ({
        label: p.spec.label,
        file: p.file,
        spec: p.effective,
        timeout_s: p.timeoutMs / 1000,
        grants: describeGrants(p.grants),
        config: p.custom,
      })),
    },
    null,
    2,
  ));
  return 0;
}

async function run(
  config: Config,
  plugins: RegisteredPlugin[],
  host: WorkerHost,
  once: boolean,
  io: Output,
): Promise<number> {
  const log = logger("monitor");
  const m = config.monitor;
  await ensureLogDir(m.logDir);
  const monitor = new Monitor({
    plugins,
    host,
    sink: createSink(m.logFormat, m.logDir),
    console: new ConsoleReporter(
      m.consoleVerbosity === "debug" || m.consoleVerbosity === "info",
      io.out,
    ),
    log: logger("runtime"),
    clock: systemClock,
    cooldownSeconds: m.cooldownSeconds,
    pollTickMs: m.pollTickMs,
    once,
  });
  let signalled = false;
  using _signals = onShutdownSignal((signal) => {
    if (!signalled) log.info(`${signal} received: closing the open segment and exiting`);
    signalled = true;
    monitor.stop();
  });
  for (const p of plugins) log.debug(`plugin ${p.spec.label}: grants ${describeGrants(p.grants)}`);
  log.info(
    `monitoring ${plugins.map((p) => p.spec.label).join(", ")}; cooldown ${m.cooldownSeconds}s; ` +
      `logs in ${m.logDir} (${m.logFormat})`,
  );
  await monitor.run();
  log.info(`stopped after ${monitor.segmentsWritten} segment(s)`);
  return 0;
}

function applyOverrides(
  config: Config,
  logFormat: string | undefined,
  cooldown: string | undefined,
): void {
  if (logFormat !== undefined) {
    if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
      throw new ConfigError(
        `--log-format: expected one of ${LOG_FORMATS.join(", ")}, got "${logFormat}"`,
      );
    }
    config.monitor.logFormat = logFormat as LogFormat;
  }
  if (cooldown !== undefined) {
    config.monitor.cooldownSeconds = numberFlag("--cooldown", cooldown, 0);
  }
}
