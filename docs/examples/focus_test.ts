/** Tests of focus.ts: `deno test` (it needs no permissions). */
import assert from "node:assert/strict";
import type { SegmentRecord } from "@mimolo/sdk";
import { testPlugin } from "@mimolo/sdk/testing";
import FocusMonitor from "./focus.ts";

/** A segment record as MiMoLo writes it, with these aggregated folders. */
function segment(folders: string[]): SegmentRecord {
  return {
    type: "segment",
    start: "2025-01-06T09:00:00.000Z",
    end: "2025-01-06T09:30:00.000Z",
    duration_s: 1800,
    labels: ["folderwatch"],
    aggregated: { folders },
    resets_count: 12,
    events: [],
  };
}

Deno.test("focus: a segment in more than max_folders folders is flagged once", async () => {
  await using run = await testPlugin(FocusMonitor, { config: { max_folders: 2 } });
  assert.equal(await run.poll(), null);
  await run.plugin.onSegmentClose(segment(["/p/a", "/p/b"]));
  assert.equal(await run.poll(), null);
  await run.plugin.onSegmentClose(segment(["/p/a", "/p/b", "/p/c"]));
  const [flagged, after] = await run.polls(2);
  assert.equal(flagged?.event, "scattered");
  assert.deepEqual(flagged?.data, {
    start: "2025-01-06T09:00:00.000Z",
    end: "2025-01-06T09:30:00.000Z",
    folders: 3,
  });
  assert.equal(after, null);
  await run.stop();
  assert.deepEqual(run.logs.map((l) => l.message), [
    "flagging segments in more than 2 folders",
    "1 of 2 segment(s) flagged",
  ]);
});
