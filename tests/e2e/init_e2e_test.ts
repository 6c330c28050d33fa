import assert from "node:assert/strict";
import { join } from "node:path";
import { runMimolo } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("e2e init: the config it writes is found by every command from anywhere; $MIMOLO_CONFIG and -c come first", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "proj/.keep": "", "other/mimolo.toml": "[monitor]\n" });
  const env = {
    XDG_CONFIG_HOME: join(dir.path, "config"),
    XDG_DATA_HOME: join(dir.path, "data"),
  };
  const written = join(dir.path, "config", "mimolo", "mimolo.toml");
  const init = await runMimolo(["init", "--watch", "proj"], dir.path, 60_000, env);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, new RegExp(`^wrote ${written}$`, "m"));

  const reg = await runMimolo(["register"], join(dir.path, "proj"), 60_000, env);
  assert.equal(reg.code, 0, reg.stderr);
  assert.equal(reg.stdout.split("\n")[0], `config: ${written} (found in the user config folder)`);
  assert.match(reg.stdout, /^folderwatch {2}\[enabled\]/m);
  assert.match(reg.stdout, /^example {2}\[disabled\]/m);

  // Every other command that reads the config says which one it used (report does on a
  // terminal: report_e2e_test.ts).
  const found = `config: ${written} (found in the user config folder)`;
  const proj = join(dir.path, "proj");
  for (
    const [args, stream, line] of [
      [["plugin", "test", "folderwatch", "--polls", "1"], "stderr", `mimolo plugin test: ${found}`],
      [["plugin", "config", "folderwatch"], "stderr", `mimolo plugin config: ${found}`],
      [["plugin", "new", "mine"], "stdout", found],
      ...(Deno.build.os === "linux"
        ? [[["service", "install", "--dry-run"], "stdout", found]]
        : []),
    ] as [string[], "stdout" | "stderr", string][]
  ) {
    const res = await runMimolo(args, proj, 60_000, env);
    assert.equal(res.code, 0, `${args.join(" ")}: ${res.stderr}`);
    assert.ok(res[stream].split("\n").includes(line), `${args.join(" ")}: ${res[stream]}`);
  }

  const other = join(dir.path, "other", "mimolo.toml");
  const viaEnv = await runMimolo(["register"], dir.path, 60_000, { ...env, MIMOLO_CONFIG: other });
  assert.equal(viaEnv.stdout.split("\n")[0], `config: ${other} (from $MIMOLO_CONFIG)`);
  const viaFlag = await runMimolo(["register", "-c", other], dir.path, 60_000, env);
  assert.equal(viaFlag.stdout.split("\n")[0], `config: ${other} (from -c)`);

  const again = await runMimolo(["init"], join(dir.path, "proj"), 60_000, env);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; not overwriting it/);
});

Deno.test("e2e: with no config anywhere, monitor says where it looked and how to enable each plugin", async () => {
  await using dir = await tempDir();
  const res = await runMimolo(["monitor"], dir.path);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /no config file found \(looked for \$MIMOLO_CONFIG, \.\/mimolo\.toml, /);
  assert.match(res.stderr, /create one with "mimolo init"/);
  assert.match(res.stderr, /^mimolo: {3}folderwatch +\[plugins\.folderwatch\] +\(no section\)/m);
  assert.ok(!res.stderr.includes("    at "), "no stack trace");
});
