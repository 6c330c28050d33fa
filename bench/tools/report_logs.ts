import { join } from "node:path";
import type { SegmentRecord } from "@mimolo/sdk";
import { addDays } from "../../src/time/mod.ts";

/** How the generated history looks. */
export interface HistoryShape {
  /** Daily files, one per day from 2025-01-01. */
  days: number;
  /** Segments per day. */
  segmentsPerDay: number;
  /** Folders named by each segment. */
  foldersPerSegment: number;
}

/** The benchmark's history: a year of 100 segments a day, 20 folders each. */
export const YEAR: HistoryShape = { days: 365, segmentsPerDay: 100, foldersPerSegment: 20 };

/**
 * Writes a generated history of daily JSONL files (UTC-named, as written
 * with `log_day = "utc"`) into `dir`: each day's segments are 4 minutes
 * long, 5 minutes apart from 08:00 UTC, from folderwatch, naming folders of
 * 8 projects, 10 events each. Returns the first and last date.
 */
export async function writeHistory(
  dir: string,
  shape: HistoryShape,
): Promise<{ first: string; last: string; bytes: number }> {
  await Deno.mkdir(dir, { recursive: true });
  const first = "2025-01-01";
  let bytes = 0;
  for (let d = 0; d < shape.days; d++) {
    const date = addDays(first, d);
    const lines: string[] = [];
    for (let s = 0; s < shape.segmentsPerDay; s++) {
      const start = Date.parse(`${date}T08:00:00.000Z`) + s * 300_000;
      const end = start + 240_000;
      const folders = Array.from(
        { length: shape.foldersPerSegment },
        (_, f) => `/home/me/projects/project-${(s + f) % 8}/src/module-${f}`,
      ).sort();
      const events = Array.from({ length: 10 }, (_, e) => ({
        t: new Date(start + e * 24_000).toISOString(),
        l: "folderwatch",
        e: "file_mod",
      }));
      const record: SegmentRecord = {
        type: "segment",
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        duration_s: 240,
        labels: ["folderwatch"],
        aggregated: { folders },
        resets_count: 9,
        events,
        host: "laptop",
      };
      lines.push(JSON.stringify(record));
    }
    const text = lines.join("\n") + "\n";
    bytes += text.length;
    await Deno.writeTextFile(join(dir, `${date}.mimolo.jsonl`), text);
  }
  return { first, last: addDays(first, shape.days - 1), bytes };
}
