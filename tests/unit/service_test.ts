import assert from "node:assert/strict";
import { DOMParser } from "@xmldom/xmldom";
import { parse as parsePlist } from "plist";
import { ALL_GRANTS, NO_GRANTS } from "../../src/plugins/permissions.ts";
import { grantFlags, inNpxCache } from "../../src/service/command.ts";
import { AGENT_LABEL, agentPaths, renderPlist } from "../../src/service/launchd.ts";
import {
  configOfCommand,
  launchOf,
  type ServiceCommand,
  serviceCommand,
  servicePlan,
  showStep,
} from "../../src/service/mod.ts";
import {
  renderTaskXml,
  splitWindowsArgs,
  TASK_NAME,
  utf16le,
  windowsArg,
} from "../../src/service/schtasks.ts";
import {
  execStartOf,
  renderUnit,
  splitSystemdCommand,
  systemdWord,
  unitPath,
} from "../../src/service/systemd.ts";
import { RUNTIME_FLAGS } from "../../src/version.ts";

/** Arguments that are hard to quote on every OS. */
const AWKWARD = [
  "/home/me/My Files/mimolo.toml",
  'say "hi"',
  "C:\\Program Files\\mimolo\\",
  "back\\\\slash",
  "100% $HOME",
  "tab\there",
  "",
  "plain",
];

const command: ServiceCommand = {
  program: "/opt/mimolo bin/mimolo",
  args: ["monitor", "--config", "/home/me/.config/mimolo/mimolo.toml", ...AWKWARD],
  workingDir: "/home/me/.config/mimolo",
};

Deno.test("service: the command runs the executable, or this Deno with the task's flags and main.ts", () => {
  const compiled = launchOf("file:///tmp/deno-compile-mimolo/main.ts", "/usr/local/bin/mimolo");
  assert.equal(compiled.mainScript, null);
  assert.deepEqual(serviceCommand(compiled, "/c/mimolo.toml", NO_GRANTS), {
    program: "/usr/local/bin/mimolo",
    args: ["monitor", "--config", "/c/mimolo.toml"],
    workingDir: "/c",
  });
  const script = launchOf("file:///src/mimolo/main.ts", "/usr/bin/deno");
  assert.equal(script.mainScript, "/src/mimolo/main.ts");
  const grants = { ...NO_GRANTS, read: ["/data"], net: true };
  assert.deepEqual(serviceCommand(script, "/c/mimolo.toml", grants).args, [
    "run",
    ...RUNTIME_FLAGS,
    "/src/mimolo/main.ts",
    "monitor",
    "--config",
    "/c/mimolo.toml",
    "--allow-read=/data",
    "--allow-net",
  ]);
});

Deno.test("service: grant flags are absolute, since the service runs in another folder", () => {
  const grants = { ...NO_GRANTS, read: ["./src", "/abs"], write: ["out"], run: ["git", "./x.sh"] };
  assert.deepEqual(grantFlags(grants, "/home/me"), [
    "--allow-read=/home/me/src,/abs",
    "--allow-write=/home/me/out",
    "--allow-run=git,/home/me/x.sh",
  ]);
  assert.deepEqual(grantFlags({ ...ALL_GRANTS }, "/"), ["--allow-all"]);
  const six = { read: true, write: true, net: true, env: true, run: true, sys: true, all: false };
  assert.deepEqual(grantFlags(six, "/"), [
    "--allow-read",
    "--allow-write",
    "--allow-net",
    "--allow-env",
    "--allow-run",
    "--allow-sys",
  ]);
  assert.ok(inNpxCache("/root/.npm/_npx/0d3352dadace6713/node_modules/deno/deno"));
  assert.ok(!inNpxCache("/usr/local/bin/deno"));
});

Deno.test("systemd: every word survives systemd's quoting, % and $ included", () => {
  for (const word of AWKWARD) {
    assert.deepEqual(splitSystemdCommand(systemdWord(word)), [word], JSON.stringify(word));
  }
  assert.equal(systemdWord("100%"), "100%%", "% starts a specifier");
  assert.equal(systemdWord("$HOME"), "$$HOME", "$ starts a variable");
  assert.throws(() => systemdWord("a\nb"), /line break/);
  const unit = renderUnit(command);
  assert.deepEqual(splitSystemdCommand(execStartOf(unit)!), [command.program, ...command.args]);
  assert.match(unit, /^Restart=on-failure$/m);
  assert.match(
    unit,
    /^ExecReload=\/bin\/kill -HUP \$MAINPID$/m,
    "systemctl --user reload sends SIGHUP",
  );
  assert.match(unit, /^WantedBy=default\.target$/m);
  assert.match(unit, /^Environment=MALLOC_ARENA_MAX=2$/m, "fewer glibc arenas (issue 13)");
  assert.match(unit, /^WorkingDirectory=\/home\/me\/\.config\/mimolo$/m);
});

Deno.test("systemd: the unit goes to $XDG_CONFIG_HOME/systemd/user, else ~/.config", () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  assert.equal(
    unitPath(env({ HOME: "/home/me" })),
    "/home/me/.config/systemd/user/mimolo.service",
  );
  assert.equal(
    unitPath(env({ HOME: "/home/me", XDG_CONFIG_HOME: "/cfg" })),
    "/cfg/systemd/user/mimolo.service",
  );
  assert.equal(unitPath(env({})), null);
});

Deno.test("launchd: the LaunchAgent is a valid property list that runs at load and is kept alive after a crash", () => {
  const log = agentPaths("/Users/me").log;
  const xml = renderPlist({ ...command, args: [...command.args, "<&>"] }, log);
  const parsed = parsePlist(xml) as Record<string, unknown>;
  assert.equal(parsed.Label, AGENT_LABEL);
  assert.deepEqual(parsed.ProgramArguments, [command.program, ...command.args, "<&>"]);
  assert.equal(parsed.RunAtLoad, true);
  assert.deepEqual(parsed.KeepAlive, { SuccessfulExit: false });
  assert.equal(parsed.WorkingDirectory, command.workingDir);
  assert.equal(parsed.StandardOutPath, "/Users/me/Library/Logs/mimolo/monitor.log");
  assert.equal(
    agentPaths("/Users/me").plist,
    "/Users/me/Library/LaunchAgents/mimolo.monitor.plist",
  );
});

Deno.test("schtasks: Windows arguments round-trip through CommandLineToArgvW's rules", () => {
  for (const arg of AWKWARD) {
    assert.deepEqual(splitWindowsArgs(windowsArg(arg)), [arg], JSON.stringify(arg));
  }
  assert.deepEqual(splitWindowsArgs(AWKWARD.map(windowsArg).join(" ")), AWKWARD);
  assert.equal(windowsArg("C:\\a b\\"), '"C:\\a b\\\\"', "a trailing backslash is doubled");
});

Deno.test("schtasks: the task is well-formed XML, started at logon, restarted after a failure", () => {
  const xml = renderTaskXml(command, "PC\\me");
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) })
    .parseFromString(xml, "text/xml");
  assert.deepEqual(errors, []);
  const text = (tag: string) => doc.getElementsByTagName(tag)[0]?.textContent;
  assert.equal(text("Command"), command.program);
  assert.deepEqual(splitWindowsArgs(text("Arguments")!), command.args);
  assert.equal(text("WorkingDirectory"), command.workingDir);
  assert.equal(doc.getElementsByTagName("LogonTrigger").length, 1);
  assert.equal(text("UserId"), "PC\\me");
  assert.equal(text("ExecutionTimeLimit"), "PT0S", "never stopped for running long");
  assert.ok(doc.getElementsByTagName("RestartOnFailure").length === 1);
  const bytes = utf16le(xml);
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xfe], "UTF-16LE byte-order mark");
  assert.equal(new TextDecoder("utf-16le").decode(bytes.subarray(2)), xml);
});

Deno.test("service plans: each OS's file, and the commands that enable, disable and inspect it", () => {
  const places = (os: typeof Deno.build.os, vars: Record<string, string>) => ({
    env: (n: string) => vars[n],
    cwd: "/",
    os,
    uid: 501,
  });
  const linux = servicePlan(places("linux", { HOME: "/home/me" }), command);
  assert.equal(linux.file, "/home/me/.config/systemd/user/mimolo.service");
  assert.deepEqual(linux.enable.map(showStep), [
    "systemctl --user daemon-reload",
    "systemctl --user enable mimolo.service",
    "systemctl --user restart mimolo.service",
  ]);
  assert.deepEqual(linux.disable.map(showStep), ["systemctl --user disable --now mimolo.service"]);

  const mac = servicePlan(places("darwin", { HOME: "/Users/me" }), command);
  assert.equal(mac.file, "/Users/me/Library/LaunchAgents/mimolo.monitor.plist");
  assert.deepEqual(mac.enable.map(showStep), [
    "launchctl bootout gui/501/mimolo.monitor",
    "launchctl bootstrap gui/501 /Users/me/Library/LaunchAgents/mimolo.monitor.plist",
  ]);
  assert.ok(mac.enable[0].mayFail, "an agent that is not loaded cannot be booted out");

  const win = servicePlan(
    places("windows", { APPDATA: "C:\\Users\\me\\AppData\\Roaming", USERNAME: "me" }),
    command,
  );
  assert.equal(win.file.endsWith("mimolo-task.xml"), true);
  assert.deepEqual(win.enable[0].args, ["/Create", "/TN", TASK_NAME, "/XML", win.file, "/F"]);
  assert.deepEqual(win.enable.at(-1)!.args, ["/Run", "/TN", TASK_NAME]);
  assert.equal(configOfCommand([command.program, ...command.args]), command.args[2]);
});
