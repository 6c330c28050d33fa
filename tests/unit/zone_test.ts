import assert from "node:assert/strict";
import {
  addDays,
  formatDuration,
  formatOffset,
  isDate,
  isoWeekday,
  localClock,
  localIso,
  Zone,
} from "../../src/time/mod.ts";

const t = (iso: string) => Date.parse(iso);

Deno.test("zone: offsets and local dates follow daylight saving", () => {
  const berlin = new Zone("Europe/Berlin");
  assert.equal(berlin.offsetMinutes(t("2026-01-15T12:00:00Z")), 60);
  assert.equal(berlin.offsetMinutes(t("2026-07-15T12:00:00Z")), 120);
  assert.equal(berlin.dateOf(t("2026-03-01T22:59:59Z")), "2026-03-01");
  assert.equal(berlin.dateOf(t("2026-03-01T23:00:00Z")), "2026-03-02");
  assert.equal(new Zone("Asia/Kathmandu").offsetMinutes(t("2026-01-01T00:00:00Z")), 345);
  assert.equal(new Zone("America/St_Johns").offsetMinutes(t("2026-01-01T00:00:00Z")), -210);
});

Deno.test("zone: a day starts at local midnight; DST days are 23 or 25 hours long", () => {
  const ny = new Zone("America/New_York");
  assert.equal(ny.dayStart("2026-03-08"), t("2026-03-08T05:00:00Z"));
  assert.equal(ny.dayStart("2026-03-09") - ny.dayStart("2026-03-08"), 23 * 3_600_000);
  assert.equal(ny.dayStart("2026-11-02") - ny.dayStart("2026-11-01"), 25 * 3_600_000);
  assert.equal(new Zone("UTC").dayStart("2026-03-08"), t("2026-03-08T00:00:00Z"));
  assert.equal(new Zone("Pacific/Kiritimati").dayStart("2026-03-08"), t("2026-03-07T10:00:00Z"));
});

Deno.test("zone: where DST skips midnight the day starts at 01:00", () => {
  // Chile (America/Santiago) moves from -04 to -03 at local midnight in early September.
  const santiago = new Zone("America/Santiago");
  const start = santiago.dayStart("2026-09-06");
  assert.equal(start, t("2026-09-06T04:00:00Z"));
  assert.equal(localIso(start, santiago), "2026-09-06T01:00:00-03:00");
  assert.equal(santiago.dateOf(start - 1), "2026-09-05");
});

Deno.test("zone: an unknown zone is a RangeError", () => {
  assert.throws(() => new Zone("Mars/Olympus"), RangeError);
});

Deno.test("time: calendar helpers and formats", () => {
  assert.equal(isDate("2026-02-28"), true);
  assert.equal(isDate("2026-02-29"), false);
  assert.equal(isDate("2024-02-29"), true);
  assert.equal(isDate("2026-2-1"), false);
  assert.equal(addDays("2026-02-28", 1), "2026-03-01");
  assert.equal(addDays("2026-01-01", -1), "2025-12-31");
  assert.equal(isoWeekday("2026-03-02"), 1);
  assert.equal(isoWeekday("2026-03-08"), 7);
  assert.equal(formatOffset(-150), "-02:30");
  assert.equal(formatOffset(0), "+00:00");
  assert.equal(formatDuration(5700.9), "1:35:00");
  assert.equal(formatDuration(90_000), "25:00:00");
  const tokyo = new Zone("Asia/Tokyo");
  assert.equal(localClock(t("2026-03-02T15:30:05.900Z"), tokyo), "00:30:05+09:00");
  assert.equal(localIso(t("2026-03-02T15:30:05Z"), tokyo), "2026-03-03T00:30:05+09:00");
});
