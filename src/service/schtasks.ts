import { join } from "node:path";
import type { ServiceCommand } from "./command.ts";
import type { Step } from "./tool.ts";
import { escapeXml } from "./xml.ts";

/** The scheduled task's name. */
export const TASK_NAME = "MiMoLo";

/**
 * Where the task definition is kept (Task Scheduler reads it once, at
 * install): `%APPDATA%\mimolo\mimolo-task.xml`.
 *
 * @example
 * ```ts
 * taskXmlPath("C:\\Users\\me\\AppData\\Roaming");
 * ```
 */
export function taskXmlPath(appData: string): string {
  return join(appData, "mimolo", "mimolo-task.xml");
}

/**
 * One argument for a Windows command line, quoted the way
 * `CommandLineToArgvW` (and Deno's own argument parsing) reads it back.
 *
 * @example
 * ```ts
 * windowsArg("C:\\Program Files\\mimolo.toml"); // '"C:\\Program Files\\mimolo.toml"'
 * ```
 */
export function windowsArg(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === "\\") {
      backslashes++;
      continue;
    }
    out += ch === '"' ? "\\".repeat(backslashes * 2 + 1) + '"' : "\\".repeat(backslashes) + ch;
    backslashes = 0;
  }
  return out + "\\".repeat(backslashes * 2) + '"';
}

/**
 * Splits a Windows command line into arguments, as `CommandLineToArgvW`
 * does (the inverse of {@linkcode windowsArg}).
 *
 * @example
 * ```ts
 * splitWindowsArgs('monitor --config "C:\\My Files\\mimolo.toml"'); // ["monitor", "--config", "C:\\My Files\\mimolo.toml"]
 * ```
 */
export function splitWindowsArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let arg = "";
    let quoted = false;
    while (i < line.length && (quoted || (line[i] !== " " && line[i] !== "\t"))) {
      let backslashes = 0;
      while (line[i] === "\\") {
        backslashes++;
        i++;
      }
      if (line[i] === '"') {
        arg += "\\".repeat(Math.floor(backslashes / 2));
        if (backslashes % 2 === 1) arg += '"';
        else quoted = !quoted;
        i++;
      } else {
        arg += "\\".repeat(backslashes);
        if (i < line.length && (quoted || (line[i] !== " " && line[i] !== "\t"))) arg += line[i++];
      }
    }
    args.push(arg);
  }
  return args;
}

/**
 * The Task Scheduler definition: started at the user's logon, restarted
 * after a failure, never stopped for running long or on battery.
 *
 * @example
 * ```ts
 * renderTaskXml({ program: "C:\\mimolo.exe", args: ["monitor"], workingDir: "C:\\Users\\me" }, "PC\\me");
 * ```
 */
export function renderTaskXml(command: ServiceCommand, user: string): string {
  return `<?xml version="1.0" encoding="UTF-16"?>
<!-- Written by "mimolo service install"; remove it with "mimolo service uninstall". -->
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>MiMoLo activity monitor</Description>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>${escapeXml(user)}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>${escapeXml(user)}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>999</Count>
    </RestartOnFailure>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${escapeXml(command.program)}</Command>
      <Arguments>${escapeXml(command.args.map(windowsArg).join(" "))}</Arguments>
      <WorkingDirectory>${escapeXml(command.workingDir)}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
`;
}

/**
 * The task XML as Task Scheduler wants the file: UTF-16 little-endian with a
 * byte-order mark.
 *
 * @example
 * ```ts
 * await Deno.writeFile(path, utf16le(renderTaskXml(command, user)));
 * ```
 */
export function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}

/** `schtasks …` for MiMoLo's task. */
export function schtasks(
  verb: "create" | "run" | "end" | "delete" | "query",
  xmlFile?: string,
): Step {
  const tn = ["/TN", TASK_NAME];
  switch (verb) {
    case "create":
      return { program: "schtasks", args: ["/Create", ...tn, "/XML", xmlFile!, "/F"] };
    case "run":
      return { program: "schtasks", args: ["/Run", ...tn] };
    case "end":
      return { program: "schtasks", args: ["/End", ...tn] };
    case "delete":
      return { program: "schtasks", args: ["/Delete", ...tn, "/F"] };
    case "query":
      return { program: "schtasks", args: ["/Query", ...tn, "/FO", "LIST", "/V"] };
  }
}
