import { formatDuration, isoWeekday } from "../time/mod.ts";
import { DAY_MINUTES, placeSegments } from "./day_clock.ts";
import type { ReportDay, ReportModel, ReportSegment } from "./model.ts";

/** Key colours by rank (Tableau 10: distinct, calm, readable on white and dark). */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Text made safe inside HTML and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `Mon 2026-03-02`. */
export function dayName(date: string): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${date}`;
}

/** Seconds as `H:MM`, to the nearest minute. */
export function hm(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The colour of each key, by its rank in the report. */
export function colours(model: ReportModel): Map<string, string> {
  return new Map(model.rows.map((r, i) => [r.key, PALETTE[i % PALETTE.length]]));
}

const LABEL_W = 150;
const PLOT_W = 816; // 34 px an hour
const LANE_H = 24;
const BAR_H = 16;
const AXIS_H = 22;
/** Folders listed in a tooltip; the rest are counted. */
const TIP_FOLDERS = 8;

/**
 * One day's timeline: a lane per key with activity that day, the day's
 * segment parts as bars on a 24-hour axis, and a tooltip per bar (start–end,
 * time, the key's share, host and folders). Made in pieces (the axis, then
 * each segment's bars), so a busy day is never one long string.
 */
export function* dayTimeline(
  day: ReportDay,
  segments: ReportSegment[],
  colour: Map<string, string>,
): Generator<string> {
  const keys = day.rows.map((r) => r.key);
  const height = AXIS_H + keys.length * LANE_H + 6;
  const x = (minutes: number) => LABEL_W + (minutes / DAY_MINUTES) * PLOT_W;
  const parts: string[] = [];
  for (let h = 0; h <= 24; h += 1) {
    const cls = h % 6 === 0 ? "grid major" : "grid";
    parts.push(
      `<line class="${cls}" x1="${x(h * 60)}" x2="${x(h * 60)}" y1="${
        AXIS_H - 4
      }" y2="${height}"/>`,
    );
    if (h % 3 === 0 && h < 24) {
      parts.push(`<text class="hour" x="${x(h * 60) + 3}" y="${AXIS_H - 8}">${pad(h)}:00</text>`);
    }
  }
  keys.forEach((key, lane) => {
    const y = AXIS_H + lane * LANE_H;
    const row = day.rows[lane];
    parts.push(
      `<text class="lane" x="${LABEL_W - 10}" y="${y + LANE_H / 2 + 4}">${
        esc(clip(key, 20))
      }</text>`,
      `<title>${esc(key)}: ${hm(row.seconds)}</title>`,
    );
  });
  yield `<svg class="timeline" viewBox="0 0 ${LABEL_W + PLOT_W + 10} ${height}" ` +
    `shape-rendering="crispEdges" ` +
    `role="img" aria-label="${esc(`Timeline of ${dayName(day.date)}`)}">${parts.join("")}`;
  for (const { segment, from, to } of placeSegments(day.date, segments)) {
    const about = esc(tip(segment));
    let bars = "";
    for (const key of segment.keys) {
      const lane = keys.indexOf(key);
      if (lane < 0) continue;
      const y = AXIS_H + lane * LANE_H + (LANE_H - BAR_H) / 2;
      const width = Math.max(2, x(to) - x(from));
      bars += `<rect class="bar" x="${x(from).toFixed(2)}" y="${y}" width="${width.toFixed(2)}" ` +
        `height="${BAR_H}" rx="3" fill="${colour.get(key)}" data-key="${esc(key)}">` +
        `<title>${esc(key)}\n${about}</title></rect>`;
    }
    yield bars;
  }
  yield "</svg>";
}

/** A bar's tooltip below its key: start–end, time (and each key's share), plugins, host, folders. */
function tip(s: ReportSegment): string {
  const k = s.keys.length;
  const lines = [
    `${s.start.slice(11, 16)}–${
      s.end.slice(0, 10) > s.start.slice(0, 10) ? "24:00" : s.end.slice(11, 16)
    }` +
    ` · ${formatDuration(s.seconds)}${
      k > 1 ? ` (shared by ${k} keys: ${hm(s.seconds / k)} each)` : ""
    }`,
    `${s.labels.join(", ")} on ${s.host}`,
    ...s.folders.slice(0, TIP_FOLDERS),
  ];
  if (s.folders.length > TIP_FOLDERS) {
    lines.push(`… and ${s.folders.length - TIP_FOLDERS} more folders`);
  }
  return lines.join("\n");
}

const BAR_W = 28;
const CHART_H = 180;

/** For a window of several days: one stacked bar per day, a band per key. */
export function dayBars(model: ReportModel, colour: Map<string, string>): string {
  const most = Math.max(3600, ...model.days.map((d) => d.total_s));
  const hours = Math.ceil(most / 3600);
  const step = model.days.length > 40 ? 6 : model.days.length > 14 ? 10 : BAR_W + 12;
  const width = 50 + model.days.length * step;
  const y = (s: number) => 10 + CHART_H - (s / (hours * 3600)) * CHART_H;
  const parts: string[] = [];
  for (let h = 0; h <= hours; h += Math.max(1, Math.ceil(hours / 6))) {
    parts.push(
      `<line class="grid" x1="40" x2="${width}" y1="${y(h * 3600)}" y2="${y(h * 3600)}"/>`,
      `<text class="hour" x="34" y="${y(h * 3600) + 4}" text-anchor="end">${h}h</text>`,
    );
  }
  model.days.forEach((day, i) => {
    const x = 46 + i * step;
    let base = 0;
    for (const row of day.rows) {
      const top = y(base + row.seconds);
      parts.push(
        `<rect class="bar" x="${x}" y="${top.toFixed(2)}" width="${step - 4}" ` +
          `height="${(y(base) - top).toFixed(2)}" fill="${colour.get(row.key)}" data-key="${
            esc(row.key)
          }">` +
          `<title>${esc(`${dayName(day.date)}\n${row.key}: ${hm(row.seconds)}`)}</title></rect>`,
      );
      base += row.seconds;
    }
    if (step >= 20 || i % 7 === 0) {
      parts.push(
        `<text class="date" x="${x + (step - 4) / 2}" y="${CHART_H + 26}" text-anchor="middle">${
          day.date.slice(5)
        }</text>`,
      );
    }
  });
  return `<svg class="bars" viewBox="0 0 ${width} ${CHART_H + 34}" width="${width}" ` +
    `height="${CHART_H + 34}" shape-rendering="crispEdges" role="img" aria-label="Time per day">${
      parts.join("")
    }</svg>`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-(max - 1))}`;
}
