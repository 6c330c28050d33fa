import type { ReportModel } from "./model.ts";

/**
 * The report as CSV (`--format csv`, RFC 4180; the caller ends each line
 * with CRLF): a header row, then one row per (date, key) with activity:
 * `date,key,seconds,segments`.
 *
 * @example
 * ```ts
 * [...renderCsv(model)][0]; // "date,key,seconds,segments"
 * ```
 */
export function* renderCsv(model: ReportModel): Generator<string> {
  yield "date,key,seconds,segments";
  for (const day of model.days) {
    for (const row of day.rows) {
      yield [day.date, field(row.key), String(row.seconds), String(row.segments)].join(",");
    }
  }
}

/** A field quoted when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
