import type { ReportModel } from "./model.ts";

/**
 * The report as CSV (`--format csv`, RFC 4180): a header row, then one row
 * per (date, key) with activity: `date,key,seconds,segments`.
 *
 * @example
 * ```ts
 * renderCsv(model).split("\n")[0]; // "date,key,seconds,segments"
 * ```
 */
export function renderCsv(model: ReportModel): string {
  const lines = ["date,key,seconds,segments"];
  for (const day of model.days) {
    for (const row of day.rows) {
      lines.push([day.date, field(row.key), String(row.seconds), String(row.segments)].join(","));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** A field quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
