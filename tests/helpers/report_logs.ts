import { join } from "node:path";
import type { EventRecord, LogRecord, SegmentRecord } from "@mimolo/sdk";
import { encodeJsonl } from "../../src/sinks/jsonl.ts";
import { encodeMarkdownFile } from "../../src/sinks/markdown.ts";
import { encodeYaml } from "../../src/sinks/yaml.ts";
import { writeFiles } from "./temp.ts";

/** A folderwatch-like segment from `start` to `end` (ISO UTC) naming `folders`. */
export function seg(
  start: string,
  end: string,
  host: string | undefined,
  folders: string[],
  labels = folders.length ? ["folderwatch"] : ["example"],
): SegmentRecord {
  const r: SegmentRecord = {
    type: "segment",
    start,
    end,
    duration_s: (Date.parse(end) - Date.parse(start)) / 1000,
    labels,
    aggregated: folders.length ? { folders } : {},
    resets_count: 1,
    events: [{ t: start, l: labels[0], e: "file_mod" }, { t: end, l: labels[0], e: "file_mod" }],
  };
  if (host !== undefined) r.host = host;
  return r;
}

/** A standalone event at `t`. */
export function standalone(t: string, label: string, host: string): EventRecord {
  return { type: "event", timestamp: t, label, event: "note", data: null, id: t, host };
}

/** Writes `files` (file date → records) into `dir` in `format`. */
export async function writeLogs(
  dir: string,
  format: "jsonl" | "yaml" | "md",
  files: Record<string, LogRecord[]>,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [date, records] of Object.entries(files)) {
    const text = format === "md"
      ? encodeMarkdownFile(date, records)
      : records.map(format === "jsonl" ? encodeJsonl : encodeYaml).join("");
    await Deno.writeTextFile(join(dir, `${date}.mimolo.${format}`), text);
  }
}

/**
 * Two machines' logs of Monday 2026-03-02 in Berlin (UTC+1), hand-written
 * with known answers. "laptop" names its files by local (Berlin) date,
 * "desk" by UTC date, as before 0.2.
 *
 * | id | UTC               | Berlin            | host   | folders              | project(s)     |
 * | S0 | 03-01 23:15–23:45 | 03-02 00:15–00:45 | desk   | work/beta/docs       | beta 1800      |
 * | S1 | 08:00–09:00       | 09:00–10:00       | laptop | work/alpha/src, alpha| alpha 3600     |
 * | S2 | 10:00–10:30       | 11:00–11:30       | laptop | alpha/src, beta/docs | alpha, beta 900 each |
 * | S3 | 12:00–12:20       | 13:00–13:20       | desk   | clients/acme/x       | client 1200 (rule) |
 * | S4 | 13:00–13:10       | 14:00–14:10       | desk   | elsewhere/gamma      | gamma 600 (its name) |
 * | S5 | 14:00–14:15       | 15:00–15:15       | desk   | none (label example) | example 900    |
 * | S6 | 22:30–23:30       | 23:30–00:30 (+1)  | laptop | work/alpha           | alpha 1800 + 1800 next day |
 */
export async function writeReportFixture(
  dir: string,
  format: "jsonl" | "yaml" | "md" = "jsonl",
): Promise<void> {
  const p = (rel: string) => join(dir, rel);
  const S0 = seg("2026-03-01T23:15:00.000Z", "2026-03-01T23:45:00.000Z", "desk", [
    p("work/beta/docs"),
  ]);
  const S1 = seg("2026-03-02T08:00:00.000Z", "2026-03-02T09:00:00.000Z", "laptop", [
    p("work/alpha"),
    p("work/alpha/src"),
  ]);
  const S2 = seg("2026-03-02T10:00:00.000Z", "2026-03-02T10:30:00.000Z", "laptop", [
    p("work/alpha/src"),
    p("work/beta/docs"),
  ]);
  const S3 = seg("2026-03-02T12:00:00.000Z", "2026-03-02T12:20:00.000Z", "desk", [
    p("clients/acme/x"),
  ]);
  const S4 = seg("2026-03-02T13:00:00.000Z", "2026-03-02T13:10:00.000Z", "desk", [
    p("elsewhere/gamma"),
  ]);
  const S5 = seg("2026-03-02T14:00:00.000Z", "2026-03-02T14:15:00.000Z", "desk", []);
  const S6 = seg("2026-03-02T22:30:00.000Z", "2026-03-02T23:30:00.000Z", "laptop", [
    p("work/alpha"),
  ]);
  const outside = seg("2026-03-04T10:00:00.000Z", "2026-03-04T11:00:00.000Z", "laptop", [
    p("work/alpha"),
  ]);
  await writeLogs(p("logs"), format, {
    "2026-03-02": [S1, S2, standalone("2026-03-02T15:00:00.000Z", "alert", "laptop")],
    "2026-03-03": [S6],
    "2026-03-04": [outside],
  });
  await writeLogs(p("desk-logs"), format, { "2026-03-01": [S0], "2026-03-02": [S3, S4, S5] });
  await writeFiles(dir, {
    "work/alpha/.git/HEAD": "ref: refs/heads/main\n",
    "work/alpha/src/main.ts": "",
    "work/beta/docs/x.md": "",
    "clients/acme/x/y": "",
    "elsewhere/gamma/z": "",
    "mimolo.toml":
      `[monitor]\nlog_dir = "logs"\n\n[plugins.folderwatch]\nwatch_dirs = ["work"]\n\n` +
      `[report.projects]\nclient = ["clients/*"]\n`,
  });
}
