import { isoWeekday } from "../time/mod.ts";
import type { ReportModel } from "./model.ts";

/** Row markers and strip glyphs without colour, one per key by rank. */
const GLYPHS = ["█", "▓", "▒", "░", "#", "=", "+", "*", "%", "@"];
/** ANSI foreground colours with colour, one per key by rank. */
const COLOURS = [34, 32, 35, 33, 36, 31, 94, 92, 95, 93];
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const HEADINGS = { project: "Project", folder: "Folder", label: "Label", host: "Host", day: "Day" };

/**
 * The terminal report: a header with the window and zone, a table of keys
 * (time as `H:MM`, share, segments) and the total, the standalone events,
 * then a 24-hour strip per day with activity, one cell per 15 minutes
 * (the day's `strip`).
 * With `colour`, keys are told apart by ANSI colours, otherwise by glyphs.
 *
 * @example
 * ```ts
 * const lines = renderText(model, { colour: false });
 * ```
 */
export function renderText(model: ReportModel, options: { colour: boolean }): string[] {
  const mark = marker(model, options.colour);
  const out = [header(model), ""];
  if (model.total_s === 0) {
    out.push("No activity recorded in this window.");
  } else {
    out.push(...table(model, mark));
  }
  if (model.standalone.length > 0) {
    out.push(
      "",
      `Standalone events: ${model.standalone.map((s) => `${s.label} ${s.count}`).join(", ")}`,
    );
  }
  const active = model.days.filter((d) => d.parts > 0);
  if (active.length > 0) {
    // One line per day: "Mon 03-02   5:00 " (17 characters), then the day's 96 cells.
    out.push("", `${" ".repeat(17)}${scale()}`);
    for (const day of active) {
      const cells = day.strip.map((k) => (k === null ? "·" : mark(k))).join("");
      out.push(
        `${dayLabel(day.date).replace(/ \d{4}-/, " ")}  ${hm(day.total_s).padStart(5)} ${cells}`,
      );
    }
  }
  return out;
}

function header(m: ReportModel): string {
  const days = m.days.length;
  const when = m.from === m.to
    ? dayLabel(m.from)
    : `${dayLabel(m.from)} – ${dayLabel(m.to)} (${days} days)`;
  return `MiMoLo report · ${when} · ${m.tz} · by ${m.by}`;
}

function table(m: ReportModel, mark: (key: string) => string): string[] {
  const keyWidth = Math.min(
    60,
    Math.max(HEADINGS[m.by].length, "Total".length, ...m.rows.map((r) => r.key.length)),
  );
  const line = (marker: string, key: string, time: string, share: string, segments: string) =>
    `${marker} ${fit(key, keyWidth)}  ${time.padStart(6)}  ${share.padStart(5)}  ${
      segments.padStart(8)
    }`;
  return [
    line(" ", HEADINGS[m.by], "Time", "Share", "Segments"),
    ...m.rows.map((r) =>
      line(mark(r.key), r.key, hm(r.seconds), percent(r.share), String(r.segments))
    ),
    `  ${"─".repeat(keyWidth + 25)}`,
    line(" ", "Total", hm(m.total_s), "100%", String(m.segments)),
  ];
}

/** The key's marker: a coloured block, or a glyph by its rank. */
function marker(m: ReportModel, colour: boolean): (key: string) => string {
  const rank = new Map(m.rows.map((r, i) => [r.key, i]));
  return (key) => {
    const i = rank.get(key) ?? 0;
    if (!colour) return GLYPHS[i % GLYPHS.length];
    return `\x1b[${COLOURS[i % COLOURS.length]}m█\x1b[0m`;
  };
}

/** Hour labels every three hours over the 96 cells. */
function scale(): string {
  let s = "";
  for (let h = 0; h < 24; h += 3) s += String(h).padEnd(12);
  return s.trimEnd();
}

function dayLabel(date: string): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${date}`;
}

/** Seconds as `H:MM`, to the nearest minute. */
function hm(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

function percent(share: number): string {
  if (share > 0 && share < 0.005) return "<1%";
  return `${Math.round(share * 100)}%`;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}
