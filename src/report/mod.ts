/**
 * `mimolo report`: log folders → records (streamed) → one report model
 * (pure) → text, JSON, CSV or HTML.
 * @module
 */
import type { ReportBy, ReportModel } from "./model.ts";
import { ProjectResolver, type ProjectSources } from "./projects.ts";
import { readLogRecords, type ReadStats, type SkippedLine } from "./read.ts";
import { Summariser } from "./summarise.ts";
import type { ReportWindow } from "./window.ts";

export { REPORT_BY, type ReportBy, type ReportModel } from "./model.ts";
export { hasVcsMarkerOnDisk, type ProjectSources } from "./projects.ts";
export type { SkippedLine } from "./read.ts";
export { renderCsv } from "./render_csv.ts";
export { renderHtml } from "./render_html.ts";
export { renderJson } from "./render_json.ts";
export { renderText } from "./render_text.ts";
export { type ReportWindow, reportWindow, type WindowChoice, windowDates } from "./window.ts";

/** What a report is made from. */
export interface ReportRequest {
  /** Log folders to read. */
  dirs: readonly string[];
  /** The days. */
  window: ReportWindow;
  /** What rows are keyed by. */
  by: ReportBy;
  /** Where folders' projects come from. */
  projects: ProjectSources;
  /** Told about every line that is not a record. */
  onSkipped: (skipped: SkippedLine) => void;
}

/**
 * Reads the log folders and summarises the window.
 *
 * @example
 * ```ts
 * const { model } = await buildReport({ dirs: ["/logs"], window, by: "project", projects, onSkipped });
 * ```
 */
export async function buildReport(
  request: ReportRequest,
): Promise<{ model: ReportModel; stats: ReadStats }> {
  const resolver = new ProjectResolver(request.projects);
  const summary = new Summariser({
    window: request.window,
    by: request.by,
    projectOf: (folder) => resolver.of(folder),
  });
  const stats = await readLogRecords(
    request.dirs,
    request.window.start,
    request.window.end,
    (record) => summary.add(record),
    request.onSkipped,
  );
  return { model: summary.finish(), stats };
}
