import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl, runMimolo } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

Deno.test(
  "e2e log folder deleted while running: recreated with its lock, the open segment keeps every value",
  {
    // Removing a folder that open files live in is refused on Windows.
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    const ledger = join(dir.path, "ledger.txt");
    await writeFiles(dir.path, {
      // Six events 0.3 s apart, then nothing: one segment, open across the deletion.
      "plugins/steady.ts": pluginSource(
        `{ label: "steady", dataHeader: "n", pollIntervalS: 0.3 }`,
        `if (this.n >= 6) return null;
      this.n++;
      Deno.writeTextFileSync(${JSON.stringify(ledger)}, this.n + "\\n", { append: true });
      return this.makeEvent("tick", { n: this.n });`,
      ),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 3\npoll_tick_ms = 50\nlog_dir = "logs"\n` +
        `[plugins.steady]\npermissions = { write = ["./ledger.txt"] }\n`,
    });
    const emitted = () => {
      try {
        return Deno.readTextFileSync(ledger).split("\n").filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    const live = new LiveMimolo(["monitor"], dir.path);
    try {
      await waitUntil(() => emitted().length >= 2, "the first events");
      await Deno.remove(join(dir.path, "logs"), { recursive: true });
      await live.waitFor(/log folder .*logs was deleted while running/);
      // A second monitor must still find the folder taken.
      const second = await runMimolo(["monitor"], dir.path);
      assert.equal(second.code, 1, `a second monitor started:\n${second.stderr}`);
      assert.match(second.stderr, /is in use by another mimolo/);
      await live.waitFor(/\[SEGMENT\]/);
      live.child.kill("SIGTERM");
      assert.equal((await live.exit()).code, 0, live.stderr);
    } finally {
      if (!live.exited) live.child.kill("SIGKILL");
      await live.exit();
    }
    const records = await readJsonl(join(dir.path, "logs"));
    const values = records.flatMap((r) => (r.aggregated as { n?: number[] }).n ?? []);
    assert.deepEqual(values, [1, 2, 3, 4, 5, 6], `${JSON.stringify(records)}\n${live.stderr}`);
    assert.equal(records.length, 1);
  },
);
