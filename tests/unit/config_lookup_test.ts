import assert from "node:assert/strict";
import { join } from "node:path";
import { initCommand } from "../../src/cli/init_cmd.ts";
import {
  loadConfig,
  loadConfigOrDefault,
  locateConfig,
  type Places,
  userConfigDir,
  userDataDir,
} from "../../src/config/mod.ts";
import { ConfigError } from "../../src/errors.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

function places(cwd: string, vars: Record<string, string>, os: Places["os"] = "linux"): Places {
  return { env: (name) => vars[name], cwd, os };
}

function lines(): {
  out: string[];
  err: string[];
  io: { out(l: string): void; err(l: string): void };
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

Deno.test("config lookup: -c, then $MIMOLO_CONFIG, then ./mimolo.toml, then the user config folder", async () => {
  await using dir = await tempDir();
  const home = join(dir.path, "home");
  const work = join(dir.path, "work");
  await writeFiles(dir.path, {
    "home/.config/mimolo/mimolo.toml": "",
    "work/mimolo.toml": "",
    "env.toml": "",
    "explicit.toml": "",
  });
  const vars = { HOME: home, MIMOLO_CONFIG: join(dir.path, "env.toml") };
  assert.deepEqual(await locateConfig("../explicit.toml", places(work, vars)), {
    path: join(dir.path, "explicit.toml"),
    origin: "--config",
  });
  assert.deepEqual(await locateConfig(undefined, places(work, vars)), {
    path: join(dir.path, "env.toml"),
    origin: "$MIMOLO_CONFIG",
  });
  assert.deepEqual(await locateConfig(undefined, places(work, { HOME: home })), {
    path: join(work, "mimolo.toml"),
    origin: "./mimolo.toml",
  });
  assert.deepEqual(await locateConfig(undefined, places(dir.path, { HOME: home })), {
    path: join(home, ".config", "mimolo", "mimolo.toml"),
    origin: "user config folder",
  });
  const xdg = { HOME: home, XDG_CONFIG_HOME: join(dir.path, "nowhere") };
  assert.equal(await locateConfig(undefined, places(dir.path, xdg)), null, "XDG_CONFIG_HOME wins");
  await assert.rejects(
    () => locateConfig(undefined, places(work, { MIMOLO_CONFIG: "missing.toml" })),
    (err) =>
      err instanceof ConfigError &&
      /\$MIMOLO_CONFIG=missing\.toml: no config file/.test(err.message),
  );
  const loaded = await loadConfigOrDefault(undefined, places(work, { HOME: home }));
  assert.equal(loaded.source, join(work, "mimolo.toml"));
  assert.equal(loaded.origin, "./mimolo.toml");
  assert.equal((await loadConfigOrDefault(undefined, places(dir.path, xdg))).source, null);
});

Deno.test("config lookup: the user's folders on Linux, macOS and Windows", () => {
  const home = { HOME: "/home/me" };
  assert.equal(userConfigDir(places("/", home)), "/home/me/.config/mimolo");
  assert.equal(userDataDir(places("/", home)), "/home/me/.local/share/mimolo");
  assert.equal(
    userConfigDir(places("/", { ...home, XDG_CONFIG_HOME: "relative/ignored" })),
    "/home/me/.config/mimolo",
    "the XDG spec ignores relative paths",
  );
  assert.equal(
    userConfigDir(places("/", { HOME: "/Users/me" }, "darwin")),
    "/Users/me/Library/Application Support/mimolo",
  );
  const win = { APPDATA: "C:\\Users\\me\\AppData\\Roaming", LOCALAPPDATA: "C:\\L" };
  assert.equal(userConfigDir(places("/", win, "windows")), join(win.APPDATA, "mimolo"));
  assert.equal(userDataDir(places("/", win, "windows")), join(win.LOCALAPPDATA, "mimolo"));
  assert.equal(userConfigDir(places("/", {}, "linux")), null);
});

Deno.test("init: writes a config that loads, watches the named folders with exactly their read grant", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "home/src/a/.keep": "", "home/src/b/.keep": "" });
  const home = join(dir.path, "home");
  const p = places(join(home, "src"), { HOME: home });
  const { out, io } = lines();
  assert.equal(await initCommand(["--watch", "a", "--watch", "~/src/b"], io, p), 0);
  const file = join(home, ".config", "mimolo", "mimolo.toml");
  assert.equal(out[0], `wrote ${file}`);
  const config = await loadConfig(file);
  const fw = config.plugins.folderwatch;
  const watched = [join(home, "src", "a"), join(home, "src", "b")];
  assert.deepEqual(fw.custom.watch_dirs, watched);
  assert.deepEqual(fw.permissions.read, watched);
  assert.equal(fw.permissions.write, false);
  assert.equal(fw.permissions.net, false);
  assert.equal(config.plugins.example.enabled, false, "the demo plugin is off");
  assert.equal(config.monitor.logDir, join(home, ".local", "share", "mimolo", "logs"));
  assert.deepEqual(config.monitor.pluginDirs, [join(home, ".config", "mimolo", "plugins")]);
  assert.ok((await Deno.stat(config.monitor.pluginDirs[0])).isDirectory);

  const before = await Deno.readTextFile(file);
  await assert.rejects(
    () => initCommand([], lines().io, p),
    (err) => err instanceof ConfigError && /already exists; not overwriting it/.test(err.message),
  );
  assert.equal(await Deno.readTextFile(file), before, "an existing config is never touched");
});

Deno.test("init: the working folder by default, but never the whole home folder; folders must exist", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "home/proj/.keep": "" });
  const home = join(dir.path, "home");
  await assert.rejects(
    () => initCommand([], lines().io, places(home, { HOME: home })),
    (err) =>
      err instanceof ConfigError && /name the folders you work in with --watch/.test(err.message),
  );
  await assert.rejects(
    () => initCommand(["--watch", "nope"], lines().io, places(home, { HOME: home })),
    (err) =>
      err instanceof ConfigError && /--watch .*nope: not an existing folder/.test(err.message),
  );
  assert.equal(await initCommand([], lines().io, places(join(home, "proj"), { HOME: home })), 0);
  const config = await loadConfig(join(home, ".config", "mimolo", "mimolo.toml"));
  assert.deepEqual(config.plugins.folderwatch.custom.watch_dirs, [join(home, "proj")]);
});
