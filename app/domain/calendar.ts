// All day arithmetic lives here. A deadline is a promise about days as the operator's office
// reads them: days in the operator's time zone, with weekends, public holidays and the officer's
// own closures off. The domain never reads the clock or a holiday library; the calendar is a
// value passed in like `now` (see ADR 011).

import { remembered } from "./remembered";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A civil day in the operator's zone, as a count of days since 1970-01-01 (a Thursday). */
export type Day = number;

/** ISO "YYYY-MM-DD", the form days take in settings, stored computations and holiday lists. */
export type IsoDay = string;

export interface OperatorCalendar {
  /** IANA zone, e.g. America/New_York. */
  zone: string;
  /** "HH:MM" in the zone: a complaint received at or after this minute counts as received the next working day. */
  cutoff: string;
  /** The public holidays of a year (observed dates), by ISO day; from date-holidays in the models. */
  holidays(year: number): ReadonlyMap<IsoDay, string>;
  /** Days the officer closed the office, by ISO day, with the reason shown in explanations. */
  closures: ReadonlyMap<IsoDay, string>;
  /** The U.S. state whose holidays count besides the federal ones (to name them in another language); absent where unknown. */
  holidayState?: string | null;
}

const NO_DAYS: ReadonlyMap<IsoDay, string> = new Map();

/**
 * The operator's default office (America/New_York, 17:00 cut-off) with weekends only. The models
 * always pass the calendar built from settings (holidays included); this is the fallback for
 * callers that count nothing.
 */
export const WEEKENDS_ONLY_CALENDAR: OperatorCalendar = {
  zone: "America/New_York",
  cutoff: "17:00",
  holidays: () => NO_DAYS,
  closures: NO_DAYS,
};

// ---- days and instants ---------------------------------------------------------------------

export function isoDay(day: Day): IsoDay {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayFromIso(iso: IsoDay): Day {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The years a day in this product may fall in (closures, steps taken outside): anything else is a typo. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

/** A real calendar day written YYYY-MM-DD (not 30 February), from FIRST_YEAR to LAST_YEAR. */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  return !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && isoDay(dayFromIso(text)) === text;
}

/** An instant written as toISOString() does (YYYY-MM-DDTHH:MM:SS, optional fraction, Z) that exists: no 31 April, no hour 24. */
export function isIsoInstant(text: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/.exec(text);
  return m !== null && isIsoDay(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
}

/** 0 Sunday … 6 Saturday. */
export function weekday(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows the zone; settings validate with this. */
export function isTimeZone(zone: string): boolean {
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `zone` at `instant`: the day and the minute of the day (0–1439). */
export function localTime(instant: Date, zone: string): { day: Day; minute: number; offsetMs: number } {
  // Tables ask for the same instants again and again (now, end-of-day deadlines); formatToParts is slow.
  return { ...remembered(localTimes, `${zone}|${instant.getTime()}`, LOCAL_TIMES_KEPT, () => computeLocalTime(instant, zone)) };
}

const LOCAL_TIMES_KEPT = 10_000;
const localTimes = new Map<string, { day: Day; minute: number; offsetMs: number }>();

function computeLocalTime(instant: Date, zone: string): { day: Day; minute: number; offsetMs: number } {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offsetMs = wall - Math.floor(instant.getTime() / 1000) * 1000;
  return { day: Math.floor(wall / DAY_MS), minute: parts.hour! * 60 + parts.minute!, offsetMs };
}

export function localDay(instant: Date, zone: string): Day {
  return localTime(instant, zone).day;
}

/**
 * The first instant of `day` in `zone`: the first one whose local date is `day`. That is local
 * midnight, once read with the offset in force then, except where clocks change at midnight: in
 * America/Santiago or America/Havana the day the clocks go forward begins at 01:00, and a day whose
 * midnight repeats begins at the first one.
 */
export function startOfDay(day: Day, zone: string): Date {
  const wallMidnight = day * DAY_MS;
  const first = wallMidnight - localTime(new Date(wallMidnight), zone).offsetMs;
  const second = wallMidnight - localTime(new Date(first), zone).offsetMs;
  const begins = (t: number) => localDay(new Date(t), zone) === day && localDay(new Date(t - 1), zone) < day;
  for (const candidate of [Math.min(first, second), Math.max(first, second)]) if (begins(candidate)) return new Date(candidate);
  // Neither reading is the boundary (midnight repeated after a change landing exactly on it, or a
  // day the zone skipped, as Samoa did on 30 Dec 2011): search for the first instant on or after
  // the day, between one surely before it and one surely not (offsets lie within -12 h and +14 h).
  let before = wallMidnight - 15 * 3_600_000;
  let on = wallMidnight + 13 * 3_600_000;
  while (on - before > 1) {
    const mid = Math.floor((before + on) / 2);
    if (localDay(new Date(mid), zone) < day) before = mid;
    else on = mid;
  }
  return new Date(on);
}

/**
 * The instant a wall clock in `zone` reads `wall` (milliseconds of a UTC date used as a wall-clock
 * reading), or null when that reading never happens there (the hour skipped when clocks go
 * forward). A reading that happens twice (clocks go back) is its first occurrence.
 */
export function instantOfWallTime(wall: number, zone: string): Date | null {
  const first = wall - localTime(new Date(wall), zone).offsetMs;
  const second = wall - localTime(new Date(first), zone).offsetMs;
  for (const candidate of [Math.min(first, second), Math.max(first, second)]) {
    const t = localTime(new Date(candidate), zone);
    if (t.day * DAY_MS + t.minute * 60_000 === wall - (wall % 60_000)) return new Date(candidate);
  }
  return null;
}

/** 23:59:59.999 on `day` in `zone`: the last moment of a deadline's last day. */
export function endOfDay(day: Day, zone: string): Date {
  return new Date(startOfDay(day + 1, zone).getTime() - 1);
}

// ---- working days -------------------------------------------------------------------------

export interface DayOff {
  day: IsoDay;
  why: "weekend" | "holiday" | "closure";
  /** The holiday's or closure's name; "Saturday"/"Sunday" for weekends. */
  name: string;
}

export function dayOff(calendar: OperatorCalendar, day: Day): DayOff | null {
  const iso = isoDay(day);
  const closure = calendar.closures.get(iso);
  if (closure !== undefined) return { day: iso, why: "closure", name: closure };
  const holiday = calendar.holidays(Number(iso.slice(0, 4))).get(iso);
  if (holiday !== undefined) return { day: iso, why: "holiday", name: holiday };
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return { day: iso, why: "weekend", name: wd === 0 ? "Sunday" : "Saturday" };
  return null;
}

export function isWorkingDay(calendar: OperatorCalendar, day: Day): boolean {
  return dayOff(calendar, day) === null;
}

/** The first working day on or after `day`, and the days off passed over to reach it. */
export function firstWorkingDayFrom(calendar: OperatorCalendar, day: Day): { day: Day; skipped: DayOff[] } {
  const skipped: DayOff[] = [];
  let d = day;
  for (let off = dayOff(calendar, d); off; off = dayOff(calendar, d)) {
    skipped.push(off);
    d++;
    if (skipped.length > 366) throw new Error("The calendar has no working day within a year.");
  }
  return { day: d, skipped };
}

/** The `n`th working day after `day` (n >= 0; 0 gives `day` itself), and the days off passed over. */
export function addWorkingDays(calendar: OperatorCalendar, day: Day, n: number): { day: Day; skipped: DayOff[] } {
  const skipped: DayOff[] = [];
  let d = day;
  for (let counted = 0; counted < n; ) {
    d++;
    const off = dayOff(calendar, d);
    if (off) skipped.push(off);
    else counted++;
    if (skipped.length > 366 + n) throw new Error("The calendar has no working day within a year.");
  }
  return { day: d, skipped };
}

/** Working days in [from, to): the working time a pause from `from` to `to` took away. */
export function workingDaysBetween(calendar: OperatorCalendar, from: Day, to: Day): number {
  let n = 0;
  for (let d = from; d < to; d++) if (isWorkingDay(calendar, d)) n++;
  return n;
}

export function cutoffMinute(cutoff: string): number {
  const [h, m] = cutoff.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

// ---- words --------------------------------------------------------------------------------

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "3 Mar 2026" for a civil day. Fixed words rather than Intl so the text never depends on the server's locale. */
export function formatIsoDay(iso: IsoDay, withYear = true): string {
  const [y, m, d] = iso.split("-").map(Number);
  return withYear ? `${d} ${MONTHS[m! - 1]} ${y}` : `${d} ${MONTHS[m! - 1]}`;
}

/** "3 Mar 2026": the day `date` falls on in `zone` (UTC when no zone is given). */
export function formatDay(date: Date, zone = "UTC"): string {
  return formatIsoDay(isoDay(localDay(date, zone)));
}

/** "New York" for America/New_York, null for UTC: the city a zone is named after, in pages and mail. */
export function zoneCity(zone: string): string | null {
  if (zone === "UTC" || zone === "Etc/UTC") return null;
  return (zone.split("/").at(-1) ?? zone).replace(/_/g, " ");
}

/** "New York time" for America/New_York: how the zone is named next to every date and time. */
export function zoneName(zone: string): string {
  const city = zoneCity(zone);
  return city === null ? "UTC" : `${city} time`;
}

/**
 * Days from today until the due day as a person reads a calendar in the operator's zone: a clock
 * due in five days says 5, on its last day 0, the day after -1.
 */
export function calendarDaysUntil(now: Date, due: Date, zone: string): number {
  return localDay(due, zone) - localDay(now, zone);
}

/** Kept for callers that count whole 24-hour days (none in the domain any more). */
export function addDays(start: Date, days: number): Date {
  const result = new Date(start.getTime());
  result.setUTCDate(result.getUTCDate() + days);
  return result;
}

/** How a period reads in explanations. */
export function describeCount(count: number, unit: "business_days" | "calendar_days"): string {
  const noun = unit === "business_days" ? "working day" : "calendar day";
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
