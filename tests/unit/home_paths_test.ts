import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../../src/config/mod.ts";
import { expandHome, resolveUserPath } from "../../src/config/paths.ts";
import { takePermissionFlags } from "../../src/cli/permission_flags.ts";
import { tempDir } from "../helpers/temp.ts";

/** Runs `fn` with `$HOME` set to `home`, restoring it afterwards. */
async function withHome<T>(home: string, fn: () => T | Promise<T>): Promise<T> {
  const before = Deno.env.get("HOME");
  Deno.env.set("HOME", home);
  try {
    return await fn();
  } finally {
    if (before === undefined) Deno.env.delete("HOME");
    else Deno.env.set("HOME", before);
  }
}

Deno.test("~ paths: only a leading ~ alone or before a separator is the home folder", () => {
  assert.equal(expandHome("~", "/home/me"), "/home/me");
  assert.equal(expandHome("~/p/q", "/home/me"), "/home/me/p/q");
  assert.equal(expandHome("~\\p", "C:\\Users\\me"), "C:\\Users\\me\\p");
  for (const kept of ["~bob/x", "./~", "a/~/b", "~~", "/abs/~"]) {
    assert.equal(expandHome(kept, "/home/me"), kept);
  }
  assert.equal(resolveUserPath("~/logs", "/etc/mimolo", "/home/me"), "/home/me/logs");
  assert.equal(resolveUserPath("./~", "/etc/mimolo", "/home/me"), "/etc/mimolo/~");
  assert.equal(resolveUserPath("/var/../srv", "/etc/mimolo", "/home/me"), "/srv");
  assert.throws(() => expandHome("~/x", null), /~\/x: cannot expand "~": the home folder/);
});

Deno.test("~ paths: log_dir, plugin_dirs and permission paths in the config", async () => {
  const c = await withHome("/home/me", () =>
    parseConfig(
      `[monitor]\nlog_dir = "~/mimolo/logs"\nplugin_dirs = ["~", "~/plugins", "./~", "rel"]\n` +
        `[plugins.fw.permissions]\nread = ["~/projects", "src"]\nwrite = ["~"]\n` +
        `run = ["~/bin/tool", "git"]\n`,
      "/etc/mimolo/mimolo.toml",
    ));
  assert.equal(c.monitor.logDir, "/home/me/mimolo/logs");
  assert.deepEqual(c.monitor.pluginDirs, [
    "/home/me",
    "/home/me/plugins",
    "/etc/mimolo/~",
    "/etc/mimolo/rel",
  ]);
  assert.deepEqual(c.plugins.fw.permissions.read, ["/home/me/projects", "/etc/mimolo/src"]);
  assert.deepEqual(c.plugins.fw.permissions.write, ["/home/me"]);
  assert.deepEqual(c.plugins.fw.permissions.run, ["/home/me/bin/tool", "git"]);
});

Deno.test("~ paths: --config and --allow-* flags (shells do not expand ~ after =)", async () => {
  await using home = await tempDir();
  await Deno.writeTextFile(join(home.path, "m.toml"), `[monitor]\nlog_dir = "~/l"\n`);
  const c = await withHome(home.path, () => loadConfig("~/m.toml"));
  assert.equal(c.source, join(home.path, "m.toml"));
  assert.equal(c.monitor.logDir, join(home.path, "l"));

  const { grants, rest } = await withHome("/home/me", () =>
    takePermissionFlags([
      "--allow-read=~/a,~,x/~",
      "--allow-write=~/w",
      "--allow-run=~/bin/t,git",
      "--allow-env=~HOME",
      "--once",
    ]));
  assert.deepEqual(grants.read, ["/home/me/a", "/home/me", "x/~"]);
  assert.deepEqual(grants.write, ["/home/me/w"]);
  assert.deepEqual(grants.run, ["/home/me/bin/t", "git"]);
  assert.deepEqual(grants.env, ["~HOME"], "only paths are expanded");
  assert.deepEqual(rest, ["--once"]);
});
