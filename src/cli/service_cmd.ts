import { dirname } from "node:path";
import {
  describeConfigSource,
  loadConfig,
  loadConfigOrDefault,
  lookupOrder,
  systemPlaces,
} from "../config/mod.ts";
import { ConfigError, errorMessage, MimoloError, UsageError } from "../errors.ts";
import {
  configOfCommand,
  currentLaunch,
  inNpxCache,
  serviceCommand,
  type ServicePlan,
  servicePlan,
  serviceStatus,
  type ServiceTarget,
  showStep,
  type Step,
} from "../service/mod.ts";
import { runStep } from "../service/tool.ts";
import { parseCommandArgs } from "./args.ts";
import { SERVICE_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";
import { enabledPlugins, loadSetup } from "./setup.ts";

/** Exit code of `service install`/`uninstall` when the service manager refused a step. */
const STEP_FAILED = 1;

/**
 * `mimolo service install|uninstall|status`: start the monitor at every
 * login with the service manager of this OS.
 *
 * @example
 * ```ts
 * await serviceCommand(["install", "--dry-run"], stdio);
 * ```
 */
export async function serviceCliCommand(
  args: string[],
  io: Output,
  target: ServiceTarget = currentTarget(),
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    io.out(SERVICE_HELP);
    return sub === undefined ? 2 : 0;
  }
  switch (sub) {
    case "install":
      return await install(rest, io, target);
    case "uninstall":
      return await uninstall(rest, io, target);
    case "status":
      return await status(rest, io, target);
    default:
      throw new UsageError("service", `unknown subcommand "${sub}" (install, uninstall, status)`);
  }
}

function currentTarget(): ServiceTarget {
  return { ...systemPlaces(), uid: Deno.build.os === "windows" ? null : Deno.uid() };
}

async function install(args: string[], io: Output, target: ServiceTarget): Promise<number> {
  const { grants, rest } = takePermissionFlags(args, "service install");
  const { values } = parseCommandArgs("service install", rest, {
    config: { type: "string", short: "c", value: "FILE" },
    "dry-run": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(SERVICE_HELP);
    return 0;
  }
  const config = await loadConfigOrDefault(values.config, target);
  if (config.source === null) {
    throw new ConfigError(
      `mimolo service install: no config file found (looked for ${lookupOrder(target)}); ` +
        'write one with "mimolo init", or name one with -c FILE',
    );
  }
  // The service must be able to start: the same checks as `mimolo monitor`.
  enabledPlugins(await loadSetup(config.source), grants);
  const launch = currentLaunch();
  const command = serviceCommand(launch, config.source, grants);
  const plan = servicePlan(target, command);
  if (inNpxCache(launch.execPath)) {
    io.err(
      `mimolo: warning: this Deno (${launch.execPath}) lives in npx's cache, which npm may ` +
        "clear; the service would then no longer start. Install the mimolo executable, or a " +
        "Deno of your own, and run service install with it.",
    );
  }
  io.out(describeConfigSource(config));
  if (values["dry-run"]) {
    io.out(`would write ${plan.file} (${plan.kind}):`);
    for (const line of plan.text.trimEnd().split("\n")) io.out(`  ${line}`);
    io.out("would run:");
    for (const step of plan.enable) io.out(`  ${showStep(step)}`);
    return 0;
  }
  try {
    await Deno.mkdir(dirname(plan.file), { recursive: true });
    await Deno.writeFile(plan.file, plan.bytes);
  } catch (err) {
    throw new MimoloError(
      `mimolo service install: cannot write ${plan.file}: ${errorMessage(err)}`,
    );
  }
  io.out(`wrote ${plan.file} (${plan.kind})`);
  io.out(`  runs: ${[command.program, ...command.args].join(" ")}`);
  const code = await runSteps(plan, plan.enable, io, "enable and start it");
  if (code === 0) {
    io.out(
      `MiMoLo starts at every login; "mimolo service status" shows it. Its messages: ${plan.messages}`,
    );
  }
  return code === "unreachable" ? 0 : code;
}

async function uninstall(args: string[], io: Output, target: ServiceTarget): Promise<number> {
  const { values } = parseCommandArgs("service uninstall", args, {
    "dry-run": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(SERVICE_HELP);
    return 0;
  }
  const plan = servicePlan(target, { program: "", args: [], workingDir: "" });
  const installed = await Deno.stat(plan.file).then(() => true, () => false);
  if (!installed) {
    io.out(`not installed: there is no ${plan.file}`);
    return 0;
  }
  if (values["dry-run"]) {
    io.out("would run:");
    for (const step of plan.disable) io.out(`  ${showStep(step)}`);
    io.out(`would remove ${plan.file}`);
    for (const step of plan.forget) io.out(`  ${showStep(step)}`);
    return 0;
  }
  const stopped = await runSteps(plan, plan.disable, io, "stop and disable it");
  if (typeof stopped === "number" && stopped !== 0) return stopped;
  await Deno.remove(plan.file);
  io.out(`removed ${plan.file}`);
  if (stopped !== "unreachable") await runSteps(plan, plan.forget, io, "finish");
  return 0;
}

async function status(args: string[], io: Output, target: ServiceTarget): Promise<number> {
  const { values } = parseCommandArgs("service status", args, {
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(SERVICE_HELP);
    return 0;
  }
  const plan = servicePlan(target, { program: "", args: [], workingDir: "" });
  const s = await serviceStatus(target, plan);
  const configFile = s.command && configOfCommand(s.command);
  let records: string | null = null;
  if (configFile) {
    try {
      const m = (await loadConfig(configFile)).monitor;
      records = `${m.logDir} (${m.logFormat})`;
    } catch (err) {
      records = `unknown: ${errorMessage(err)}`;
    }
  }
  if (values.json) {
    const out = { kind: plan.kind, file: plan.file, ...s, config: configFile, records };
    io.out(JSON.stringify({ ...out, messages: plan.messages }, null, 2));
    return 0;
  }
  const yesNo = (b: boolean | null) => (b === null ? "unknown" : b ? "yes" : "no");
  io.out(`service:   ${plan.kind} ${plan.file}`);
  io.out(`installed: ${s.installed ? "yes" : 'no ("mimolo service install" sets it up)'}`);
  io.out(`enabled:   ${yesNo(s.enabled)}`);
  io.out(`running:   ${yesNo(s.running)} (${s.detail})`);
  if (s.command) io.out(`runs:      ${s.command.join(" ")}`);
  if (configFile) io.out(`config:    ${configFile}`);
  if (records) io.out(`records:   ${records}`);
  io.out(`messages:  ${plan.messages}`);
  return 0;
}

/**
 * Runs the steps with the service manager when it is reachable, else prints
 * them for the user to run. A step that fails stops the rest.
 */
async function runSteps(
  plan: ServicePlan,
  steps: Step[],
  io: Output,
  purpose: string,
): Promise<number | "unreachable"> {
  if (steps.length === 0) return 0;
  const probe = await runStep(plan.probe);
  if (probe === null || probe.code !== 0) {
    const why = probe === null
      ? `${plan.probe.program} is not installed`
      : probe.stderr.split("\n")[0] || `${showStep(plan.probe)} exited ${probe.code}`;
    io.out(`The service manager is not reachable from here (${why}). To ${purpose}, run:`);
    for (const step of steps) io.out(`  ${showStep(step)}`);
    return "unreachable";
  }
  for (const [i, step] of steps.entries()) {
    const r = await runStep(step);
    if (r !== null && (r.code === 0 || step.mayFail)) {
      io.out(`ran: ${showStep(step)}`);
      continue;
    }
    io.err(
      `mimolo: ${showStep(step)} failed${r === null ? "" : ` (exit ${r.code}): ${r.stderr}`}`,
    );
    const left = steps.slice(i + 1);
    if (left.length > 0) {
      io.err(`mimolo: not run: ${left.map(showStep).join("; ")}`);
    }
    return STEP_FAILED;
  }
  return 0;
}
