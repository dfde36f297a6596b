// Properties of the counting rules (ADR 011), over random receipts between 2026 and 2030, random
// periods, cut-offs, closures and pauses, in the operator's default calendar (New York, U.S.
// federal + Massachusetts holidays).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeDeadline,
  dayFromIso,
  isWorkingDay,
  isoDay,
  localDay,
  pauseClock,
  resumeClock,
  type Deadline,
  type OperatorCalendar,
  type Period,
} from "~/domain";
import { operatorCalendar } from "~/domain/clock-holidays";

const FROM = Date.parse("2026-01-01T00:00:00Z");
const TO = Date.parse("2030-12-31T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

const instant = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t));
const period = fc.record({ count: fc.integer({ min: 1, max: 120 }), unit: fc.constantFrom<Period["unit"]>("business_days", "calendar_days") });
const zone = fc.constantFrom("America/New_York", "America/Los_Angeles", "Europe/Berlin", "UTC");
const calendar = fc
  .record({
    zone,
    cutoff: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
    state: fc.constantFrom<string | null>("MA", "NY", "CA", null),
    closures: fc.array(fc.integer({ min: 0, max: 5 * 365 }).map((n) => isoDay(dayFromIso("2026-01-01") + n)), { maxLength: 20 }),
  })
  .map(({ zone, cutoff, state, closures }) =>
    operatorCalendar({ zone, cutoff, holidayState: state, closures: new Map(closures.map((d) => [d, "Closed"])) }),
  );

function compute(receivedAt: Date, p: Period, cal: OperatorCalendar): Deadline {
  return computeDeadline({ stage: "company", kind: "response", receivedAt, period: p, calendar: cal, why: "property" });
}

// Generous timeout: the machine running the suite may be shared; each property takes about a second alone.
describe("how deadlines count: properties", { timeout: 60_000 }, () => {
  it("a due date is never before the receipt plus the period (in the operator's days), and ends a day", () => {
    fc.assert(
      fc.property(instant, period, calendar, (receivedAt, p, cal) => {
        const d = compute(receivedAt, p, cal);
        expect(d.dueAt.getTime()).toBeGreaterThan(receivedAt.getTime());
        expect(localDay(d.dueAt, cal.zone) - localDay(receivedAt, cal.zone)).toBeGreaterThanOrEqual(p.count);
        // The last millisecond of the due day: one more is the next local day.
        expect(localDay(new Date(d.dueAt.getTime() + 1), cal.zone)).toBe(localDay(d.dueAt, cal.zone) + 1);
      }),
      { numRuns: 150 },
    );
  });

  it("business-day counting never lands on a non-working day, nor starts on one", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), calendar, (receivedAt, count, cal) => {
        const d = compute(receivedAt, { count, unit: "business_days" }, cal);
        expect(isWorkingDay(cal, localDay(d.dueAt, cal.zone))).toBe(true);
        expect(isWorkingDay(cal, dayFromIso(d.computation!.startDay))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("a pause never shortens a clock", () => {
    fc.assert(
      fc.property(instant, period, calendar, fc.integer({ min: 0, max: 200 * DAY }), fc.integer({ min: 0, max: 60 * DAY }), (receivedAt, p, cal, after, length) => {
        const d = compute(receivedAt, p, cal);
        const from = new Date(receivedAt.getTime() + after);
        const resumed = resumeClock(pauseClock(d, from), new Date(from.getTime() + length), cal);
        expect(resumed.dueAt.getTime()).toBeGreaterThanOrEqual(d.dueAt.getTime());
      }),
      { numRuns: 150 },
    );
  });

  it("a zero-length pause changes nothing but its own record", () => {
    fc.assert(
      fc.property(instant, period, calendar, fc.integer({ min: 0, max: 200 * DAY }), (receivedAt, p, cal, after) => {
        const d = compute(receivedAt, p, cal);
        const at = new Date(receivedAt.getTime() + after);
        const resumed = resumeClock(pauseClock(d, at), at, cal);
        expect(resumed.dueAt).toEqual(d.dueAt);
        expect(resumed.computation?.dueDay).toBe(d.computation?.dueDay);
        expect(resumed.computation?.pauses).toEqual([{ from: at.toISOString(), to: at.toISOString(), addedDays: 0 }]);
      }),
      { numRuns: 150 },
    );
  });

  it("a longer pause never gives back less than a shorter one from the same moment", () => {
    fc.assert(
      fc.property(instant, period, calendar, fc.integer({ min: 0, max: 30 * DAY }), fc.integer({ min: 0, max: 30 * DAY }), (receivedAt, p, cal, a, b) => {
        const d = compute(receivedAt, p, cal);
        const from = new Date(receivedAt.getTime() + DAY);
        const [short, long] = a <= b ? [a, b] : [b, a];
        const s = resumeClock(pauseClock(d, from), new Date(from.getTime() + short), cal);
        const l = resumeClock(pauseClock(d, from), new Date(from.getTime() + long), cal);
        expect(l.dueAt.getTime()).toBeGreaterThanOrEqual(s.dueAt.getTime());
      }),
      { numRuns: 200 },
    );
  });
});
