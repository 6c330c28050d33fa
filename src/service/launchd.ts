import { join } from "node:path";
import type { ServiceCommand } from "./command.ts";
import type { Step } from "./tool.ts";
import { escapeXml } from "./xml.ts";

/** The LaunchAgent's label (and file name without `.plist`). */
export const AGENT_LABEL = "mimolo.monitor";

/**
 * Where the LaunchAgent goes and where its output is written, below `home`.
 *
 * @example
 * ```ts
 * agentPaths("/Users/me").plist; // "/Users/me/Library/LaunchAgents/mimolo.monitor.plist"
 * ```
 */
export function agentPaths(home: string): { plist: string; log: string } {
  return {
    plist: join(home, "Library", "LaunchAgents", `${AGENT_LABEL}.plist`),
    log: join(home, "Library", "Logs", "mimolo", "monitor.log"),
  };
}

/**
 * The LaunchAgent property list: run at load (login), kept alive after a
 * crash (`KeepAlive.SuccessfulExit = false`: relaunched when it exits with
 * an error, not after a clean stop), output appended to `logPath`.
 *
 * @example
 * ```ts
 * renderPlist({ program: "/usr/local/bin/mimolo", args: ["monitor"], workingDir: "/Users/me" }, "/Users/me/Library/Logs/mimolo/monitor.log");
 * ```
 */
export function renderPlist(command: ServiceCommand, logPath: string): string {
  const strings = [command.program, ...command.args]
    .map((a) => `    <string>${escapeXml(a)}</string>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by "mimolo service install"; remove it with "mimolo service uninstall". -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${AGENT_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${strings}
  </array>
  <key>WorkingDirectory</key>
  <string>${escapeXml(command.workingDir)}</string>
  <key>EnvironmentVariables</key>
  <dict>
    <key>NO_COLOR</key>
    <string>1</string>
  </dict>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>10</integer>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>${escapeXml(logPath)}</string>
  <key>StandardErrorPath</key>
  <string>${escapeXml(logPath)}</string>
</dict>
</plist>
`;
}

/** `launchctl …` for the current user's GUI domain. */
export function launchctl(
  uid: number,
  verb: "bootstrap" | "bootout" | "print",
  plist?: string,
): Step {
  const domain = `gui/${uid}`;
  if (verb === "bootstrap") return { program: "launchctl", args: ["bootstrap", domain, plist!] };
  return { program: "launchctl", args: [verb, `${domain}/${AGENT_LABEL}`] };
}
