// Where a local day begins and ends (ADR 011): the first instant whose local date is that day,
// and the instant before the next one begins. Expected instants are from the IANA tz database
// (`zdump -v -c 2026,2027 <zone>`), not from the code under test: America/Santiago goes from
// 23:59:59 -04 on Sat 5 Sep 2026 to 01:00 -03 (its midnight is skipped) and back from 23:59:59 -03
// on Sat 4 Apr to 23:00 -04; America/Havana skips midnight on Sun 8 Mar 2026 and repeats it on
// Sun 1 Nov; New York and Berlin change at 02:00/03:00.
import { describe, expect, it } from "vitest";
import { computeDeadline, dayFromIso, endOfDay, localDay, startOfDay, type OperatorCalendar } from "~/domain";

const cases: { zone: string; day: string; starts: string; why: string }[] = [
  { zone: "America/Santiago", day: "2026-09-06", starts: "2026-09-06T04:00:00.000Z", why: "midnight skipped: the day begins at 01:00 -03" },
  { zone: "America/Santiago", day: "2026-04-05", starts: "2026-04-05T04:00:00.000Z", why: "the hour before midnight repeated: the day begins at 00:00 -04" },
  { zone: "America/Havana", day: "2026-03-08", starts: "2026-03-08T05:00:00.000Z", why: "midnight skipped: the day begins at 01:00 CDT" },
  { zone: "America/Havana", day: "2026-11-01", starts: "2026-11-01T04:00:00.000Z", why: "midnight repeated: the day begins at the first, 00:00 CDT" },
  { zone: "America/New_York", day: "2026-03-08", starts: "2026-03-08T05:00:00.000Z", why: "spring change at 02:00, midnight EST" },
  { zone: "America/New_York", day: "2026-11-01", starts: "2026-11-01T04:00:00.000Z", why: "autumn change at 02:00, midnight EDT" },
  { zone: "Europe/Berlin", day: "2026-03-29", starts: "2026-03-28T23:00:00.000Z", why: "spring change at 02:00, midnight CET" },
  { zone: "Europe/Berlin", day: "2026-10-25", starts: "2026-10-24T22:00:00.000Z", why: "autumn change at 03:00, midnight CEST" },
];

describe("the start and end of a local day", () => {
  it.each(cases)("$zone $day: $why", ({ zone, day, starts }) => {
    expect(startOfDay(dayFromIso(day), zone).toISOString()).toBe(starts);
    // The day before ends the millisecond before: its deadlines end at 23:59:59.999 local time, not an hour early.
    expect(endOfDay(dayFromIso(day) - 1, zone).toISOString()).toBe(new Date(Date.parse(starts) - 1).toISOString());
  });

  it("begins every day of 2026 at the first instant whose local date is that day", () => {
    for (const zone of ["America/Santiago", "America/Havana", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Tehran"]) {
      for (let day = dayFromIso("2026-01-01"); day <= dayFromIso("2026-12-31"); day++) {
        const start = startOfDay(day, zone);
        expect(localDay(start, zone), `${zone} ${day}`).toBe(day);
        expect(localDay(new Date(start.getTime() - 1), zone), `${zone} ${day}`).toBe(day - 1);
      }
    }
  });

  it("lets a day a zone skipped entirely (Samoa, Fri 30 Dec 2011) begin where the next one does", () => {
    // zdump: Thu 29 Dec 23:59:59 -10 is followed by Sat 31 Dec 00:00:00 +14, at 10:00 UTC on 30 Dec.
    for (const day of ["2011-12-30", "2011-12-31"]) expect(startOfDay(dayFromIso(day), "Pacific/Apia").toISOString(), day).toBe("2011-12-30T10:00:00.000Z");
    expect(endOfDay(dayFromIso("2011-12-29"), "Pacific/Apia").toISOString()).toBe("2011-12-30T09:59:59.999Z");
  });

  it("ends a Santiago deadline due on Sat 5 Sep 2026 at 23:59:59.999 -04, not at 22:59:59.999", () => {
    const santiago: OperatorCalendar = { zone: "America/Santiago", cutoff: "17:00", holidays: () => new Map(), closures: new Map() };
    const d = computeDeadline({ stage: "client", kind: "response", receivedAt: new Date("2026-09-01T14:00:00Z"), period: { count: 4, unit: "calendar_days" }, calendar: santiago, why: "test" });
    expect(d.dueAt.toISOString()).toBe("2026-09-06T03:59:59.999Z");
  });
});
