import assert from "node:assert/strict";
import { join } from "node:path";
import { execStartOf, splitSystemdCommand } from "../../src/service/systemd.ts";
import { readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const LINUX = Deno.build.os === "linux";

/** A home with a config whose plugin emits on every poll, and a fake `systemctl` on PATH. */
async function serviceHome(dir: string, systemctlOutput = "") {
  await writeFiles(dir, {
    "plugins/beat.ts": pluginSource(
      '{ label: "beat", pollIntervalS: 0.2 }',
      'return this.n++ < 2 ? this.makeEvent("tick") : null;',
    ),
    "cfg dir/mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "../logs"\n` +
      `plugin_dirs = ["../plugins"]\n[plugins.beat]\n`,
    // Records every call, answers like systemd would; never touches a real user manager.
    "bin/systemctl":
      `#!/bin/sh\necho "$*" >> "${dir}/systemctl.calls"\n${systemctlOutput}\nexit 0\n`,
  });
  await Deno.chmod(join(dir, "bin", "systemctl"), 0o755);
  const env = {
    XDG_CONFIG_HOME: join(dir, "xdg"),
    PATH: `${join(dir, "bin")}:${Deno.env.get("PATH")}`,
  };
  return {
    env,
    config: join(dir, "cfg dir", "mimolo.toml"),
    unit: join(dir, "xdg", "systemd", "user", "mimolo.service"),
  };
}

async function calls(dir: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(dir, "systemctl.calls")).catch(() => "");
  return text.split("\n").filter(Boolean);
}

Deno.test({
  name: "e2e service: --dry-run prints the unit and the commands and changes nothing",
  ignore: !LINUX, // systemd user units are the Linux service; unit tests cover the others
  async fn() {
    await using dir = await tempDir();
    const h = await serviceHome(dir.path);
    const res = await runMimolo(
      ["service", "install", "-c", h.config, "--dry-run"],
      dir.path,
      60_000,
      h.env,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`would write ${h.unit} \\(systemd user unit\\)`));
    assert.match(res.stdout, /^ {2}ExecStart=.* monitor --config "[^"]*cfg dir\/mimolo\.toml"$/m);
    assert.match(res.stdout, /^ {2}systemctl --user enable mimolo\.service$/m);
    assert.equal(await Deno.stat(h.unit).catch(() => null), null, "no unit written");
    assert.deepEqual(await calls(dir.path), [], "systemctl never called");
  },
});

Deno.test({
  name:
    "e2e service: install writes a unit systemd's checker accepts; its ExecStart runs the monitor with the config",
  ignore: !LINUX,
  async fn() {
    await using dir = await tempDir();
    const h = await serviceHome(dir.path);
    const res = await runMimolo(
      ["service", "install", "-c", h.config, "--allow-read=./data"],
      dir.path,
      60_000,
      h.env,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`^wrote ${h.unit} \\(systemd user unit\\)$`, "m"));
    assert.deepEqual(await calls(dir.path), [
      "--user show-environment",
      "--user daemon-reload",
      "--user enable mimolo.service",
      "--user restart mimolo.service",
    ]);

    // systemd's own checker (Debian's systemd package; .ci/run installs it when missing).
    await Deno.mkdir(join(dir.path, "run"), { mode: 0o700 });
    const verify = await new Deno.Command("systemd-analyze", {
      args: ["verify", "--user", h.unit],
      env: { ...h.env, XDG_RUNTIME_DIR: join(dir.path, "run") },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(verify.stderr) + new TextDecoder().decode(verify.stdout);
    assert.equal(verify.code, 0, said);
    assert.equal(said.trim(), "", "no warnings either");

    const words = splitSystemdCommand(execStartOf(await Deno.readTextFile(h.unit))!);
    assert.ok(words.includes(`--allow-read=${join(dir.path, "data")}`), "grants made absolute");
    // Run exactly what systemd would run, from somewhere else, until a segment is written.
    const [program, ...args] = words;
    const out = await new Deno.Command(program, {
      args: [...args, "--once"],
      signal: AbortSignal.timeout(60_000),
      cwd: "/",
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const records = await readJsonl(join(dir.path, "logs"));
    assert.equal(records[0]?.type, "segment");
    assert.deepEqual(records[0]?.labels, ["beat"]);
  },
});

Deno.test({
  name: "e2e service: status reads the unit and asks systemd; uninstall stops, removes and reloads",
  ignore: !LINUX,
  async fn() {
    await using dir = await tempDir();
    const answers = 'case "$2" in is-enabled) echo enabled;; is-active) echo active;; esac';
    const h = await serviceHome(dir.path, answers);
    const none = await runMimolo(["service", "status"], dir.path, 60_000, h.env);
    assert.match(none.stdout, /^installed: no/m);
    assert.equal(
      (await runMimolo(["service", "install", "-c", h.config], dir.path, 60_000, h.env)).code,
      0,
    );
    const status = await runMimolo(["service", "status"], dir.path, 60_000, h.env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^installed: yes$/m);
    assert.match(status.stdout, /^enabled: {3}yes$/m);
    assert.match(status.stdout, /^running: {3}yes \(enabled, active\)$/m);
    assert.match(status.stdout, new RegExp(`^config: {4}${h.config}$`, "m"));
    assert.match(
      status.stdout,
      new RegExp(`^records: {3}${join(dir.path, "logs")} \\(jsonl\\)$`, "m"),
    );
    assert.match(status.stdout, /^messages: {2}journalctl --user -u mimolo$/m);

    await Deno.remove(join(dir.path, "systemctl.calls"));
    const gone = await runMimolo(["service", "uninstall"], dir.path, 60_000, h.env);
    assert.equal(gone.code, 0, gone.stderr);
    assert.equal(await Deno.stat(h.unit).catch(() => null), null);
    assert.deepEqual(await calls(dir.path), [
      "--user show-environment",
      "--user disable --now mimolo.service",
      "--user show-environment",
      "--user daemon-reload",
    ]);
  },
});

Deno.test({
  name: "e2e service: without a reachable user manager, install prints exactly what to run",
  ignore: !LINUX,
  async fn() {
    await using dir = await tempDir();
    const h = await serviceHome(dir.path);
    await Deno.writeTextFile(
      join(dir.path, "bin", "systemctl"),
      "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n",
    );
    const res = await runMimolo(["service", "install", "-c", h.config], dir.path, 60_000, h.env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      /not reachable from here \(Failed to connect to bus: No medium found\)/,
    );
    assert.match(
      res.stdout,
      /^ {2}systemctl --user daemon-reload\n {2}systemctl --user enable mimolo\.service\n {2}systemctl --user restart mimolo\.service$/m,
    );
    assert.ok(await Deno.stat(h.unit), "the unit is written");
  },
});

Deno.test("e2e service: a config that enables nothing is refused before anything is written", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "mimolo.toml": "[monitor]\n" });
  const res = await runMimolo(["service", "install", "--dry-run"], dir.path, 60_000, {
    XDG_CONFIG_HOME: join(dir.path, "xdg"),
  });
  assert.equal(res.code, 2);
  assert.match(res.stderr, /mimolo\.toml: no plugin is enabled/);
});
