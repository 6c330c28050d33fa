import assert from "node:assert/strict";
import { join } from "node:path";
import { eventId } from "@mimolo/sdk";
import { LiveMimolo, mimoloCommand, readJsonl, runMimolo, SEGMENT_FIELDS } from "../helpers/cli.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A plugin that emits on its first `burst` polls, with items under "items". */
const burstPlugin = (label: string, burst: number, interval = 0.2) =>
  pluginSource(
    `{ label: "${label}", dataHeader: "items", pollIntervalS: ${interval} }`,
    `return this.n++ < ${burst} ? this.makeEvent("tick", { items: ["i" + (this.n % 2)] }) : null;`,
    `static override filterMethod(items: string[][]): string[] { return [...new Set(items.flat())].sort(); }`,
  );

Deno.test("e2e: --once with a one-second cooldown writes one segment, checked field by field", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/burst.ts": burstPlugin("burst", 3),
    "mimolo.toml":
      `[monitor]\ncooldown_seconds = 1\npoll_tick_ms = 50\nlog_dir = "out"\n[plugins.burst]\n`,
  });
  const res = await runMimolo(["monitor", "--once"], dir.path);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /\[SEGMENT\] .* \| Labels: burst \| Events: 3 \| Resets: 2/);
  const records = await readJsonl(join(dir.path, "out"));
  assert.equal(records.length, 1);
  const seg = records[0];
  assert.deepEqual(Object.keys(seg), SEGMENT_FIELDS);
  assert.equal(seg.type, "segment");
  assert.match(seg.start as string, ISO);
  assert.match(seg.end as string, ISO);
  const span = (Date.parse(seg.end as string) - Date.parse(seg.start as string)) / 1000;
  assert.equal(seg.duration_s, span);
  assert.ok(span > 0, "three polls 0.2 s apart");
  assert.deepEqual(seg.labels, ["burst"]);
  assert.deepEqual(seg.aggregated, { items: ["i0", "i1"] });
  assert.equal(seg.resets_count, 2);
  const events = seg.events as { t: string; l: string; e: string }[];
  assert.equal(events.length, 3);
  for (const e of events) {
    assert.deepEqual(Object.keys(e), ["t", "l", "e"]);
    assert.match(e.t, ISO);
    assert.equal(e.l, "burst");
    assert.equal(e.e, "tick");
  }
  assert.equal(events[0].t, seg.start);
  assert.equal(events[2].t, seg.end);
  const date = (seg.end as string).slice(0, 10);
  assert.ok((await Deno.stat(join(dir.path, "out", `${date}.mimolo.jsonl`))).isFile);
});

Deno.test("e2e: an infrequent plugin's event is written at once as a standalone record", {
  // Stopping it gracefully needs a POSIX signal.
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/rare.ts": pluginSource(
      `{ label: "rare", infrequent: true, pollIntervalS: 0.2 }`,
      `return this.n++ === 0 ? this.makeEvent("alert", { level: "high" }) : null;`,
    ),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 60\nlog_dir = "out"\n[plugins.rare]\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path);
  await live.waitFor(/\[STANDALONE\] .* rare\.alert/);
  const records = await readJsonl(join(dir.path, "out"));
  live.child.kill("SIGTERM");
  assert.equal((await live.exit()).code, 0, live.stderr);
  assert.equal(records.length, 1);
  const r = records[0];
  assert.deepEqual(Object.keys(r), ["type", "timestamp", "label", "event", "data", "id", "host"]);
  assert.equal(r.host, Deno.hostname(), "[monitor] host defaults to the machine's name");
  assert.equal(r.type, "event");
  assert.equal(r.label, "rare");
  assert.equal(r.event, "alert");
  assert.deepEqual(r.data, { level: "high" });
  const expectedId = eventId({
    timestamp: new Date(r.timestamp as string),
    label: "rare",
    event: "alert",
    data: { level: "high" },
  });
  assert.equal(r.id, expectedId);
  assert.equal(
    (await readJsonl(join(dir.path, "out"))).length,
    1,
    "no segment for infrequent events",
  );
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`e2e: ${signal} while a segment is open writes it and exits 0`, {
    ignore: Deno.build.os === "windows",
  }, async () => {
    await using dir = await tempDir();
    await writeFiles(dir.path, {
      "plugins/busy.ts": burstPlugin("busy", 1_000_000),
      "mimolo.toml": `[monitor]\ncooldown_seconds = 600\nlog_dir = "out"\n[plugins.busy]\n`,
    });
    const live = new LiveMimolo(["monitor"], dir.path);
    await live.waitFor(/(\[EVENT\][^\n]*\n[^]*){3}/);
    live.child.kill(signal);
    const status = await live.exit();
    assert.equal(status.code, 0, live.stderr);
    const records = await readJsonl(join(dir.path, "out"));
    assert.equal(records.length, 1);
    assert.equal(records[0].type, "segment");
    assert.ok((records[0].events as unknown[]).length >= 3);
  });
}

Deno.test("e2e: two SIGINTs in quick succession still write the segment once", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/busy.ts": burstPlugin("busy", 1_000_000),
    // A slow filter keeps the first shutdown busy while the second signal arrives.
    "plugins/slow.ts": pluginSource(
      `{ label: "slow", dataHeader: "slow", pollIntervalS: 0.2 }`,
      `return this.makeEvent("s", { slow: 1 });`,
      `static override async filterMethod(items: number[]): Promise<number> {
         await new Promise((r) => setTimeout(r, 500));
         return items.length;
       }`,
    ),
    "mimolo.toml":
      `[monitor]\ncooldown_seconds = 600\nlog_dir = "out"\n[plugins.busy]\n[plugins.slow]\n`,
  });
  const live = new LiveMimolo(["monitor"], dir.path);
  await live.waitFor(/(\[EVENT\][^\n]*\n[^]*){4}/);
  live.child.kill("SIGINT");
  live.child.kill("SIGINT");
  const status = await live.exit();
  assert.equal(status.code, 0, live.stderr);
  const records = await readJsonl(join(dir.path, "out"));
  assert.equal(records.length, 1, JSON.stringify(records));
  assert.equal(typeof (records[0].aggregated as Record<string, unknown>).slow, "number");
});

Deno.test("e2e: a closed stdout (mimolo monitor | head) does not stop the monitor", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "plugins/burst.ts": burstPlugin("burst", 5),
    "mimolo.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "out"\n[plugins.burst]\n`,
  });
  const [cmd, args] = mimoloCommand(["monitor", "--once"]);
  const quoted = [cmd, ...args].map((a) => `'${a}'`).join(" ");
  const res = await new Deno.Command("bash", {
    args: ["-c", `${quoted} 2>/dev/null | head -c 5 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`],
    cwd: dir.path,
  }).output();
  assert.match(new TextDecoder().decode(res.stdout), /exit=0/);
  const records = await readJsonl(join(dir.path, "out"));
  assert.equal(records.length, 1);
  assert.equal((records[0].events as unknown[]).length, 5);
});
