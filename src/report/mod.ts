/**
 * `mimolo report`: log folders → records (streamed) → one report model
 * (pure) → text, JSON, CSV or HTML.
 * @module
 */
import type { ReportBy, ReportModel } from "./model.ts";
import { ProjectResolver, type ProjectSources } from "./projects.ts";
import { readLogRecords, type ReadStats, type SkippedLine } from "./read.ts";
import { renderCsv } from "./render_csv.ts";
import { renderHtml, showsTimelines } from "./render_html.ts";
import { renderJson } from "./render_json.ts";
import { renderText } from "./render_text.ts";
import { Summariser } from "./summarise.ts";
import type { ReportWindow } from "./window.ts";

export { REPORT_BY, type ReportBy, type ReportModel } from "./model.ts";
export { hasVcsMarkerOnDisk, type ProjectSources } from "./projects.ts";
export type { SkippedLine } from "./read.ts";
export { MissingLogDirError } from "./read.ts";
export { renderCsv, renderHtml, renderJson, renderText };
export { type ReportWindow, reportWindow, type WindowChoice, windowDates } from "./window.ts";

/** Output formats of `mimolo report`. */
export const REPORT_FORMATS = ["text", "json", "csv", "html"] as const;
/** A `--format` value. */
export type ReportFormat = typeof REPORT_FORMATS[number];

/** What a report is made from. */
export interface ReportRequest {
  /** Log folders to read. */
  dirs: readonly string[];
  /** The days. */
  window: ReportWindow;
  /** What rows are keyed by. */
  by: ReportBy;
  /** The format it is for: only JSON and HTML's timelines need every segment part kept. */
  format: ReportFormat;
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
 * const { model } = await buildReport({ dirs: ["/logs"], window, by: "project", format: "text", projects, onSkipped });
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
    keepParts: request.format === "json" ||
      (request.format === "html" && showsTimelines(request.window.days.length)),
  });
  const stats = await readLogRecords(
    request.dirs,
    request.window.start,
    request.window.end,
    summary,
    request.onSkipped,
  );
  return { model: summary.finish(), stats };
}

/**
 * The report in `format`, line by line (CSV lines without their CR; HTML in
 * pieces), for the caller to write.
 *
 * @example
 * ```ts
 * for (const line of renderReport(model, "text", { colour: false })) console.log(line);
 * ```
 */
export function renderReport(
  model: ReportModel,
  format: ReportFormat,
  options: { colour: boolean },
): Iterable<string> {
  switch (format) {
    case "text":
      return renderText(model, options);
    case "json":
      return renderJson(model);
    case "csv":
      return renderCsv(model);
    case "html":
      return renderHtml(model);
  }
}
