/**
 * Local time: zones, calendar dates and how times and durations are shown
 * to people. Records stay in UTC; everything people read is local.
 * @module
 */
export { formatDuration, formatOffset, localClock, localIso } from "./format.ts";
export { addDays, isDate, isoWeekday, systemZone, Zone } from "./zone.ts";
