import { createContext, useContext } from "react";
import { formatDay, zoneName } from "~/domain";
import { remembered } from "~/domain/remembered";
import { DAY_FORMAT, DAY_TIME_FORMAT, useT } from "~/i18n";
import { zoneLabel } from "~/i18n/deadlines";

// Dates and times on every page in the operator's zone, with the zone named ("New York time"),
// the same on the server and in the browser: the zone comes from the root loader (root.tsx provides
// it to every page), never from the machine the page is rendered on. Components write them in the
// page's language (useDates); English reads as it always has ("3 Mar 2026").

export const DEFAULT_ZONE = "America/New_York";

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * One formatter per locale, zone and form, made once: a staff table writes a hundred and fifty
 * dates a page, and intl.formatDate keys its own cache by serialising the options on every call.
 */
function dateTimeFormat(zone: string, locale = "en-GB", form: "day" | "dayTime" = "dayTime"): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${form}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...(form === "day" ? DAY_FORMAT : DAY_TIME_FORMAT), timeZone: zone });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/**
 * A moment's day as one formatter writes it, remembered: a queue page writes the same hundred and
 * fifty moments on every load, and Intl's format is the costly part. Keyed by the exact moment, so
 * the text is always that formatter's own; bounded (cleared when full).
 */
const dayTexts = new WeakMap<Intl.DateTimeFormat, Map<number, string>>();
const DAY_TEXTS_LIMIT = 5_000;

function dayText(format: Intl.DateTimeFormat, d: Date | string): string {
  const at = new Date(d).getTime();
  if (Number.isNaN(at)) return format.format(at); // throws, as Intl does for an invalid date
  let texts = dayTexts.get(format);
  if (!texts) dayTexts.set(format, (texts = new Map()));
  return remembered(texts, at, DAY_TEXTS_LIMIT, () => format.format(at));
}

/** "3 Mar 2026", the day in the operator's zone: the same words as the deadline explanations. */
export const formatDate = (d: Date | string, zone: string) => formatDay(new Date(d), zone);

/** "3 Mar 2026, 14:05 New York time". */
export const formatDateTime = (d: Date | string, zone: string) => `${dateTimeFormat(zone).format(new Date(d))} ${zoneName(zone)}`;

/** A deadline's last moment as people read it: "14 Jan 2027 (end of day, New York time)". */
export const formatDue = (d: Date | string, zone: string) => `${formatDay(new Date(d), zone)} (end of day, ${zoneName(zone)})`;

/** Provided by the root layout from its loader; the default where no page provides one (mail previews, tests). */
export const OperatorZone = createContext<string>(DEFAULT_ZONE);

export function useOperatorZone(): string {
  return useContext(OperatorZone);
}

/**
 * The formatters bound to the operator's zone and the page's language, for components: the same
 * day form as the messages' `{due, date, day}` ("3 Mar 2026", "3. März 2026", "3 mars 2026").
 */
export function useDates() {
  const zone = useOperatorZone();
  const t = useT();
  const dayFormat = dateTimeFormat(zone, t.intl.locale, "day");
  const day = (d: Date | string) => dayText(dayFormat, d);
  const label = zoneLabel(t, zone);
  return {
    zone,
    zoneName: label,
    formatDate: day,
    formatDateTime: (d: Date | string) => t("common.dateTime", { dateTime: dateTimeFormat(zone, t.intl.locale, "dayTime").format(new Date(d)), zone: label }),
    formatDue: (d: Date | string) => t("common.due", { date: day(d), zone: label }),
  };
}
