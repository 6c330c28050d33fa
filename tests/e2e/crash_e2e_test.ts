import assert from "node:assert/strict";
import { hostname } from "node:os";
import { join } from "node:path";
import { LiveMimolo, mimoloCommand, readJsonl, runMimolo } from "../helpers/cli.ts";
import { readLedger, writeLedgerSetup } from "../helpers/ledger.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

const quiet = pluginSource(`{ label: "quiet", pollIntervalS: 1 }`, "return null;");

/** A monitor with one quiet plugin and its log folder in `logs`. */
const QUIET_SETUP = {
  "plugins/quiet.ts": quiet,
  "mimolo.toml": `[monitor]\nlog_dir = "logs"\n[plugins.quiet]\n`,
};

Deno.test("e2e crash: SIGKILL at random points mid-segment loses no accepted event", {
  ignore: Deno.build.os === "windows",
}, async () => {
  for (let trial = 0; trial < 4; trial++) {
    await using dir = await tempDir();
    const ledger = await writeLedgerSetup(dir.path, 0.05);
    const live = new LiveMimolo(["monitor", "-c", "run.toml"], dir.path);
    await waitUntil(() => readLedger(ledger).length >= 3, "the first events");
    await new Promise((r) => setTimeout(r, Math.random() * 800));
    live.child.kill("SIGKILL");
    await live.exit();
    const emitted = readLedger(ledger);

    const restart = await runMimolo(["monitor", "-c", "restart.toml", "--once"], dir.path);
    assert.equal(restart.code, 0, restart.stderr);
    const records = await readJsonl(join(dir.path, "logs"));
    assert.equal(records.length, 1, `trial ${trial}: ${JSON.stringify(records).slice(0, 500)}`);
    const [segment] = records;
    assert.equal(segment.recovered, true);
    const recovered = (segment.aggregated as { n: string[] }).n;
    const missing = emitted.filter((n) => !recovered.includes(n));
    assert.ok(
      missing.length === 0 || (missing.length === 1 && missing[0] === emitted.at(-1)),
      `trial ${trial}: emitted ${emitted.length}, recovered ${recovered.length}, missing ${missing}`,
    );
    assert.deepEqual(recovered, emitted.slice(0, recovered.length), "in order, nothing invented");
    assert.equal((segment.events as unknown[]).length, recovered.length);
  }
});

/**
 * Starts `mimolo args…` as the child of a process that never reaps it (`sleep`,
 * exec'd by the shell that started it), so once killed it stays a zombie, as
 * under a busy parent; returns its pid and the parent to kill at the end.
 */
async function spawnUnreaped(args: string[], cwd: string) {
  const [cmd, cmdArgs] = mimoloCommand(args);
  const parent = new Deno.Command("sh", {
    args: ["-c", '"$@" >>mimolo.log 2>&1 & echo $!; exec sleep 120', "sh", cmd, ...cmdArgs],
    cwd,
    stdout: "piped",
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = parent.stdout.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  await parent.stdout.cancel();
  return { pid: Number(new TextDecoder().decode(value).trim()), parent };
}

/** The process state letter from `/proc/<pid>/stat` (`Z`: zombie), or `null` once it is gone. */
function processState(pid: number): string | null {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/stat`).replace(/^.*\) /s, "")[0];
  } catch {
    return null;
  }
}

Deno.test(
  "e2e lock: SIGKILL then an immediate restart, several rounds: each restart starts, nothing is lost",
  {
    // Reads /proc to hold each killed monitor as a zombie while the next one starts.
    ignore: Deno.build.os !== "linux",
  },
  async () => {
    await using dir = await tempDir();
    const ledger = await writeLedgerSetup(dir.path, 0.02);
    const output = () => Deno.readTextFileSync(join(dir.path, "mimolo.log"));
    const lastBeforeKill: string[] = [];
    const parents: Deno.ChildProcess[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        const before = readLedger(ledger).length;
        const { pid, parent } = await spawnUnreaped(["monitor", "-c", "run.toml"], dir.path);
        parents.push(parent);
        const running = () => processState(pid) !== null && processState(pid) !== "Z";
        await waitUntil(
          () => readLedger(ledger).length >= before + 3 || !running(),
          `round ${round}`,
        );
        assert.ok(running(), `round ${round} did not start:\n${output()}`);
        Deno.kill(pid, "SIGKILL");
        await waitUntil(() => processState(pid) === "Z", "the killed monitor to be a zombie");
        lastBeforeKill.push(readLedger(ledger).at(-1)!);
        // The next round starts at once, while the killed monitor's pid still exists.
      }
    } finally {
      for (const parent of parents) {
        parent.kill("SIGKILL");
        await parent.status;
      }
    }
    const emitted = readLedger(ledger);
    const restart = await runMimolo(["monitor", "-c", "restart.toml", "--once"], dir.path);
    assert.equal(restart.code, 0, restart.stderr);
    const records = await readJsonl(join(dir.path, "logs"));
    const recovered = records.flatMap((r) => (r.aggregated as { n?: string[] }).n ?? []);
    // Only an event in flight at a kill (in the ledger, not yet journaled) may be lost.
    for (const n of emitted.filter((n) => !recovered.includes(n))) {
      assert.ok(lastBeforeKill.includes(n), `lost ${n} of ${emitted.length}:\n${output()}`);
    }
    assert.equal(new Set(recovered).size, recovered.length, "no event recorded twice");
    assert.ok(recovered.every((n) => emitted.includes(n)), "nothing invented");
    assert.ok(recovered.length >= emitted.length - 4, `${recovered.length} of ${emitted.length}`);
  },
);

Deno.test("e2e lock: a lock file naming a live, unrelated process does not block start-up", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    ...QUIET_SETUP,
    // This test runner is alive and is not a monitor: as after a reboot that gave its pid away.
    "logs/.mimolo.lock": JSON.stringify({ pid: Deno.pid, host: hostname(), since: "then" }),
  });
  const live = new LiveMimolo(["monitor"], dir.path);
  await live.waitFor(/monitoring quiet|mimolo: /);
  assert.doesNotMatch(live.stderr, /in use/);
  assert.match(live.stderr, new RegExp(`took over the log folder lock left by pid ${Deno.pid}`));
  const owner = JSON.parse(await Deno.readTextFile(join(dir.path, "logs/.mimolo.lock")));
  assert.equal(owner.pid, live.child.pid, "the lock file now names the running monitor");
  live.child.kill("SIGTERM");
  assert.equal((await live.exit()).code, 0, live.stderr);
});

Deno.test("e2e lock: a second monitor on the same log folder refuses to start", {
  // Stopping it gracefully needs a POSIX signal.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, QUIET_SETUP);
  const first = new LiveMimolo(["monitor"], dir.path);
  await first.waitFor(/monitoring quiet/);
  const second = await runMimolo(["monitor"], dir.path);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /log folder .*logs is in use by another mimolo \(pid \d+/);
  assert.doesNotMatch(second.stderr, /^\s+at /m);
  first.child.kill("SIGTERM");
  assert.equal((await first.exit()).code, 0);
  const third = await runMimolo(["monitor", "--dry-run"], dir.path);
  assert.equal(third.code, 0, "the lock was released");
});

Deno.test(
  "e2e unwritable log: records wait in memory, the error is reported once, all are written when it clears",
  {
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/burst.ts": pluginSource(
        `{ label: "burst", dataHeader: "n", pollIntervalS: 0.1 }`,
        `return this.n++ % 10 < 2 ? this.makeEvent("tick", { n: this.n }) : null;`,
      ),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 0.3\npoll_tick_ms = 50\nlog_dir = "logs"\n` +
        `[plugins.burst]\n`,
    });
    // A folder where today's (and tomorrow's) log file should be makes every write fail.
    const days = [0, 1].map((d) =>
      new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
    );
    for (const day of days) {
      await Deno.mkdir(join(dir.path, "logs", `${day}.mimolo.jsonl`), {
        recursive: true,
      });
    }
    const live = new LiveMimolo(["monitor"], dir.path);
    await live.waitFor(/cannot write the log/);
    // Two more bursts: at least two segments close while the log cannot be written.
    await waitUntil(() => (live.stdout.match(/\[EVENT\]/g)?.length ?? 0) >= 6, "more bursts");
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(live.stderr.match(/cannot write the log/g)?.length, 1, "reported once");
    assert.doesNotMatch(live.stdout, /\[SEGMENT\]/, "nothing written yet");
    for (const day of days) await Deno.remove(join(dir.path, "logs", `${day}.mimolo.jsonl`));
    await live.waitFor(/log writes recovered/, 90_000);
    await live.waitFor(/\[SEGMENT\]/);
    live.child.kill("SIGTERM");
    assert.equal((await live.exit()).code, 0, live.stderr);
    const records = await readJsonl(join(dir.path, "logs"));
    const written = records.length;
    const segmentLines = live.stdout.match(/\[SEGMENT\]/g)?.length ?? 0;
    assert.ok(
      written >= 2,
      `several segments waited and were written: ${written}\n${live.stderr}\n${live.stdout}`,
    );
    assert.equal(written, segmentLines, "every segment reported on the console is in the log");
  },
);
