/**
 * Starting the monitor at login: a systemd user unit on Linux, a
 * LaunchAgent on macOS, a logon task on Windows. This module plans what to
 * write and run; the CLI (`mimolo service`) carries it out.
 * @module
 */
import type { Places } from "../config/mod.ts";
import { ConfigError } from "../errors.ts";
import type { ServiceCommand } from "./command.ts";
import { agentPaths, launchctl, renderPlist } from "./launchd.ts";
import { execStartOf, renderUnit, splitSystemdCommand, systemctl, unitPath } from "./systemd.ts";
import {
  renderTaskXml,
  schtasks,
  splitWindowsArgs,
  TASK_NAME,
  taskXmlPath,
  utf16le,
} from "./schtasks.ts";
import { runStep, type Step } from "./tool.ts";
import { unescapeXml } from "./xml.ts";

export { currentLaunch, inNpxCache, type Launch, launchOf, serviceCommand } from "./command.ts";
export type { ServiceCommand } from "./command.ts";
export { showStep, type Step } from "./tool.ts";

/** Everything a service installation consists of on one OS. */
export interface ServicePlan {
  /** What kind of service it is, for messages (`systemd user unit`, …). */
  kind: string;
  /** The file that defines it. */
  file: string;
  /** The file's text (shown by `--dry-run`). */
  text: string;
  /** The file's bytes as written. */
  bytes: Uint8Array;
  /** Proves the service manager is reachable (exit 0). */
  probe: Step;
  /** Run after writing the file: enable and start. */
  enable: Step[];
  /** Run before removing the file: stop and disable. */
  disable: Step[];
  /** Run after removing the file. */
  forget: Step[];
  /** Where the monitor's messages (stdout, stderr) go. */
  messages: string;
}

/** The user and OS the plan is for. */
export interface ServiceTarget extends Places {
  /** The numeric user id (macOS launchd domains); `null` on Windows. */
  uid: number | null;
}

/**
 * The service plan for `target`'s OS, running `command`.
 *
 * @example
 * ```ts
 * const plan = servicePlan({ ...systemPlaces(), uid: Deno.uid() }, command);
 * ```
 */
export function servicePlan(target: ServiceTarget, command: ServiceCommand): ServicePlan {
  const where = locations(target);
  switch (target.os) {
    case "darwin": {
      const text = renderPlist(command, where.log!);
      return {
        kind: "LaunchAgent",
        file: where.file,
        text,
        bytes: new TextEncoder().encode(text),
        probe: { program: "launchctl", args: ["version"] },
        // bootout first, so that a reinstall replaces an agent already loaded.
        enable: [
          { ...launchctl(target.uid ?? 0, "bootout"), mayFail: true },
          launchctl(target.uid ?? 0, "bootstrap", where.file),
        ],
        disable: [launchctl(target.uid ?? 0, "bootout")],
        forget: [],
        messages: where.log!,
      };
    }
    case "windows": {
      const user = [target.env("USERDOMAIN"), target.env("USERNAME")].filter(Boolean).join("\\");
      const text = renderTaskXml(command, user);
      return {
        kind: "scheduled task",
        file: where.file,
        text,
        bytes: utf16le(text),
        probe: { program: "schtasks", args: ["/Query", "/TN", "\\"] },
        enable: [
          schtasks("create", where.file),
          { ...schtasks("end"), mayFail: true },
          schtasks("run"),
        ],
        disable: [{ ...schtasks("end"), mayFail: true }, schtasks("delete")],
        forget: [],
        messages: `the console window of the "${TASK_NAME}" task`,
      };
    }
    default: {
      const text = renderUnit(command);
      return {
        kind: "systemd user unit",
        file: where.file,
        text,
        bytes: new TextEncoder().encode(text),
        probe: systemctl("show-environment"),
        // restart, not start: a reinstall must replace a monitor already running.
        enable: [
          systemctl("daemon-reload"),
          systemctl("enable", "mimolo.service"),
          systemctl("restart", "mimolo.service"),
        ],
        disable: [systemctl("disable", "--now", "mimolo.service")],
        forget: [systemctl("daemon-reload")],
        messages: "journalctl --user -u mimolo",
      };
    }
  }
}

/**
 * Where the service's file lives on `target`'s OS (and, on macOS, its log).
 *
 * @example
 * ```ts
 * locations({ ...systemPlaces(), uid: 1000 }).file; // "/home/me/.config/systemd/user/mimolo.service"
 * ```
 */
export function locations(target: ServiceTarget): { file: string; log: string | null } {
  const missing = (what: string) =>
    new ConfigError(`mimolo service: ${what} is not set; cannot tell where the service goes`);
  if (target.os === "darwin") {
    const home = target.env("HOME");
    if (!home) throw missing("HOME");
    const paths = agentPaths(home);
    return { file: paths.plist, log: paths.log };
  }
  if (target.os === "windows") {
    const appData = target.env("APPDATA");
    if (!appData) throw missing("APPDATA");
    return { file: taskXmlPath(appData), log: null };
  }
  const file = unitPath(target.env);
  if (file === null) throw missing("HOME");
  return { file, log: null };
}

/** What `mimolo service status` found. */
export interface ServiceStatus {
  /** Whether the service's file exists. */
  installed: boolean;
  /** Whether the service manager will start it at login; `null` when it cannot be asked. */
  enabled: boolean | null;
  /** Whether it runs now; `null` when the service manager cannot be asked. */
  running: boolean | null;
  /** What the service manager said, in its words. */
  detail: string;
  /** The command line the service runs, from its file. */
  command: string[] | null;
}

/**
 * Asks the service manager about MiMoLo's service.
 *
 * @example
 * ```ts
 * const status = await serviceStatus(target, plan);
 * ```
 */
export async function serviceStatus(
  target: ServiceTarget,
  plan: Pick<ServicePlan, "file" | "probe">,
  run: typeof runStep = runStep,
): Promise<ServiceStatus> {
  const bytes = await Deno.readFile(plan.file).catch(() => null);
  const installed = bytes !== null;
  const command = bytes === null ? null : commandOf(target.os, bytes);
  const reachable = await run(plan.probe);
  if (reachable === null || reachable.code !== 0) {
    const why = reachable === null
      ? `${plan.probe.program} is not available`
      : reachable.stderr || `${plan.probe.program} exited ${reachable.code}`;
    return { installed, enabled: null, running: null, detail: why, command };
  }
  if (target.os === "darwin") {
    const r = await run(launchctl(target.uid ?? 0, "print"));
    const loaded = r !== null && r.code === 0;
    const state = r?.stdout.match(/^\s*state = (\S+)/m)?.[1] ?? (loaded ? "unknown" : "not loaded");
    return { installed, enabled: loaded, running: state === "running", detail: state, command };
  }
  if (target.os === "windows") {
    const r = await run(schtasks("query"));
    if (r === null || r.code !== 0) {
      return { installed, enabled: false, running: false, detail: "no such task", command };
    }
    const field = (name: string) => r.stdout.match(new RegExp(`^${name}:\\s*(.+)$`, "m"))?.[1];
    const status = field("Status") ?? "unknown";
    const state = field("Scheduled Task State") ?? "unknown";
    return {
      installed,
      enabled: state === "Enabled",
      running: status === "Running",
      detail: `${status}, ${state}`,
      command,
    };
  }
  const enabled = (await run(systemctl("is-enabled", "mimolo.service")))?.stdout ?? "unknown";
  const active = (await run(systemctl("is-active", "mimolo.service")))?.stdout ?? "unknown";
  return {
    installed,
    enabled: enabled === "enabled",
    running: active === "active",
    detail: `${enabled}, ${active}`,
    command,
  };
}

/** The command line stored in a service file. */
function commandOf(os: string, bytes: Uint8Array): string[] | null {
  if (os === "windows") {
    const text = new TextDecoder("utf-16le").decode(bytes);
    const tag = (name: string) => unxml(text.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1]);
    const program = tag("Command");
    return program === null ? null : [program, ...splitWindowsArgs(tag("Arguments") ?? "")];
  }
  const text = new TextDecoder().decode(bytes);
  if (os === "darwin") {
    const list = text.match(/<key>ProgramArguments<\/key>\s*<array>([^]*?)<\/array>/)?.[1];
    if (list === undefined) return null;
    return [...list.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => unxml(m[1])!);
  }
  const exec = execStartOf(text);
  return exec === null ? null : splitSystemdCommand(exec);
}

function unxml(text: string | undefined): string | null {
  return text === undefined ? null : unescapeXml(text);
}

/**
 * The config file a service command line names (`--config FILE`), or `null`.
 *
 * @example
 * ```ts
 * configOfCommand(["/usr/bin/mimolo", "monitor", "--config", "/a/mimolo.toml"]); // "/a/mimolo.toml"
 * ```
 */
export function configOfCommand(command: readonly string[]): string | null {
  const i = command.indexOf("--config");
  return i >= 0 && i + 1 < command.length ? command[i + 1] : null;
}
