import type { Config } from "../config/mod.ts";
import { LogDirGuard } from "../durability/guard.ts";
import { SegmentJournals } from "../durability/journal.ts";
import { lockLogDir } from "../durability/lock.ts";
import { Outbox } from "../durability/outbox.ts";
import { dropLoggedSegments, findLeftoverSegments } from "../durability/recover.ts";
import { removeStaleTemporaries, repairTornLogs } from "../durability/repair.ts";
import { logger, setupLogging } from "../log/logger.ts";
import type { PluginHost } from "../plugins/host.ts";
import { describeGrants } from "../plugins/permissions.ts";
import type { RegisteredPlugin } from "../plugins/registry.ts";
import { SystemClock } from "../runtime/clock.ts";
import { Monitor } from "../runtime/monitor.ts";
import { releaseFreedMemory } from "../runtime/release_memory.ts";
import { onShutdownSignal } from "../runtime/signals.ts";
import { ConsoleReporter, createSink, ensureLogDir } from "../sinks/mod.ts";
import type { LiveReload } from "./live_reload.ts";
import type { Output } from "./output.ts";

/** How long a monitor run lasts. */
export interface RunLimits {
  /** Stop after the first segment is written (`--once`). */
  once: boolean;
  /** Stop after this many seconds as on a signal, closing the open segment (`--timeout`). */
  timeoutS?: number;
}

/** When memory freed by start-up threads is given back a second time, after the plugins started. */
const RELEASE_AFTER_START_MS = 2000;

/** Exit code of `monitor --once --timeout S` when S ran out before any segment was written. */
export const ONCE_TIMED_OUT = 4;

/**
 * Runs the monitor until a signal, `--once` or `--timeout`: takes the log folder's
 * lock, repairs torn log files, recovers segments a previous run left in its
 * journal, then polls. The console and diagnostics go through `io`'s
 * non-blocking form, so a reader that stops reading never holds up the
 * journal or a signal. Records that still cannot be written at exit are
 * printed to stderr, whole and blocking if need be (they are data), so they
 * are not lost silently. Exits 1 when records were left unwritten, else
 * {@linkcode ONCE_TIMED_OUT} when `--once` ran out of time without a segment.
 * With `live`, SIGHUP (and `--watch-config`) reload the config while it runs.
 *
 * @example
 * ```ts
 * await runMonitor(config, plugins, host, { once: true, timeoutS: 30 }, stdio);
 * ```
 */
export async function runMonitor(
  config: Config,
  plugins: RegisteredPlugin[],
  host: PluginHost,
  limits: RunLimits,
  io: Output,
  live?: LiveReload,
): Promise<number> {
  const queued = io.nonBlocking?.();
  if (queued) await setupLogging(config.monitor.consoleVerbosity, queued.err);
  let unwritten: string[] = [];
  let segments = 0;
  try {
    ({ unwritten, segments } = await monitorLogDir(
      config,
      plugins,
      host,
      limits,
      queued ?? io,
      live,
    ));
  } finally {
    await queued?.flush();
    if (queued) await setupLogging(config.monitor.consoleVerbosity, io.err);
  }
  if (unwritten.length === 0) {
    if (!limits.once || segments > 0) return 0;
    logger("monitor").error(
      `--once: no segment was written within --timeout ${limits.timeoutS}s (exit ${ONCE_TIMED_OUT})`,
    );
    return ONCE_TIMED_OUT;
  }
  logger("monitor").error(
    `${unwritten.length} record(s) could not be written to ${config.monitor.logDir}; here they are:`,
  );
  for (const line of unwritten) io.err(line);
  return 1;
}

/** The monitor's run; resolves with the records (as JSON) it could not write, and how many segments it wrote. */
async function monitorLogDir(
  config: Config,
  plugins: RegisteredPlugin[],
  host: PluginHost,
  limits: RunLimits,
  io: Output,
  live: LiveReload | undefined,
): Promise<{ unwritten: string[]; segments: number }> {
  const log = logger("monitor");
  const m = config.monitor;
  await ensureLogDir(m.logDir);
  await using lock = await lockLogDir(m.logDir);
  if (lock.tookOverFrom) {
    log.warn(`took over the log folder lock left by pid ${lock.tookOverFrom.pid}`);
  }
  for (const r of await repairTornLogs(m.logDir)) {
    log.warn(`${r.file} ended in a torn record; moved its last ${r.bytes} bytes to ${r.sidecar}`);
  }
  for (const path of await removeStaleTemporaries(m.logDir)) {
    log.info(`removed ${path}, left by a Markdown rewrite that a crash interrupted`);
  }
  const reporter = new ConsoleReporter(
    m.consoleVerbosity === "debug" || m.consoleVerbosity === "info",
    io.out,
  );
  const journals = new SegmentJournals(m.logDir, m.journalFsyncMs, logger("journal"));
  const monitor = new Monitor({
    plugins,
    host,
    outbox: new Outbox(await createSink(m.logFormat, m.logDir, m.logDay), logger("sink")),
    journals,
    leftovers: await dropLoggedSegments(
      await findLeftoverSegments(m.logDir, m.maxEventRefs, log),
      m.logDir,
      log,
    ),
    console: reporter,
    log: logger("runtime"),
    clock: new SystemClock(),
    cooldownSeconds: m.cooldownSeconds,
    pollTickMs: m.pollTickMs,
    maxEventRefs: m.maxEventRefs,
    maxEventBytes: m.maxEventBytes,
    maxClockSkewS: m.maxClockSkewS,
    hostName: m.host,
    once: limits.once,
  });
  using _guard = new LogDirGuard(lock, journals, log, () => monitor.stop());
  let signalled = false;
  using _signals = onShutdownSignal((signal) => {
    if (!signalled) log.info(`${signal} received: closing the open segment and exiting`);
    signalled = true;
    monitor.stop();
  });
  using _live = live?.attach(monitor);
  for (const p of plugins) log.debug(`plugin ${p.spec.label}: grants ${describeGrants(p.grants)}`);
  log.info(
    `monitoring ${plugins.map((p) => p.spec.label).join(", ")}; cooldown ${m.cooldownSeconds}s; ` +
      `logs in ${m.logDir} (${m.logFormat}, files named by ${m.logDay} date; host ${m.host})`,
  );
  const timer = limits.timeoutS === undefined ? undefined : setTimeout(() => {
    if (!signalled) {
      log.info(`--timeout ${limits.timeoutS}s reached: closing the open segment and exiting`);
    }
    signalled = true;
    monitor.stop();
  }, limits.timeoutS * 1000);
  // The discovery workers have ended; their threads' freed memory goes back now
  // and, once the plugin workers have started, again.
  releaseFreedMemory();
  const released = setTimeout(releaseFreedMemory, RELEASE_AFTER_START_MS);
  Deno.unrefTimer(released);
  try {
    const unwritten = await monitor.run();
    if (unwritten.length === 0) log.info(`stopped after ${monitor.segmentsWritten} segment(s)`);
    return { unwritten, segments: monitor.segmentsWritten };
  } finally {
    clearTimeout(timer);
    clearTimeout(released);
  }
}
