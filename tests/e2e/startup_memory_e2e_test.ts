import assert from "node:assert/strict";
import { join } from "node:path";
import { startupPeakRss, writeHistory } from "../helpers/history.ts";
import { pluginSource, tempDir, writeFiles } from "../helpers/temp.ts";

/** Size of the log history in the test: big enough to dwarf start-up noise, small enough for CI. */
const HISTORY_BYTES = 96 * 1024 * 1024;

Deno.test("e2e start-up memory: a large log history is not read into memory to repair torn tails", {
  // Reads the peak resident memory from /proc.
  ignore: Deno.build.os !== "linux",
}, async () => {
  const setup = {
    "plugins/quiet.ts": pluginSource(`{ label: "quiet", pollIntervalS: 60 }`, "return null;"),
    "mimolo.toml": `[monitor]\nlog_dir = "logs"\nlog_day = "utc"\n[plugins.quiet]\n`,
  };
  await using empty = await tempDir();
  await writeFiles(empty.path, setup);
  await using full = await tempDir();
  await writeFiles(full.path, setup);
  await Deno.mkdir(join(full.path, "logs"));
  await writeHistory(join(full.path, "logs", "2025-01-01.mimolo.jsonl"), HISTORY_BYTES);

  const baseline = await startupPeakRss(empty.path, /monitoring quiet/);
  const withHistory = await startupPeakRss(full.path, /monitoring quiet/);
  assert.match(
    withHistory.stderr,
    /2025-01-01\.mimolo\.jsonl ended in a torn record; moved its last 31 bytes/,
  );
  const grew = withHistory.peak - baseline.peak;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  // Reading the file whole would add its 96 MiB; reading its end adds next to nothing.
  assert.ok(
    grew < HISTORY_BYTES / 4,
    `peak RSS ${mib(withHistory.peak)} with a ${mib(HISTORY_BYTES)} history, ${
      mib(baseline.peak)
    } without: grew ${mib(grew)}`,
  );
});
