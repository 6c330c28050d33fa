import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo } from "../helpers/cli.ts";
import { canMount, run } from "../helpers/mount.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

/** Every line of every JSONL file in `dir`: all must be complete JSON records. */
function jsonlLines(dir: string): string[] {
  const lines: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (!e.name.endsWith(".jsonl")) continue;
    const text = Deno.readTextFileSync(join(dir, e.name));
    assert.ok(
      text === "" || text.endsWith("\n"),
      `${e.name} ends in a fragment: …${text.slice(-80)}`,
    );
    lines.push(...text.split("\n").filter(Boolean));
  }
  return lines;
}

/** Fills the file system of `dir` with `filler`, then frees `freeBytes` of it. */
function fillLeaving(filler: string, freeBytes: number): void {
  const chunk = new Uint8Array(4096);
  using file = Deno.openSync(filler, { write: true, create: true });
  try {
    for (;;) file.writeSync(chunk);
  } catch (err) {
    if (!(err instanceof Error && /No space left/i.test(err.message))) throw err;
  }
  file.truncateSync(Math.max(0, file.statSync().size - freeBytes));
}

Deno.test({
  name:
    "e2e full disk: a write that fails part-way leaves no fragment; every line is a whole record and nothing is lost once space returns",
  // Mounts a small tmpfs as the log folder: needs Linux, root and the right to mount.
  ignore: !canMount((dir) => ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], "dir"),
  fn: async () => {
    await using dir = await tempDir();
    const logs = join(dir.path, "logs");
    const ledger = join(dir.path, "ledger.txt");
    await Deno.mkdir(logs);
    run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", logs);
    let live: LiveMimolo | null = null;
    try {
      // Bursts of 3 events of ~3 KB each, so a segment record (~10 KB) spans several pages.
      await writeFiles(dir.path, {
        "plugins/fat.ts": pluginSource(
          `{ label: "fat", dataHeader: "blob", pollIntervalS: 0.05 }`,
          `this.n++;
          if (this.n % 12 >= 3) return null;
          const id = this.run + "-" + this.n;
          Deno.writeTextFileSync(${JSON.stringify(ledger)}, id + "\\n", { append: true });
          return this.makeEvent("tick", { blob: { id, pad: "x".repeat(3000) } });`,
          `run = crypto.randomUUID().slice(0, 8);`,
        ),
        "mimolo.toml": `[monitor]\ncooldown_seconds = 0.2\npoll_tick_ms = 50\nlog_dir = "logs"\n` +
          `journal_fsync_ms = 0\n[plugins.fat]\npermissions = { write = ["./ledger.txt"] }\n`,
      });
      const monitor = live = new LiveMimolo(["monitor"], dir.path);
      const count = (pattern: RegExp) => monitor.stdout.match(pattern)?.length ?? 0;
      await monitor.waitFor(/\[SEGMENT\]/);
      // Less room than one record: the next records are cut off by the full disk part-way.
      const filler = join(logs, "filler");
      fillLeaving(filler, 6 * 1024);
      await monitor.waitFor(/cannot write the log/);
      const events = count(/\[EVENT\]/g);
      await waitUntil(() => count(/\[EVENT\]/g) >= events + 6, "more bursts on the full disk");
      for (const line of jsonlLines(logs)) JSON.parse(line);
      await Deno.remove(filler);
      await monitor.waitFor(/log writes recovered/, 90_000);
      const segments = count(/\[SEGMENT\]/g);
      await waitUntil(() => count(/\[SEGMENT\]/g) > segments, "a segment after recovery");
      monitor.child.kill("SIGTERM");
      assert.equal((await monitor.exit()).code, 0, monitor.stderr);
      const records = jsonlLines(logs).map((line) => JSON.parse(line));
      const written = records.flatMap((r) =>
        (r.aggregated?.blob ?? []).map((b: { id: string }) => b.id)
      );
      const emitted = Deno.readTextFileSync(ledger).split("\n").filter(Boolean);
      assert.deepEqual([...written].sort(), [...emitted].sort(), "every event exactly once");
    } finally {
      if (live && !live.exited) live.child.kill("SIGKILL");
      await live?.exit();
      run("umount", logs);
    }
  },
});
