// Installs MiMoLo's npm dependencies with npm, exactly as package-lock.json pins them, when
// node_modules is missing or was installed from another lockfile. Deno runs with
// `"nodeModulesDir": "manual"` and never downloads packages itself: Deno 2.7.5 trusts only its
// own root certificates, while npm honours the machine's (README, "Why Deno 2.7.5").
// Every deno.json task runs this first; it costs one Node.js start when nothing is to do.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lock = readFileSync(join(root, "package-lock.json"));
const wanted = createHash("sha256").update(lock).digest("hex");
const stamp = join(root, "node_modules", ".mimolo-lock-sha256");
if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) process.exit(0);

const windows = process.platform === "win32";
// npm's report goes to stderr, so a task's stdout stays the command's own output.
const result = spawnSync(windows ? "npm.cmd" : "npm", [
  "ci",
  "--no-audit",
  "--no-fund",
  "--loglevel=error",
], { cwd: root, stdio: ["ignore", 2, 2], shell: windows });
if (result.status !== 0) {
  console.error(
    `npm ci failed (${result.error?.message ?? `exit ${result.status}`}); ` +
      "MiMoLo's npm dependencies are not installed",
  );
  process.exit(result.status || 1);
}
writeFileSync(stamp, wanted + "\n");
