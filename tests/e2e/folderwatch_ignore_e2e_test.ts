import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl } from "../helpers/cli.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

/** Runs git in `cwd`; fails the test on a non-zero exit. */
async function git(cwd: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("git", {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: {
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.invalid",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.invalid",
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: cwd,
    },
  }).output();
  const text = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `git ${args.join(" ")}: ${text}`);
}

/** Lines of the monitor's console output that report a folderwatch event. */
const events = (live: LiveMimolo) =>
  (live.stdout + live.stderr).split("\n").filter((l) => l.includes("folderwatch.file_mod"));

Deno.test("e2e folderwatch: in a real git repository only an edit of a tracked file is work", async () => {
  await using dir = await tempDir();
  const repo = join(dir.path, "repo");
  await writeFiles(dir.path, {
    "repo/src/app.ts": "export const a = 1;\n",
    "repo/README.md": "# app\n",
    "repo/.gitignore": "build/\n",
    "repo/node_modules/pkg/index.js": "module.exports = 1;\n",
    "mimolo.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "logs"\n` +
      `[plugins.folderwatch]\npoll_interval_s = 0.2\nwatch_dirs = ["repo"]\nextensions = []\n` +
      `ignore = ["*.scratch"]\n` +
      `[plugins.folderwatch.permissions]\nread = ["repo"]\n`,
  });
  await git(repo, "init", "-q");
  await git(repo, "add", "src", "README.md", ".gitignore");
  await git(repo, "commit", "-q", "-m", "first");
  // Set-up writes are a few seconds old at most; date them back so that nothing counts them.
  const old = new Date(Date.now() - 60_000);
  for (const f of ["src/app.ts", "README.md", ".gitignore"]) {
    await Deno.utime(join(repo, f), old, old);
  }

  const live = new LiveMimolo(["monitor", "--once"], dir.path);
  await live.waitFor(/watch_started: 1 folder\(s\)/);
  await git(repo, "status");
  await git(repo, "commit", "-q", "--allow-empty", "-m", "empty");
  await git(repo, "gc", "-q");
  await Deno.writeTextFile(join(repo, "node_modules", "pkg", "index.js"), "module.exports = 2;\n");
  await Deno.mkdir(join(repo, "node_modules", ".bin"));
  await Deno.writeTextFile(join(repo, "node_modules", ".bin", "tool"), "#!/bin/sh\n");
  await Deno.mkdir(join(repo, "build"));
  await Deno.writeTextFile(join(repo, "build", "app.js"), "var a = 1;\n");
  await Deno.writeTextFile(join(repo, "src", ".app.ts.swp"), "swap");
  await Deno.writeTextFile(join(repo, "src", "app.ts~"), "backup");
  await Deno.writeTextFile(join(repo, "notes.scratch"), "ignored by pattern");
  // Longer than a poll interval plus the cooldown: a segment opened by any of that would be closing.
  await new Promise((r) => setTimeout(r, 2500));
  assert.deepEqual(events(live), [], "none of the above is activity");
  assert.deepEqual(await readJsonl(join(dir.path, "logs")), [], "no segment was written");

  await Deno.writeTextFile(join(repo, "src", "app.ts"), "export const a = 2;\n");
  const status = await live.exit();
  assert.equal(status.code, 0, live.stderr);
  const records = await readJsonl(join(dir.path, "logs"));
  assert.equal(records.length, 1, JSON.stringify(records));
  assert.deepEqual(records[0].aggregated, { folders: [join(repo, "src")] });
  assert.equal(events(live).length, 1, events(live).join("\n"));
  assert.doesNotMatch(live.stderr, /denied|NotCapable|watch_warning/);
});
