import { describe, expect, it } from "vitest";
import { FRAMEWORKS, addDays, deadlineState, deadlinesForStage, isBreached, isExtendable, type Deadline, type FrameworkProfile } from "~/domain";
import { DAY, ENTERED, at, pending, plusDays } from "./fixtures";

const PS = FRAMEWORKS.privacy_shield;

// Received Tue 3 Mar 2026 10:00 UTC = 05:00 New York time (EST); DST starts Sun 8 Mar 2026.
// Each clock ends at 23:59:59.999 New York time on its last day (ADR 011).
describe("deadlinesForStage", () => {
  it("gives the client stage a 5-working-day acknowledgement and a 45-calendar-day response from entry", () => {
    const [ack, response, ...rest] = deadlinesForStage("client", ENTERED, PS);
    expect(rest).toEqual([]);
    expect(ack).toMatchObject({ stage: "client", kind: "acknowledgement", startsAt: ENTERED, metAt: null, pausedAt: null });
    expect(ack?.dueAt.toISOString()).toBe("2026-03-11T03:59:59.999Z"); // Tue 10 Mar, EDT
    expect(response).toMatchObject({ stage: "client", kind: "response", startsAt: ENTERED });
    expect(response?.dueAt.toISOString()).toBe("2026-04-18T03:59:59.999Z"); // Fri 17 Apr, EDT
  });

  it("explains the company stage's response date with the principle it comes from", () => {
    const response = deadlinesForStage("company", ENTERED, PS).find((d) => d.kind === "response");
    expect(response?.explanation).toBe(
      "Due 17 Apr 2026 (end of day, New York time): 45 calendar days from 3 Mar 2026, when your complaint reached our Security Officer (Privacy Shield Supplemental Principle 11(d)(i)).",
    );
  });

  it("cites the Data Privacy Framework under the DPF profile", () => {
    const response = deadlinesForStage("client", ENTERED, FRAMEWORKS.dpf).find((d) => d.kind === "response");
    expect(response?.explanation).toContain("(Data Privacy Framework Supplemental Principle 11(d)(i))");
    expect(response?.explanation).toContain("when your complaint reached the client");
  });

  it("gives the dispute body a review period and arbitration an award period", () => {
    const [review, ...moreReview] = deadlinesForStage("dma", ENTERED, PS);
    expect(moreReview).toEqual([]);
    expect(review).toMatchObject({ stage: "dma", kind: "review" });
    expect(review?.dueAt.toISOString()).toBe("2026-04-18T03:59:59.999Z");
    expect(review?.explanation).toMatch(/^Due 17 Apr 2026 \(end of day, New York time\): 45 calendar days from 3 Mar 2026, when your case reached the independent dispute body/);

    const [award, ...moreAward] = deadlinesForStage("arbitration", ENTERED, PS);
    expect(moreAward).toEqual([]);
    expect(award).toMatchObject({ stage: "arbitration", kind: "award" });
    expect(award?.dueAt.toISOString()).toBe("2026-06-02T03:59:59.999Z");
    expect(award?.explanation).toMatch(/: 90 calendar days from 3 Mar 2026, when your case reached the arbitration panel/);
  });

  it("uses the profile's clocks, not fixed numbers", () => {
    const slow: FrameworkProfile = {
      ...PS,
      clocks: {
        ...PS.clocks,
        acknowledgement: { count: 2, unit: "business_days" },
        response: { count: 30, unit: "calendar_days" },
        dmaReview: { count: 60, unit: "business_days" },
        arbitration: { count: 120, unit: "calendar_days" },
      },
    };
    const [ack, response] = deadlinesForStage("company", ENTERED, slow);
    expect(ack?.computation?.dueDay).toBe("2026-03-05");
    expect(response?.computation?.dueDay).toBe("2026-04-02");
    expect(deadlinesForStage("dma", ENTERED, slow)[0]?.computation?.dueDay).toBe("2026-05-26"); // 60 weekdays
    expect(deadlinesForStage("arbitration", ENTERED, slow)[0]?.computation?.dueDay).toBe("2026-07-01");
  });

  it("still offers whole-day arithmetic across month ends and leap years", () => {
    expect(addDays(at("2028-02-27T12:00:00Z"), 3).toISOString()).toBe("2028-03-01T12:00:00.000Z");
    expect(addDays(at("2026-12-30T00:00:00Z"), 5).toISOString()).toBe("2027-01-04T00:00:00.000Z");
  });
});

describe("deadlineState", () => {
  const d: Deadline = pending("client", "response", ENTERED, 45);
  const due = d.dueAt;

  // A fixture clock without a computation counts days in UTC.
  it("counts calendar days left while pending, as a person reads a calendar", () => {
    expect(deadlineState(d, ENTERED)).toEqual({ state: "pending", daysLeft: 45 });
    expect(deadlineState(d, new Date(due.getTime() - 2.5 * DAY))).toEqual({ state: "pending", daysLeft: 3 });
    expect(deadlineState(d, due)).toEqual({ state: "pending", daysLeft: 0 });
  });

  it("is overdue with negative days once the due moment has passed", () => {
    expect(deadlineState(d, new Date(due.getTime() + 60 * 60 * 1000))).toEqual({ state: "overdue", daysLeft: -1 });
    expect(deadlineState(d, new Date(due.getTime() + 3.5 * DAY))).toEqual({ state: "overdue", daysLeft: -3 });
  });

  it("is met when met on time and met_late when met after the due date, whatever the clock says now", () => {
    const later = plusDays(due, 100);
    expect(deadlineState({ ...d, metAt: plusDays(due, -10) }, later)).toEqual({ state: "met", daysLeft: 10 });
    expect(deadlineState({ ...d, metAt: plusDays(due, 4) }, later)).toEqual({ state: "met_late", daysLeft: -4 });
  });

  it("is paused while paused, counting the days that were left when it stopped", () => {
    expect(deadlineState({ ...d, pausedAt: plusDays(due, -7) }, plusDays(due, 30))).toEqual({ state: "paused", daysLeft: 7 });
  });
});

describe("isBreached", () => {
  const d = pending("company", "response", ENTERED, 45);

  it("is breached only strictly after the due moment", () => {
    expect(isBreached(d, d.dueAt)).toBe(false);
    expect(isBreached(d, new Date(d.dueAt.getTime() + 1))).toBe(true);
  });

  it("judges a met deadline by when it was met", () => {
    expect(isBreached({ ...d, metAt: plusDays(d.dueAt, -1) }, plusDays(d.dueAt, 9))).toBe(false);
    expect(isBreached({ ...d, metAt: plusDays(d.dueAt, 1) }, ENTERED)).toBe(true);
  });

  it("judges a paused deadline by when it was paused", () => {
    expect(isBreached({ ...d, pausedAt: plusDays(d.dueAt, -1) }, plusDays(d.dueAt, 9))).toBe(false);
    expect(isBreached({ ...d, pausedAt: plusDays(d.dueAt, 1) }, plusDays(d.dueAt, 9))).toBe(true);
  });
});

describe("isExtendable", () => {
  const d = pending("company", "response", ENTERED, 45);

  it("offers an extension only while the clock counts and is not missed", () => {
    expect(isExtendable(d, d.dueAt)).toBe(true);
    expect(isExtendable(d, new Date(d.dueAt.getTime() + 1))).toBe(false);
    // Paused before its due moment, it is not missed however long the wait; paused after it, it is.
    expect(isExtendable({ ...d, pausedAt: plusDays(d.dueAt, -1) }, plusDays(d.dueAt, 9))).toBe(true);
    expect(isExtendable({ ...d, pausedAt: plusDays(d.dueAt, 1) }, plusDays(d.dueAt, 9))).toBe(false);
    expect(isExtendable({ ...d, metAt: ENTERED }, ENTERED)).toBe(false);
    expect(isExtendable({ ...d, stoppedAt: ENTERED }, ENTERED)).toBe(false);
  });
});
