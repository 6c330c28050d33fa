import assert from "node:assert/strict";
import { join } from "node:path";
import { mimoloCommand, readJsonl, runMimolo } from "../helpers/cli.ts";
import { readLedger, writeLedgerSetup } from "../helpers/ledger.ts";
import { tempDir } from "../helpers/temp.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A monitor whose stdout is a pipe nobody reads (its stderr is read, to a string). */
function startWithStuckStdout(dir: string) {
  const [cmd, args] = mimoloCommand(["monitor", "-c", "run.toml"]);
  const child = new Deno.Command(cmd, {
    args,
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const out = { stderr: "" };
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      out.stderr += chunk;
    }
  })();
  return { child, out, reading };
}

/** Events every 2 ms whose console lines (~250 bytes) fill a 64 KiB pipe in a fraction of a second. */
async function setUp(dir: string): Promise<() => string[]> {
  const ledger = await writeLedgerSetup(dir, 0.002, 200);
  return () => readLedger(ledger);
}

/** The values of every segment in the log folder. */
async function recorded(dir: string): Promise<string[]> {
  const records = await readJsonl(join(dir, "logs"));
  return records.flatMap((r) => (r.aggregated as { n?: string[] }).n ?? []);
}

Deno.test(
  "e2e blocked stdout: a pipe nobody reads never holds up the journal; SIGKILL then loses nothing",
  {
    ignore: Deno.build.os === "windows",
  },
  async () => {
    await using dir = await tempDir();
    const ledger = await setUp(dir.path);
    const { child, reading } = startWithStuckStdout(dir.path);
    // ~250 KB of console lines: the 64 KiB pipe has long been full.
    await waitUntil(() => ledger().length >= 1000, "a thousand events");
    child.kill("SIGKILL");
    await child.status;
    await reading;
    await child.stdout.cancel();
    const emitted = ledger();
    const restart = await runMimolo(["monitor", "-c", "restart.toml", "--once"], dir.path);
    assert.equal(restart.code, 0, restart.stderr);
    const values = await recorded(dir.path);
    const missing = emitted.filter((n) => !values.includes(n));
    // At most the event in flight at the kill (in the ledger, not yet journaled).
    assert.ok(
      missing.length === 0 || (missing.length === 1 && missing[0] === emitted.at(-1)),
      `${missing.length} of ${emitted.length} accepted events lost`,
    );
  },
);

Deno.test("e2e blocked stdout: SIGTERM is honoured promptly and the segment is written whole", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  const ledger = await setUp(dir.path);
  const { child, out, reading } = startWithStuckStdout(dir.path);
  await waitUntil(() => ledger().length >= 1000, "a thousand events");
  child.kill("SIGTERM");
  // Generous: the point is that it exits at all (a blocked write ignored SIGTERM for good).
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const status = await child.status;
  clearTimeout(timer);
  await reading;
  await child.stdout.cancel();
  assert.equal(status.signal, null, `killed after ignoring SIGTERM:\n${out.stderr}`);
  assert.equal(status.code, 0, out.stderr);
  assert.match(out.stderr, /console line\(s\) dropped: stdout was not being read/);
  const values = await recorded(dir.path);
  const emitted = ledger();
  assert.deepEqual(emitted.filter((n) => !values.includes(n)), [], "nothing accepted is lost");
});
