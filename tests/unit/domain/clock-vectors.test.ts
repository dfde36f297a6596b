// Table-driven vectors for how deadlines count (ADR 011). Each row names the rule it encodes and
// where its expected date comes from. Expected dates were worked out by hand from the printed
// calendar (`cal MONTH YEAR`), the U.S. federal holiday rules (5 U.S.C. 6103, with the observed
// day rule of Executive Order 11582: a Saturday holiday is observed on the Friday before, a Sunday
// one on the Monday after), the Massachusetts public holidays (M.G.L. c. 4 § 7; Evacuation Day
// and Bunker Hill Day are Suffolk County holidays, where the operator's Boston office is), and
// the U.S. DST rule (15 U.S.C. 260a: second Sunday of March, first Sunday of November). The
// examples in issue 6 are quoted where they are used. None were produced by the code under test.
import { describe, expect, it } from "vitest";
import { computeDeadline, deadlineState, extendClock, pauseClock, resumeClock, type Deadline, type OperatorCalendar, type Period } from "~/domain";
import { operatorCalendar } from "~/domain/clock-holidays";

const BOSTON: OperatorCalendar = operatorCalendar({ zone: "America/New_York", cutoff: "17:00", holidayState: "MA", closures: new Map() });
const WITH_CLOSURE: OperatorCalendar = operatorCalendar({
  zone: "America/New_York",
  cutoff: "17:00",
  holidayState: "MA",
  closures: new Map([["2026-05-05", "Office move"]]),
});

const BD = (count: number): Period => ({ count, unit: "business_days" });
const CD = (count: number): Period => ({ count, unit: "calendar_days" });

function due(receivedAt: string, period: Period, calendar = BOSTON): Deadline {
  return computeDeadline({ stage: "client", kind: "response", receivedAt: new Date(receivedAt), period, calendar, why: "test" });
}

/** 23:59:59.999 on `day` in New York, written out in UTC: EST is UTC-5, EDT UTC-4. */
const endEST = (day: string) => new Date(new Date(`${day}T23:59:59.999-05:00`).getTime()).toISOString();
const endEDT = (day: string) => new Date(new Date(`${day}T23:59:59.999-04:00`).getTime()).toISOString();

interface Vector {
  rule: string;
  source: string;
  receivedAt: string;
  period: Period;
  calendar?: OperatorCalendar;
  startDay?: string;
  cutoffApplied?: boolean;
  dueAt: string;
}

const VECTORS: Vector[] = [
  // ---- weekends
  { rule: "received Monday 10:00, 5 business days: due at the end of the next Monday", source: "issue 6 §2; cal 11 2026", receivedAt: "2026-11-02T10:00:00-05:00", period: BD(5), startDay: "2026-11-02", dueAt: endEST("2026-11-09") },
  { rule: "received Saturday: counts from Monday, due the Monday after", source: "issue 6 §2 ('received Saturday: the same'); cal 5 2026", receivedAt: "2026-05-02T10:00:00-04:00", period: BD(5), startDay: "2026-05-04", dueAt: endEDT("2026-05-11") },
  { rule: "received Sunday afternoon: counts from Monday", source: "cal 5 2026", receivedAt: "2026-05-03T15:00:00-04:00", period: BD(5), startDay: "2026-05-04", dueAt: endEDT("2026-05-11") },
  { rule: "received Friday before the cut-off: Friday counts, 5 business days end the next Friday", source: "cal 5 2026", receivedAt: "2026-05-08T16:59:00-04:00", period: BD(5), startDay: "2026-05-08", dueAt: endEDT("2026-05-15") },
  { rule: "45 calendar days ending on a Monday", source: "SP 11(d)(i); cal 5-6 2026 (1 May + 45 = 15 Jun)", receivedAt: "2026-05-01T09:00:00-04:00", period: CD(45), dueAt: endEDT("2026-06-15") },
  { rule: "a calendar deadline falling on a Saturday stays there", source: "issue 6 §2; cal 5-6 2026 (6 May + 45 = 20 Jun, a Saturday)", receivedAt: "2026-05-06T10:00:00-04:00", period: CD(45), dueAt: endEDT("2026-06-20") },

  // ---- U.S. federal and Massachusetts holidays, observed dates
  { rule: "received on a federal holiday (Columbus Day) counts from the next working day", source: "5 U.S.C. 6103 (second Monday in October); cal 10-11 2026 (13 Oct + 45 = 27 Nov)", receivedAt: "2026-10-12T10:00:00-04:00", period: CD(45), startDay: "2026-10-13", dueAt: endEST("2026-11-27") },
  { rule: "a calendar deadline falling on Thanksgiving stays there", source: "5 U.S.C. 6103 (fourth Thursday in November); 13 Oct + 44 = 26 Nov", receivedAt: "2026-10-13T10:00:00-04:00", period: CD(44), dueAt: endEST("2026-11-26") },
  { rule: "business days skip Thanksgiving; the day after is a working day", source: "5 U.S.C. 6103; cal 11-12 2026", receivedAt: "2026-11-25T10:00:00-05:00", period: BD(5), dueAt: endEST("2026-12-03") },
  { rule: "Independence Day on a Saturday is observed Friday 3 July and skipped", source: "5 U.S.C. 6103; EO 11582; cal 7 2026", receivedAt: "2026-06-30T10:00:00-04:00", period: BD(5), dueAt: endEDT("2026-07-08") },
  { rule: "received on the observed Independence Day counts from the Monday after", source: "EO 11582; cal 7 2026", receivedAt: "2026-07-03T11:00:00-04:00", period: BD(5), startDay: "2026-07-06", dueAt: endEDT("2026-07-13") },
  { rule: "Christmas 2027 on a Saturday is observed Friday 24 Dec", source: "EO 11582; cal 12 2027", receivedAt: "2027-12-22T10:00:00-05:00", period: BD(5), dueAt: endEST("2027-12-30") },
  { rule: "year end: New Year 2028 on a Saturday is observed Friday 31 Dec 2027", source: "EO 11582; cal 12 2027, 1 2028", receivedAt: "2027-12-30T10:00:00-05:00", period: BD(5), dueAt: endEST("2028-01-07") },
  { rule: "Bunker Hill Day (17 June) and Juneteenth observed (Friday 18 June 2027) are both skipped", source: "M.G.L. c. 4 § 7 (Suffolk County); 5 U.S.C. 6103; EO 11582; cal 6 2027", receivedAt: "2027-06-16T10:00:00-04:00", period: BD(5), dueAt: endEDT("2027-06-25") },
  { rule: "Martin Luther King Jr. Day (third Monday of January) is skipped", source: "5 U.S.C. 6103; cal 1 2027", receivedAt: "2027-01-15T10:00:00-05:00", period: BD(5), dueAt: endEST("2027-01-25") },
  { rule: "Patriots' Day (third Monday of April, Massachusetts) is skipped", source: "M.G.L. c. 4 § 7; cal 4 2026 (20 Apr)", receivedAt: "2026-04-17T10:00:00-04:00", period: BD(5), dueAt: endEDT("2026-04-27") },
  { rule: "45 calendar days across the year end", source: "issue 6 §6 example (30 Nov 2026 + 45 = 14 Jan 2027)", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), dueAt: endEST("2027-01-14") },
  { rule: "after 5 pm on Friday 27 Nov: counts from Monday 30 Nov", source: "issue 6 §6 example ('Due 14 Jan 2027 ... from 30 Nov 2026, when your complaint reached us after 5 pm on 27 Nov')", receivedAt: "2026-11-27T17:30:00-05:00", period: CD(45), startDay: "2026-11-30", cutoffApplied: true, dueAt: endEST("2027-01-14") },

  // ---- an officer closure
  { rule: "a closure is skipped like a holiday when counting business days", source: "closure 5 May 2026 in the test calendar; cal 5 2026", receivedAt: "2026-05-04T10:00:00-04:00", period: BD(5), calendar: WITH_CLOSURE, dueAt: endEDT("2026-05-12") },
  { rule: "received on a closure day counts from the next working day", source: "closure 5 May 2026; cal 5 2026", receivedAt: "2026-05-05T10:00:00-04:00", period: BD(5), calendar: WITH_CLOSURE, startDay: "2026-05-06", dueAt: endEDT("2026-05-13") },
  { rule: "a closure does not move a calendar-day deadline", source: "issue 6 §2; 4 May + 45 = 18 Jun", receivedAt: "2026-05-04T10:00:00-04:00", period: CD(45), calendar: WITH_CLOSURE, dueAt: endEDT("2026-06-18") },

  // ---- daylight saving time in New York
  { rule: "business days across the spring change (8 Mar 2026): due end of day EDT", source: "15 U.S.C. 260a; cal 3 2026", receivedAt: "2026-03-06T10:00:00-05:00", period: BD(5), dueAt: endEDT("2026-03-13") },
  { rule: "a deadline ending on the 23-hour spring-change day ends at its local midnight", source: "15 U.S.C. 260a (second Sunday of March 2026 = 8 Mar)", receivedAt: "2026-03-04T10:00:00-05:00", period: CD(4), dueAt: endEDT("2026-03-08") },
  { rule: "a deadline ending on the 25-hour autumn-change day ends at its local midnight (EST)", source: "15 U.S.C. 260a (first Sunday of November 2026 = 1 Nov)", receivedAt: "2026-10-29T10:00:00-04:00", period: CD(3), dueAt: endEST("2026-11-01") },
  { rule: "business days across the autumn change", source: "15 U.S.C. 260a; cal 11 2026", receivedAt: "2026-10-30T10:00:00-04:00", period: BD(5), dueAt: endEST("2026-11-06") },
  { rule: "received 01:30 EDT in the repeated hour of 1 Nov (a Sunday): counts from Monday", source: "15 U.S.C. 260a; cal 11 2026", receivedAt: "2026-11-01T05:30:00Z", period: BD(5), startDay: "2026-11-02", dueAt: endEST("2026-11-09") },
  { rule: "received 01:30 EST in the repeated hour of 1 Nov: the same day, the same deadline", source: "15 U.S.C. 260a; cal 11 2026", receivedAt: "2026-11-01T06:30:00Z", period: BD(5), startDay: "2026-11-02", dueAt: endEST("2026-11-09") },

  // ---- the cut-off minute
  { rule: "16:59 EDT is before the cut-off: the day of receipt counts", source: "issue 6 §2 (cut-off 17:00); cal 7 2026", receivedAt: "2026-07-14T20:59:00Z", period: BD(5), startDay: "2026-07-14", cutoffApplied: false, dueAt: endEDT("2026-07-21") },
  { rule: "17:00 EDT is the cut-off minute: counts from the next working day", source: "issue 6 §2; ADR 011 (at or after the cut-off)", receivedAt: "2026-07-14T21:00:00Z", period: BD(5), startDay: "2026-07-15", cutoffApplied: true, dueAt: endEDT("2026-07-22") },
  { rule: "16:59:59 EST is before the cut-off", source: "issue 6 §2; cal 12 2026", receivedAt: "2026-12-01T21:59:59Z", period: BD(5), startDay: "2026-12-01", cutoffApplied: false, dueAt: endEST("2026-12-08") },
  { rule: "17:00:00 EST is at the cut-off", source: "issue 6 §2; cal 12 2026", receivedAt: "2026-12-01T22:00:00Z", period: BD(5), startDay: "2026-12-02", cutoffApplied: true, dueAt: endEST("2026-12-09") },
  { rule: "22:00 New York time is already the next day in UTC; the operator's day counts", source: "ADR 011 (days in the operator's zone)", receivedAt: "2026-12-02T03:00:00Z", period: BD(5), startDay: "2026-12-02", cutoffApplied: true, dueAt: endEST("2026-12-09") },
  { rule: "Friday after the cut-off counts from Monday", source: "issue 6 §2; cal 5 2026", receivedAt: "2026-05-08T17:00:00-04:00", period: BD(5), startDay: "2026-05-11", cutoffApplied: true, dueAt: endEDT("2026-05-18") },
  { rule: "calendar days after the cut-off count from the next day, and end on a Saturday", source: "issue 6 §2; 2 Dec 2026 + 45 = 16 Jan 2027", receivedAt: "2026-12-01T17:00:00-05:00", period: CD(45), startDay: "2026-12-02", dueAt: endEST("2027-01-16") },

  // ---- 29 February 2028
  { rule: "a calendar deadline ending on 29 Feb 2028", source: "cal 2 2028 (15 Feb + 14 = 29 Feb)", receivedAt: "2028-02-15T10:00:00-05:00", period: CD(14), dueAt: endEST("2028-02-29") },
  { rule: "business days count 29 Feb 2028 as a working Tuesday", source: "cal 2-3 2028", receivedAt: "2028-02-25T10:00:00-05:00", period: BD(5), dueAt: endEST("2028-03-03") },
  { rule: "45 calendar days from 29 Feb 2028, across the spring change", source: "cal 2-4 2028 (29 Feb + 45 = 14 Apr); DST from 12 Mar 2028", receivedAt: "2028-02-29T10:00:00-05:00", period: CD(45), dueAt: endEDT("2028-04-14") },
  { rule: "365 calendar days across 29 Feb 2028", source: "cal 2028 (366 days): 28 Feb 2028 + 365 = 27 Feb 2029", receivedAt: "2028-02-28T10:00:00-05:00", period: CD(365), dueAt: endEST("2029-02-27") },
];

describe("how deadlines count: vectors", () => {
  it("has at least 40 vectors with the pause, extension and reading tables", () => {
    expect(VECTORS.length + PAUSES.length + EXTENSIONS.length + READINGS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(VECTORS)("$rule ($source)", (v) => {
    const d = due(v.receivedAt, v.period, v.calendar);
    expect(d.dueAt.toISOString()).toBe(v.dueAt);
    if (v.startDay) expect(d.computation?.startDay).toBe(v.startDay);
    if (v.cutoffApplied !== undefined) expect(d.computation?.cutoffApplied).toBe(v.cutoffApplied);
  });

  it("names the holidays it skipped and explains the issue's example in one sentence", () => {
    expect(due("2026-11-25T10:00:00-05:00", BD(5)).computation?.skipped).toEqual([{ day: "2026-11-26", name: "Thanksgiving Day" }]);
    const example = computeDeadline({
      stage: "client",
      kind: "response",
      receivedAt: new Date("2026-11-27T17:30:00-05:00"),
      period: CD(45),
      calendar: BOSTON,
      why: "Privacy Shield Supplemental Principle 11(d)(i)",
    });
    expect(example.explanation).toBe(
      "Due 14 Jan 2027 (end of day, New York time): 45 calendar days from 30 Nov 2026, when your complaint reached us after 5 pm on 27 Nov (Privacy Shield Supplemental Principle 11(d)(i)).",
    );
  });
});

// ---- pauses ---------------------------------------------------------------------------------

interface PauseVector {
  rule: string;
  source: string;
  receivedAt: string;
  period: Period;
  pauses: [string, string][];
  dueAt: string;
  says?: string;
}

const PAUSES: PauseVector[] = [
  { rule: "a calendar clock paused Wed–Sat gets 3 days back", source: "ADR 011; issue 6 §6 ('paused 3 days while we waited for your reply'); 14 Jan + 3 = 17 Jan", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), pauses: [["2026-12-02T10:00:00-05:00", "2026-12-05T10:00:00-05:00"]], dueAt: endEST("2027-01-17"), says: "paused 3 days from 2 Dec while we waited for your reply" },
  { rule: "a business clock paused Friday to Monday gets 1 working day back (the weekend was not working time)", source: "ADR 011; cal 5 2026", receivedAt: "2026-05-04T10:00:00-04:00", period: BD(5), pauses: [["2026-05-08T10:00:00-04:00", "2026-05-11T09:00:00-04:00"]], dueAt: endEDT("2026-05-12"), says: "paused 1 working day from 8 May" },
  { rule: "a business clock paused across Thanksgiving gets back Wednesday and Friday only", source: "ADR 011; 5 U.S.C. 6103; cal 11-12 2026", receivedAt: "2026-11-24T10:00:00-05:00", period: BD(5), pauses: [["2026-11-25T10:00:00-05:00", "2026-11-30T10:00:00-05:00"]], dueAt: endEST("2026-12-04") },
  { rule: "a calendar clock paused across Christmas gets every day back, holiday included", source: "ADR 011; 14 Jan + 4 = 18 Jan 2027 (MLK Day: a calendar deadline stays there)", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), pauses: [["2026-12-24T10:00:00-05:00", "2026-12-28T10:00:00-05:00"]], dueAt: endEST("2027-01-18") },
  { rule: "two pauses are both kept and both given back", source: "ADR 011; 14 Jan + 3 + 2 = 19 Jan 2027", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), pauses: [["2026-12-02T10:00:00-05:00", "2026-12-05T10:00:00-05:00"], ["2026-12-10T10:00:00-05:00", "2026-12-12T10:00:00-05:00"]], dueAt: endEST("2027-01-19"), says: "paused 3 days from 2 Dec and 2 days from 10 Dec" },
  { rule: "a pause begun after the due moment gives nothing back: the clock stays due when it was", source: "ADR 004 (a breach stays a breach), ADR 058; 4 Jan + 45 = 18 Feb 2027, paused 1 Mar to 31 Mar", receivedAt: "2027-01-04T10:00:00-05:00", period: CD(45), pauses: [["2027-03-01T10:00:00-05:00", "2027-03-31T10:00:00-04:00"]], dueAt: endEST("2027-02-18"), says: "Due 18 Feb 2027" },
  { rule: "a business clock paused after its due moment gets no working days back", source: "ADR 058; cal 5 2026 (4 May + 5 working days = 11 May)", receivedAt: "2026-05-04T10:00:00-04:00", period: BD(5), pauses: [["2026-05-12T10:00:00-04:00", "2026-05-19T10:00:00-04:00"]], dueAt: endEDT("2026-05-11") },
  { rule: "a pause begun on the last day, before its end, still gives its days back", source: "ADR 011; 14 Jan + 2 = 16 Jan 2027", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), pauses: [["2027-01-14T23:00:00-05:00", "2027-01-16T10:00:00-05:00"]], dueAt: endEST("2027-01-16") },
  { rule: "a pause within one day gives nothing back and takes nothing away", source: "ADR 011 (the clock's unit is the day)", receivedAt: "2026-11-30T10:00:00-05:00", period: CD(45), pauses: [["2026-12-02T10:00:00-05:00", "2026-12-02T15:00:00-05:00"]], dueAt: endEST("2027-01-14") },
  { rule: "a pause before the clock started (receipt on Saturday) gives nothing back", source: "ADR 011; 4 May + 45 = 18 Jun 2026", receivedAt: "2026-05-02T10:00:00-04:00", period: CD(45), pauses: [["2026-05-02T12:00:00-04:00", "2026-05-04T09:00:00-04:00"]], dueAt: endEDT("2026-06-18") },
];

describe("pauses: vectors", () => {
  it.each(PAUSES)("$rule ($source)", (v) => {
    let d = due(v.receivedAt, v.period);
    for (const [from, to] of v.pauses) d = resumeClock(pauseClock(d, new Date(from)), new Date(to), BOSTON);
    expect(d.dueAt.toISOString()).toBe(v.dueAt);
    expect(d.pausedAt).toBeNull();
    expect(d.computation?.pauses).toHaveLength(v.pauses.length);
    if (v.says) expect(d.explanation).toContain(v.says);
  });

  it("keeps a clock paused after its due moment breached once it restarts", () => {
    const missed = due("2027-01-04T10:00:00-05:00", CD(45));
    const resumed = resumeClock(pauseClock(missed, new Date("2027-03-01T10:00:00-05:00")), new Date("2027-03-31T10:00:00-04:00"), BOSTON);
    expect(resumed.computation?.pauses).toEqual([{ from: "2027-03-01T15:00:00.000Z", to: "2027-03-31T14:00:00.000Z", addedDays: 0 }]);
    expect(deadlineState(resumed, new Date("2027-04-01T12:00:00Z"))).toEqual({ state: "overdue", daysLeft: -42 });
  });

  it("shows a running pause in the sentence and judges a paused clock at its pause", () => {
    const paused = pauseClock(due("2026-11-30T10:00:00-05:00", CD(45)), new Date("2026-12-02T10:00:00-05:00"));
    expect(paused.explanation).toContain("paused since 2 Dec while we wait for your reply");
    expect(deadlineState(paused, new Date("2027-03-01T12:00:00Z"))).toEqual({ state: "paused", daysLeft: 43 });
  });
});

// ---- extensions -------------------------------------------------------------------------------

interface ExtensionVector {
  rule: string;
  source: string;
  limit: Period;
  steps: { to: string; ok: boolean; reason?: string }[];
  dueAt: string;
}

// Each starts from the response clock of the example, due 14 Jan 2027 (a Thursday).
const EXTENSIONS: ExtensionVector[] = [
  { rule: "two extensions within a 30-day limit", source: "ADR 011 (the limit counts from the date before the first extension); 14 Jan + 30 = 13 Feb 2027", limit: CD(30), steps: [{ to: "2027-01-24", ok: true }, { to: "2027-02-13", ok: true }], dueAt: endEST("2027-02-13") },
  { rule: "a third step one day past the limit is refused, stating the limit", source: "issue 6 §4 ('refused with the limit stated')", limit: CD(30), steps: [{ to: "2027-01-24", ok: true }, { to: "2027-02-14", ok: false, reason: "at most 30 calendar days in total, from 14 Jan 2027 to 13 Feb 2027 at the latest" }], dueAt: endEST("2027-01-24") },
  { rule: "an extension to 2099 is refused", source: "issue 6 (an extension to 2099 was accepted)", limit: CD(30), steps: [{ to: "2099-01-01", ok: false, reason: "at most 30 calendar days" }], dueAt: endEST("2027-01-14") },
  { rule: "an extension must be later than the current date", source: "issue 6 §4", limit: CD(30), steps: [{ to: "2027-01-14", ok: false, reason: "later than the current due date, 14 Jan 2027" }], dueAt: endEST("2027-01-14") },
  { rule: "a business-day limit skips MLK Day: 10 working days after 14 Jan 2027 is 29 Jan", source: "5 U.S.C. 6103; cal 1 2027", limit: BD(10), steps: [{ to: "2027-01-30", ok: false, reason: "to 29 Jan 2027 at the latest" }, { to: "2027-01-29", ok: true }], dueAt: endEST("2027-01-29") },
];

describe("extensions: vectors", () => {
  it.each(EXTENSIONS)("$rule ($source)", (v) => {
    let d = due("2026-11-30T10:00:00-05:00", CD(45));
    for (const step of v.steps) {
      const result = extendClock(d, step.to, "The client needs time", new Date("2027-01-05T12:00:00Z"), v.limit, BOSTON, "EU-U.S. Privacy Shield");
      expect(result.ok, step.to).toBe(step.ok);
      if (result.ok) d = result.deadline;
      else if (step.reason) expect(result.reason).toContain(step.reason);
    }
    expect(d.dueAt.toISOString()).toBe(v.dueAt);
  });

  it("keeps every extension in the computation and the sentence, and a pause after one adds to it", () => {
    let d = due("2026-11-30T10:00:00-05:00", CD(45));
    for (const [to, why] of [["2027-01-24", "Records at the client"], ["2027-02-03", "Translation"]] as const) {
      const r = extendClock(d, to, why, new Date("2027-01-05T12:00:00Z"), CD(30), BOSTON, "EU-U.S. Privacy Shield");
      if (!r.ok) throw new Error(r.reason);
      d = r.deadline;
    }
    expect(d.computation?.extensions.map((e) => [e.fromDay, e.dueDay])).toEqual([["2027-01-14", "2027-01-24"], ["2027-01-24", "2027-02-03"]]);
    expect(d.explanation).toContain("extended to 24 Jan 2027 by the Security Officer: Records at the client; extended to 3 Feb 2027 by the Security Officer: Translation");
    d = resumeClock(pauseClock(d, new Date("2027-01-10T10:00:00-05:00")), new Date("2027-01-12T10:00:00-05:00"), BOSTON);
    expect(d.dueAt.toISOString()).toBe(endEST("2027-02-05"));
  });
});

// ---- "in N days" as a person reads a calendar ------------------------------------------------

const READINGS: { rule: string; now: string; state: string; daysLeft: number }[] = [
  { rule: "a 5-day clock started today says in 5 days", now: "2026-05-04T14:00:00-04:00", state: "pending", daysLeft: 5 },
  { rule: "a minute after filing it still says 5, not 4", now: "2026-05-04T10:01:00-04:00", state: "pending", daysLeft: 5 },
  { rule: "the last day says due today, even at 23:59:59.999", now: "2026-05-09T23:59:59.999-04:00", state: "pending", daysLeft: 0 },
  { rule: "the next local midnight is overdue by 1 day", now: "2026-05-10T00:00:00-04:00", state: "overdue", daysLeft: -1 },
  { rule: "the day after that is overdue by 2 days", now: "2026-05-11T12:00:00-04:00", state: "overdue", daysLeft: -2 },
];

describe("reading a deadline: vectors", () => {
  // Source: issue 6 §2 ('a 5-day clock started today says "in 5 days", the last day says "due today", then "overdue by 1 day"').
  const clock = due("2026-05-04T10:00:00-04:00", CD(5));
  it.each(READINGS)("$rule", (r) => {
    expect(deadlineState(clock, new Date(r.now), "America/New_York")).toEqual({ state: r.state, daysLeft: r.daysLeft });
  });
});
