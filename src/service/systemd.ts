import { join } from "node:path";
import type { ServiceCommand } from "./command.ts";
import type { Step } from "./tool.ts";

/** The unit's name. */
export const UNIT_NAME = "mimolo.service";

/**
 * Where the user unit goes: `$XDG_CONFIG_HOME/systemd/user/mimolo.service`
 * (default `~/.config/systemd/user/`).
 *
 * @example
 * ```ts
 * unitPath((n) => ({ HOME: "/home/me" })[n]); // "/home/me/.config/systemd/user/mimolo.service"
 * ```
 */
export function unitPath(env: (name: string) => string | undefined): string | null {
  const xdg = env("XDG_CONFIG_HOME");
  const base = xdg && xdg.startsWith("/")
    ? xdg
    : env("HOME")
    ? join(env("HOME")!, ".config")
    : null;
  return base === null ? null : join(base, "systemd", "user", UNIT_NAME);
}

/**
 * One word of a unit's command line: systemd splits `ExecStart=` at spaces
 * and honours double quotes and backslash escapes, and expands `%`
 * specifiers and `$` variables, so each is escaped.
 *
 * @example
 * ```ts
 * systemdWord("/home/me/My Files/mimolo.toml"); // '"/home/me/My Files/mimolo.toml"'
 * ```
 */
export function systemdWord(word: string): string {
  if (/[\n\r]/.test(word)) {
    throw new Error(`a line break cannot be part of a service command: ${word}`);
  }
  const escaped = word.replaceAll("%", "%%").replaceAll("$", "$$$$");
  if (escaped !== "" && /^[^\s"'\\;]+$/.test(escaped)) return escaped;
  return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * Splits an `ExecStart=` value back into words (the inverse of
 * {@linkcode systemdWord}; enough for the units MiMoLo writes).
 *
 * @example
 * ```ts
 * splitSystemdCommand('/bin/mimolo monitor --config "/a b/mimolo.toml"'); // ["/bin/mimolo", "monitor", "--config", "/a b/mimolo.toml"]
 * ```
 */
export function splitSystemdCommand(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let word = "";
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length) i++;
        word += line[i++];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== " " && line[i] !== "\t") word += line[i++];
    }
    words.push(word.replaceAll("$$", "$").replaceAll("%%", "%"));
  }
  return words;
}

/**
 * The text of the user unit: starts the monitor at login, restarts it after
 * a crash; SIGTERM (`systemctl --user stop`) makes it write its open segment
 * and exit 0. `MALLOC_ARENA_MAX=2` caps glibc's per-thread malloc arenas,
 * which the plugin workers' threads otherwise each fill and keep (about
 * 4 MiB less for the default config: docs/benchmarks.md).
 *
 * @example
 * ```ts
 * renderUnit({ program: "/usr/bin/mimolo", args: ["monitor"], workingDir: "/home/me" });
 * ```
 */
export function renderUnit(command: ServiceCommand): string {
  const exec = [command.program, ...command.args].map(systemdWord).join(" ");
  return `# Written by "mimolo service install"; remove it with "mimolo service uninstall".
[Unit]
Description=MiMoLo activity monitor
After=default.target

[Service]
Type=simple
ExecStart=${exec}
ExecReload=/bin/kill -HUP $MAINPID
WorkingDirectory=${command.workingDir.replaceAll("%", "%%")}
Environment=NO_COLOR=1
Environment=MALLOC_ARENA_MAX=2
Restart=on-failure
RestartSec=10

[Install]
WantedBy=default.target
`;
}

/** The `ExecStart=` value of a unit's text, or `null`. */
export function execStartOf(unit: string): string | null {
  return /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? null;
}

/** `systemctl --user …` as a step. */
export function systemctl(...args: string[]): Step {
  return { program: "systemctl", args: ["--user", ...args] };
}
