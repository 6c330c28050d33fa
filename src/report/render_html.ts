import { colours, dayBars, dayName, dayTimeline, esc, hm } from "./html_parts.ts";
import type { ReportModel } from "./model.ts";

/** Longest window that gets a timeline per day (longer ones: totals and bars). */
export const MAX_TIMELINE_DAYS = 62;
const HEADINGS = { project: "Project", folder: "Folder", label: "Label", host: "Host", day: "Day" };

/**
 * The report as one self-contained web page (`--format html`): inline CSS
 * and SVG and a few lines of script for tooltips, nothing fetched, so it
 * opens offline and can be mailed or shared as it is. It shows the total,
 * the totals table, a stacked bar per day for windows of several days, and
 * a timeline per day with a lane per key (from the model's parts, which it
 * needs for windows of up to {@linkcode MAX_TIMELINE_DAYS} days). Made in
 * pieces, a day's timeline at a time, so the page is never one string.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.html", [...renderHtml(model)].join("\n"));
 * ```
 */
export function* renderHtml(model: ReportModel): Generator<string> {
  const colour = colours(model);
  const when = model.from === model.to
    ? dayName(model.from)
    : `${dayName(model.from)} – ${dayName(model.to)}`;
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mimolo report">
<title>${esc(`MiMoLo · ${when}`)}</title>
<style>${STYLE}</style></head>
<body><main>`;
  yield `<header><h1>When you worked</h1>`;
  yield `<p class="sub">${esc(when)} · ${esc(model.tz)} · by ${model.by}</p>`;
  yield `<p class="total"><span id="total" data-seconds="${model.total_s}">${
    hm(model.total_s)
  }</span>` +
    ` <span class="unit">in ${model.segments} segment${model.segments === 1 ? "" : "s"}` +
    `${standalone(model)}</span></p></header>`;
  const active = model.days.some((d) => d.parts > 0);
  if (model.total_s === 0 && !active) {
    yield `<p class="empty">No activity recorded in this window.</p>`;
  } else {
    yield totals(model, colour);
    if (model.days.length > 1) {
      yield `<section><h2>Per day</h2><div class="scroll">${
        dayBars(model, colour)
      }</div></section>`;
    }
    if (showsTimelines(model.days.length)) {
      if (model.parts === null) {
        throw new Error("renderHtml: the report was made without its parts");
      }
      yield `<section><h2>Timeline</h2>`;
      for (const [i, day] of model.days.entries()) {
        if (day.parts === 0) continue;
        yield `<article class="day" data-date="${day.date}"><h3>${dayName(day.date)}` +
          ` <span class="daytotal">${hm(day.total_s)}</span></h3><div class="scroll">`;
        yield* dayTimeline(day, model.parts.of(i), colour);
        yield `</div></article>`;
      }
      yield `</section>`;
    } else {
      yield `<p class="note">Daily timelines are shown for windows of up to ${MAX_TIMELINE_DAYS} days; ` +
        `this one has ${model.days.length}.</p>`;
    }
  }
  yield `<footer>Made by <code>mimolo report</code> from local log files. Times in ${
    esc(model.tz)
  }.</footer>
</main><div id="tip" role="tooltip" hidden></div>
<script>${SCRIPT}</script></body></html>`;
}

/**
 * Whether the page of a window of `days` days draws a timeline per day
 * (and so needs the model's parts).
 *
 * @example
 * ```ts
 * showsTimelines(31); // true
 * ```
 */
export function showsTimelines(days: number): boolean {
  return days <= MAX_TIMELINE_DAYS;
}

function totals(model: ReportModel, colour: Map<string, string>): string {
  const rows = model.rows.map((r) =>
    `<tr data-key="${esc(r.key)}"><td><span class="sw" style="background:${
      colour.get(r.key)
    }"></span></td>` +
    `<td class="key"${r.root ? ` title="${esc(r.root)}"` : ""}>${esc(r.key)}</td>` +
    `<td class="num time" data-seconds="${r.seconds}">${hm(r.seconds)}</td>` +
    `<td class="share"><span class="meter"><span style="width:${
      (r.share * 100).toFixed(1)
    }%"></span></span>` +
    `<span class="pct">${Math.round(r.share * 100)}%</span></td>` +
    `<td class="num">${r.segments}</td></tr>`
  );
  return `<section><h2>Totals</h2><table id="totals"><thead><tr><th></th><th>${
    HEADINGS[model.by]
  }</th>` +
    `<th class="num">Time</th><th>Share</th><th class="num">Segments</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody><tfoot><tr><td></td><td>Total</td>` +
    `<td class="num time" data-seconds="${model.total_s}">${hm(model.total_s)}</td><td></td>` +
    `<td class="num">${model.segments}</td></tr></tfoot></table></section>`;
}

function standalone(model: ReportModel): string {
  if (model.standalone.length === 0) return "";
  return ` · standalone events: ${
    model.standalone.map((s) => `${esc(s.label)} ${s.count}`).join(", ")
  }`;
}

const STYLE = `
:root{--bg:#fafaf8;--card:#fff;--ink:#1f2328;--muted:#6b7280;--line:#e5e7eb;--grid:#eef0f2;--meter:#d1d5db}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1d2024;--ink:#e6e6e6;--muted:#9aa0a6;--line:#30343a;--grid:#262a2f;--meter:#4b5058}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1020px;margin:0 auto;padding:28px 24px 40px}
h1{font-size:26px;margin:0 0 2px;letter-spacing:-.01em}
h2{font-size:15px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:28px 0 10px}
h3{font-size:15px;margin:14px 0 6px}
.sub{margin:0;color:var(--muted)}
.total{margin:14px 0 0}
#total{font-size:40px;font-weight:650;letter-spacing:-.02em}
.unit{color:var(--muted)}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:4px 18px 14px;margin-top:18px}
table{border-collapse:collapse;width:100%}
th{font-weight:600;color:var(--muted);text-align:left;font-size:13px;padding:6px 8px;border-bottom:1px solid var(--line)}
td{padding:6px 8px;border-bottom:1px solid var(--line)}
tfoot td{font-weight:650;border-bottom:none}
.num{text-align:right;font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:10px;height:10px;border-radius:3px;vertical-align:middle}
.key{overflow-wrap:anywhere}
.share{width:32%}
.meter{display:inline-block;width:70%;height:6px;border-radius:3px;background:var(--grid);vertical-align:middle;overflow:hidden}
.meter span{display:block;height:100%;background:var(--meter)}
.pct{display:inline-block;width:3.5em;text-align:right;color:var(--muted);font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
svg.timeline{display:block;width:100%;height:auto}
.daytotal{color:var(--muted);font-weight:500;margin-left:6px}
svg text{fill:var(--muted);font:12px system-ui,sans-serif}
svg .lane{text-anchor:end;fill:var(--ink)}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .grid.major{stroke:var(--line)}
svg .bar:hover{opacity:.8}
.empty,.note{color:var(--muted)}
footer{margin-top:26px;color:var(--muted);font-size:13px}
#tip{position:fixed;pointer-events:none;background:#111827;color:#f9fafb;font-size:13px;line-height:1.4;padding:8px 10px;border-radius:8px;max-width:480px;white-space:pre-wrap;box-shadow:0 6px 24px rgba(0,0,0,.25);z-index:10}
#tip b{display:block;margin-bottom:2px}
`;

/** Replaces the bars' native tooltips with a styled one that follows the pointer. */
const SCRIPT = `
(function(){var tip=document.getElementById("tip");
document.querySelectorAll("svg .bar").forEach(function(el){var t=el.querySelector("title");if(t){el.setAttribute("data-tip",t.textContent);t.remove();}});
document.addEventListener("pointermove",function(e){var el=e.target.closest&&e.target.closest("[data-tip]");
if(!el){tip.hidden=true;return;}var lines=el.getAttribute("data-tip").split("\\n");tip.textContent="";
var b=document.createElement("b");b.textContent=lines.shift();tip.appendChild(b);tip.appendChild(document.createTextNode(lines.join("\\n")));
tip.hidden=false;var x=Math.min(e.clientX+14,innerWidth-tip.offsetWidth-8),y=e.clientY+16;
if(y+tip.offsetHeight>innerHeight)y=e.clientY-tip.offsetHeight-10;tip.style.left=x+"px";tip.style.top=y+"px";});})();
`;
