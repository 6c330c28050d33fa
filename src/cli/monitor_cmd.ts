import type { Config } from "../config/mod.ts";
import { LOG_FORMATS, type LogFormat } from "../config/mod.ts";
import { ConfigError, PluginLoadError } from "../errors.ts";
import { logger, setupLogging } from "../log/logger.ts";
import { InProcessHost } from "../plugins/host.ts";
import { type RegisteredPlugin, selectPlugins } from "../plugins/registry.ts";
import { systemClock } from "../runtime/clock.ts";
import { Monitor } from "../runtime/monitor.ts";
import { onShutdownSignal } from "../runtime/signals.ts";
import { ConsoleReporter, createSink, ensureLogDir } from "../sinks/mod.ts";
import { numberFlag, parseCommandArgs } from "./args.ts";
import { MONITOR_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { loadSetup } from "./setup.ts";

/**
 * `mimolo monitor`: validates config and plugins, then runs until a signal
 * (or, with `--once`, until the first segment is written).
 *
 * @example
 * ```ts
 * await monitorCommand(["--once", "--cooldown", "1"], stdio);
 * ```
 */
export async function monitorCommand(args: string[], io: Output): Promise<number> {
  const { values } = parseCommandArgs("monitor", args, {
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
  const log = logger("monitor");
  if (catalog.broken.length > 0) {
    throw new PluginLoadError(catalog.broken.map((b) => `${b.file}: ${b.reason}`).join("\n"));
  }
  for (const dir of catalog.missingDirs) log.warn(`plugin folder ${dir} does not exist`);
  const plugins = selectPlugins(catalog, config);
  if (plugins.length === 0) {
    const found = catalog.plugins.map((p) => p.spec.label).join(", ") || "none";
    throw new ConfigError(
      `${config.source ?? "<defaults>"}: no plugin is enabled; add a [plugins.<label>] section ` +
        `(found: ${found}; see mimolo register)`,
    );
  }
  if (values["dry-run"]) {
    io.out(JSON.stringify(effectiveConfig(config, plugins), null, 2));
    return 0;
  }
  return await run(config, plugins, values.once ?? false, io);
}

async function run(
  config: Config,
  plugins: RegisteredPlugin[],
  once: boolean,
  io: Output,
): Promise<number> {
  const log = logger("monitor");
  const m = config.monitor;
  await ensureLogDir(m.logDir);
  const monitor = new Monitor({
    plugins,
    host: new InProcessHost(plugins),
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
  using _signals = onShutdownSignal((signal) => {
    log.info(`${signal} received: closing the open segment and exiting`);
    monitor.stop();
  });
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

function effectiveConfig(config: Config, plugins: RegisteredPlugin[]) {
  return {
    config: config.source ?? "<defaults>",
    monitor: config.monitor,
    plugins: plugins.map((p) => ({
      label: p.spec.label,
      file: p.file,
      spec: p.effective,
      config: p.custom,
    })),
  };
}
