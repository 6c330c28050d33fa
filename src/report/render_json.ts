import type { ReportModel } from "./model.ts";

/**
 * The report as JSON (`--format json`): the model itself, pretty-printed;
 * its shape is documented in docs/reports.md.
 *
 * @example
 * ```ts
 * JSON.parse(renderJson(model)).total_s;
 * ```
 */
export function renderJson(model: ReportModel): string {
  return JSON.stringify(model, null, 2);
}
