import assert from "node:assert/strict";
import { join } from "node:path";
import { runMimolo } from "../helpers/cli.ts";
import { colourRuns, decodePng, type Run } from "../helpers/png.ts";
import { writeReportFixture } from "../helpers/report_logs.ts";
import { tempDir } from "../helpers/temp.ts";

/** A headless Chromium or Chrome: Debian's `chromium` (`.ci/run` installs it), else Chrome. */
function findBrowser(): string | null {
  const candidates = [
    Deno.env.get("CHROMIUM"),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  ];
  for (const path of candidates) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not this one
    }
  }
  return null;
}

const BROWSER = findBrowser();

/** Runs the browser headless on a local file: root needs --no-sandbox; the network is closed. */
async function browse(file: string, profile: string, extra: string[]): Promise<string> {
  const out = await new Deno.Command(BROWSER!, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-extensions",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      `--user-data-dir=${profile}`,
      ...extra,
      `file://${file}`,
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `browser failed: ${stderr}`);
  return new TextDecoder().decode(out.stdout);
}

/** The longest run of each bar (runs whose starts are within 3 px are one bar), left to right. */
function bars(runs: Run[], minLength: number): { x: number; length: number }[] {
  const found: { x: number; length: number }[] = [];
  for (const r of runs.filter((r) => r.length >= minLength).sort((a, b) => a.x - b.x)) {
    const last = found.at(-1);
    if (last && r.x - last.x <= 3) last.length = Math.max(last.length, r.length);
    else found.push({ x: r.x, length: r.length });
  }
  return found;
}

Deno.test({
  name:
    "report html in headless Chromium: DOM holds keys and totals; the screenshot shows the bars where they belong",
  // On Linux the browser is required (.ci/run installs Debian's chromium); elsewhere Chrome is used if present.
  ignore: BROWSER === null && Deno.build.os !== "linux",
  fn: async () => {
    assert.ok(BROWSER, "no chromium found: apt-get install chromium (.ci/run does it)");
    await using dir = await tempDir();
    await writeReportFixture(dir.path);
    const html = join(dir.path, "report.html");
    const res = await runMimolo(
      [
        "report",
        "--day",
        "2026-03-02",
        "--tz",
        "Europe/Berlin",
        "--logs",
        "logs",
        "--logs",
        "desk-logs",
        "--format",
        "html",
        "-o",
        html,
      ],
      dir.path,
    );
    assert.equal(res.code, 0, res.stderr);
    const page = await Deno.readTextFile(html);
    assert.doesNotMatch(page, /https?:\/\/|<link|src=/, "self-contained: nothing to fetch");

    const dom = await browse(html, join(dir.path, "profile"), ["--dump-dom"]);
    assert.match(dom, /<span id="total" data-seconds="11700">3:15<\/span>/);
    const expected = {
      alpha: "1:45",
      beta: "0:45",
      client: "0:20",
      example: "0:15",
      gamma: "0:10",
    };
    for (const [key, time] of Object.entries(expected)) {
      const row = new RegExp(`<tr data-key="${key}">.*?</tr>`).exec(dom)?.[0];
      assert.ok(row, `a totals row for ${key}`);
      assert.match(row, new RegExp(`<td class="num time" data-seconds="\\d+">${time}</td>`), key);
    }
    assert.match(
      dom,
      /<tfoot><tr><td><\/td><td>Total<\/td><td class="num time" data-seconds="11700">3:15<\/td>/,
    );
    // The script moved each bar's tooltip into data-tip: start–end, time, host and folders.
    const tip = /data-key="alpha" data-tip="([^"]*)"/.exec(dom)?.[1];
    assert.ok(tip, "the tooltip script ran");
    assert.match(
      tip,
      /^alpha\n09:00–10:00 · 1:00:00\nfolderwatch on laptop\n.*work\/alpha\n.*work\/alpha\/src$/,
    );

    const png = join(dir.path, "shot.png");
    await browse(html, join(dir.path, "profile"), [
      "--window-size=1100,1000",
      `--screenshot=${png}`,
    ]);
    const image = await decodePng(await Deno.readFile(png));
    const alpha = bars(colourRuns(image, "#4e79a7"), 12);
    const beta = bars(colourRuns(image, "#f28e2b"), 12);
    const client = bars(colourRuns(image, "#e15759"), 5);
    // alpha: 09:00–10:00, 11:00–11:30, 23:30–24:00; beta: 00:15–00:45, 11:00–11:30; client 13:00–13:20.
    assert.equal(alpha.length, 3, JSON.stringify(alpha));
    assert.equal(beta.length, 2, JSON.stringify(beta));
    // The scale from the two bars furthest apart (00:15 and 23:30); every other bar must fit it.
    const perMinute = (alpha[2].x - beta[0].x) / (23.5 * 60 - 15);
    assert.ok(perMinute > 0.4, `${perMinute} px a minute`);
    const midnight = beta[0].x - 15 * perMinute;
    const near = (actual: number, minutes: number, what: string) =>
      assert.ok(
        Math.abs(actual - (midnight + minutes * perMinute)) <= 3,
        `${what} at x=${actual}, expected ${(midnight + minutes * perMinute).toFixed(1)}`,
      );
    near(alpha[0].x, 9 * 60, "alpha 09:00");
    near(alpha[1].x, 11 * 60, "alpha 11:00");
    near(beta[1].x, 11 * 60, "beta 11:00");
    // The legend's 10 px swatches are left of the timeline: only bars right of midnight count.
    const clientBar = client.find((b) => b.x >= midnight - 3)!;
    near(clientBar.x, 13 * 60, "client 13:00");
    const sized: [{ length: number }, number][] = [
      [alpha[0], 60],
      [alpha[1], 30],
      [alpha[2], 30],
      [beta[0], 30],
      [clientBar, 20],
    ];
    for (const [bar, minutes] of sized) {
      assert.ok(
        Math.abs(bar.length - minutes * perMinute) <= 3,
        `a ${minutes}-minute bar is ${bar.length} px, expected ${(minutes * perMinute).toFixed(1)}`,
      );
    }
  },
});
