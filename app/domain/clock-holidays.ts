// Public holidays from date-holidays (a maintained library), as the calendar value the domain
// takes. Kept out of the domain index so the browser bundle never carries the holiday data; the
// models import it directly. Deterministic: the same region and year always give the same days.
import Holidays from "date-holidays";
import type { IsoDay, OperatorCalendar } from "./calendar";

const cache = new Map<string, ReadonlyMap<IsoDay, string>>();

/**
 * The public holidays of `year` in the U.S. (federal) plus `state`, on the days they are observed
 * (a holiday on a Saturday is observed on the Friday before, on a Sunday the Monday after).
 * Observances (Valentine's Day, the day after Thanksgiving) are working days.
 */
export function usPublicHolidays(state: string | null, year: number): ReadonlyMap<IsoDay, string> {
  const key = `${state ?? ""}:${year}`;
  let days = cache.get(key);
  if (!days) {
    const hd = state ? new Holidays("US", state) : new Holidays("US");
    const map = new Map<IsoDay, string>();
    for (const h of hd.getHolidays(year)) {
      if (h.type !== "public") continue;
      const day = h.date.slice(0, 10);
      // The observed day replaces the day itself when the holiday falls on a weekend.
      if (!map.has(day)) map.set(day, h.name);
    }
    days = map;
    cache.set(key, days);
  }
  return days;
}

export function isUsState(state: string): boolean {
  const states = new Holidays().getStates("US") ?? {};
  return Object.hasOwn(states, state);
}

export interface CalendarSettings {
  zone: string;
  cutoff: string;
  /** Two-letter U.S. state whose holidays count besides the federal ones; null for federal only. */
  holidayState: string | null;
  closures: ReadonlyMap<IsoDay, string>;
}

export function operatorCalendar(settings: CalendarSettings): OperatorCalendar {
  return {
    zone: settings.zone,
    cutoff: settings.cutoff,
    holidays: (year) => usPublicHolidays(settings.holidayState, year),
    closures: settings.closures,
    holidayState: settings.holidayState,
  };
}

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  zone: "America/New_York",
  cutoff: "17:00",
  holidayState: "MA",
  closures: new Map(),
};

const localNames = new Map<string, ReadonlyMap<string, string>>();

/**
 * A public holiday's name in `language` ("de", "fr"), from the same library: a computation stores
 * the English name it was counted with, and a complainant reads it in their language. The holiday
 * is found by its day and English name among the federal holidays and `state`'s; date-holidays
 * names only some U.S. holidays in German or French ("Neujahr", "Noël") and gives the English
 * name for the rest ("Thanksgiving Day"). A name it does not know (an office closure, written by
 * the officer) comes back as it is.
 */
export function holidayNameIn(language: string, day: IsoDay, name: string, state: string | null): string {
  if (language === "en") return name;
  const year = Number(day.slice(0, 4));
  const key = `${language}:${state ?? ""}:${year}`;
  let names = localNames.get(key);
  if (!names) {
    const map = new Map<string, string>();
    for (const hd of state ? [new Holidays("US", state), new Holidays("US")] : [new Holidays("US")]) {
      const english = hd.getHolidays(year, "en");
      const local = hd.getHolidays(year, language);
      english.forEach((h, i) => {
        const there = local[i];
        if (there && there.date === h.date && !map.has(`${h.date.slice(0, 10)} ${h.name}`)) map.set(`${h.date.slice(0, 10)} ${h.name}`, there.name);
      });
    }
    names = map;
    localNames.set(key, names);
  }
  return names.get(`${day} ${name}`) ?? name;
}
