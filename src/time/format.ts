import { systemZone, type Zone } from "./zone.ts";

/**
 * An offset in minutes as `±HH:MM`.
 *
 * @example
 * ```ts
 * formatOffset(-150); // "-02:30"
 * ```
 */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The local wall-clock time of instant `t` in `zone`, with the zone's
 * offset: `HH:MM:SS±HH:MM`.
 *
 * @example
 * ```ts
 * localClock(Date.parse("2026-03-02T08:12:00Z"), new Zone("Europe/Berlin")); // "09:12:00+01:00"
 * ```
 */
export function localClock(t: number, zone: Zone = systemZone()): string {
  return localIso(t, zone).slice(11);
}

/**
 * Instant `t` as ISO-8601 local time with offset, to the second:
 * `YYYY-MM-DDTHH:MM:SS±HH:MM`. Pass `offsetMinutes` when it is known.
 *
 * @example
 * ```ts
 * localIso(Date.parse("2026-03-02T08:12:00Z"), new Zone("Europe/Berlin")); // "2026-03-02T09:12:00+01:00"
 * ```
 */
export function localIso(
  t: number,
  zone: Zone = systemZone(),
  offsetMinutes: number = zone.offsetMinutes(t),
): string {
  const wall = new Date(Math.floor(t / 1000) * 1000 + offsetMinutes * 60_000).toISOString();
  return `${wall.slice(0, 19)}${formatOffset(offsetMinutes)}`;
}

/**
 * Seconds as `H:MM:SS` (hours are not wrapped at 24), rounded down to the second.
 *
 * @example
 * ```ts
 * formatDuration(5700.4); // "1:35:00"
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
