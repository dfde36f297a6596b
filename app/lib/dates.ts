import { createContext, useContext } from "react";
import { formatDay, zoneName } from "~/domain";

// Dates and times on every page in the operator's zone, with the zone named ("New York time"),
// the same on the server and in the browser: the zone comes from the root loader (root.tsx provides
// it to every page), never from the machine the page is rendered on.

export const DEFAULT_ZONE = "America/New_York";

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(zone: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
    dateTimeFormats.set(zone, f);
  }
  return f;
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

/** The formatters bound to the operator's zone, for components. */
export function useDates() {
  const zone = useOperatorZone();
  return {
    zone,
    zoneName: zoneName(zone),
    formatDate: (d: Date | string) => formatDate(d, zone),
    formatDateTime: (d: Date | string) => formatDateTime(d, zone),
    formatDue: (d: Date | string) => formatDue(d, zone),
  };
}
