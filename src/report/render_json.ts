import type { ReportModel } from "./model.ts";

/**
 * The report as JSON (`--format json`), line by line so a long window is
 * never one huge string: the top level indented, then one row, day head or
 * segment per line, each day's segment parts made only when it is written.
 * Its shape is documented in docs/reports.md. The model must keep its parts
 * (`keepParts`).
 *
 * @example
 * ```ts
 * JSON.parse([...renderJson(model)].join("\n")).total_s;
 * ```
 */
export function* renderJson(model: ReportModel): Generator<string> {
  const { rows, days, standalone, parts, ...head } = model;
  if (parts === null) throw new Error("renderJson: the report was made without its parts");
  yield "{";
  for (const [key, value] of Object.entries(head)) {
    yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`;
  }
  yield* list("rows", rows.map((r) => JSON.stringify(r)), ",");
  yield `  "days": [`;
  for (const [i, day] of days.entries()) {
    const open = JSON.stringify({ date: day.date, total_s: day.total_s, rows: day.rows }).slice(
      0,
      -1,
    );
    const comma = i < days.length - 1 ? "," : "";
    const segments = day.parts === 0 ? [] : parts.of(i);
    if (segments.length === 0) {
      yield `    ${open}, "segments": []}${comma}`;
      continue;
    }
    yield `    ${open}, "segments": [`;
    for (const [j, s] of segments.entries()) {
      yield `      ${JSON.stringify(s)}${j < segments.length - 1 ? "," : ""}`;
    }
    yield `    ]}${comma}`;
  }
  yield "  ],";
  yield* list("standalone", standalone.map((s) => JSON.stringify(s)), "");
  yield "}";
}

function* list(name: string, items: string[], after: string): Generator<string> {
  if (items.length === 0) {
    yield `  ${JSON.stringify(name)}: []${after}`;
    return;
  }
  yield `  ${JSON.stringify(name)}: [`;
  for (const [i, item] of items.entries()) yield `    ${item}${i < items.length - 1 ? "," : ""}`;
  yield `  ]${after}`;
}
