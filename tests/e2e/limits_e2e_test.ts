import assert from "node:assert/strict";
import { join } from "node:path";
import { LiveMimolo, readJsonl } from "../helpers/cli.ts";
import { EVENT_CREDIT } from "../../src/plugins/credit.ts";
import { waitUntil } from "../helpers/wait.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

Deno.test("e2e limits: an infrequent flood is bounded; another plugin's segment is written meanwhile; SIGTERM writes every accepted event and exits 0", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/flood.ts": pluginSource(
      `{ label: "flood", infrequent: true, pollIntervalS: 0.001 }`,
      // Large enough that writing (and syncing) one takes longer than a poll.
      `return this.makeEvent("tick", { n: ++this.n, pad: "x".repeat(30_000) });`,
    ),
    "plugins/work.ts": pluginSource(
      `{ label: "work", dataHeader: "n", pollIntervalS: 0.1 }`,
      `return this.n++ < 2 ? this.makeEvent("w", { n: this.n }) : null;`,
    ),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "out"\n` +
      `[plugins.flood]\n[plugins.work]\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path);
  // The segment closes 0.5 s after work's last event, while the flood goes on.
  await live.waitFor(/\[SEGMENT\] .* Labels: work \|/, 30_000);
  const written = () => live.stdout.match(/^\[STANDALONE\] /gm)?.length ?? 0;
  await waitUntil(() => written() >= 300 || live.exited, "300 standalone records", 30_000);
  live.child.kill("SIGTERM");
  const status = await live.exit(30_000);
  assert.equal(status.code, 0, live.stderr);
  assert.doesNotMatch(live.stderr, /could not be written|ERROR/);

  const records = await readJsonl(join(dir.path, "out")); // every line parses
  const segments = records.filter((r) => r.type === "segment");
  assert.deepEqual(segments.map((s) => s.labels), [["work"]]);
  const ticks = records.filter((r) => r.type === "event").map((r) => (r.data as { n: number }).n);
  const accepted = live.stdout.match(/^\[EVENT\] .* \| flood\.tick \|/gm)?.length ?? 0;
  assert.ok(accepted > 300, `${accepted} events accepted`);
  // The console shows each event as it is accepted and each record once it is written, in order.
  let unwritten = 0;
  let mostUnwritten = 0;
  for (const line of live.stdout.split("\n")) {
    if (/^\[EVENT\] .* \| flood\.tick \|/.test(line)) {
      mostUnwritten = Math.max(mostUnwritten, ++unwritten);
    } else if (/^\[STANDALONE\] .* \| flood\.tick \|/.test(line)) unwritten--;
  }
  assert.ok(
    mostUnwritten <= EVENT_CREDIT,
    `at most ${EVENT_CREDIT} wait: ${mostUnwritten} did`,
  );
  assert.deepEqual(
    ticks,
    Array.from({ length: accepted }, (_, i) => i + 1),
    "every accepted event is in the log once, in order, none skipped",
  );
});

Deno.test("e2e limits: a 20 MB event id and a worker stuck in a timer between polls are each their plugin's failure, backing off", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/hugeid.ts": pluginSource(
      `{ label: "hugeid", infrequent: true, pollIntervalS: 0.2 }`,
      `return { ...this.makeEvent("big"), id: "x".repeat(20_000_000) };`,
    ),
    "plugins/stuck.ts": pluginSource(
      `{ label: "stuck", pollIntervalS: 0.1 }`,
      // From its second poll on (inside the worker's own loop), it returns at once and then
      // blocks its worker outside any poll.
      `if (this.n++ > 0) setTimeout(() => { while (true) {} }, 0);
    return null;`,
    ),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 0.5\nlog_dir = "out"\n` +
      `[plugins.hugeid]\n[plugins.stuck]\ntimeout_s = 0.5\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path);
  await live.waitFor(/plugin hugeid: .*\(failure 4;/, 60_000);
  await live.waitFor(/plugin stuck: .*\(failure 2;/, 60_000);
  live.child.kill("SIGTERM");
  const status = await live.exit(30_000);
  assert.equal(status.code, 0, live.stderr);
  const lines = live.stderr.split("\n");
  const of = (label: string) =>
    lines.filter((l) => l.includes(`plugin ${label}:`) && !l.endsWith(": recovered"));
  // An always-invalid event backs off (1, 2, 4, 8 s), never "recovered" in between.
  assert.deepEqual(
    of("hugeid").slice(0, 4).map((l) => l.replace(/^.*\] /, "")),
    [1, 2, 3, 4].map((n) =>
      `plugin hugeid: event.id is 20000000 characters long; at most 200 ` +
      `(failure ${n}; quarantined, next poll in ${2 ** (n - 1)}s)`
    ),
  );
  assert.ok(live.stderr.length < 20_000, "the id is never printed");
  assert.deepEqual(
    of("stuck").slice(0, 2).map((l) => l.replace(/^.*\] /, "")),
    [1, 2].map((n) =>
      "plugin stuck: polling stopped: its worker started no poll for 2.6s: it is stuck between " +
      "polls (in a timer callback or nextActivity(), say); worker terminated " +
      `(failure ${n}; quarantined, next poll in ${n}s)`
    ),
  );
  assert.ok(!lines.some((l) => l.endsWith("plugin hugeid: recovered")), live.stderr);
});
