import { describe, expect, it } from "vitest";
import { FRAMEWORKS, addDays, deadlineState, deadlinesForStage, isBreached, type Deadline, type FrameworkProfile } from "~/domain";
import { DAY, ENTERED, at, pending, plusDays } from "./fixtures";

const PS = FRAMEWORKS.privacy_shield;

describe("deadlinesForStage", () => {
  it("gives the client stage a 5-day acknowledgement and a 45-day response from entry", () => {
    const [ack, response, ...rest] = deadlinesForStage("client", ENTERED, PS);
    expect(rest).toEqual([]);
    expect(ack).toMatchObject({ stage: "client", kind: "acknowledgement", startsAt: ENTERED, metAt: null, pausedAt: null });
    expect(ack?.dueAt.toISOString()).toBe("2026-03-08T10:00:00.000Z");
    expect(response).toMatchObject({ stage: "client", kind: "response", startsAt: ENTERED });
    expect(response?.dueAt.toISOString()).toBe("2026-04-17T10:00:00.000Z");
  });

  it("explains the company stage's response date with the principle it comes from", () => {
    const response = deadlinesForStage("company", ENTERED, PS).find((d) => d.kind === "response");
    expect(response?.explanation).toBe(
      "45 calendar days from 3 Mar 2026, when the case reached the company stage (Privacy Shield Supplemental Principle 11(d)(i))",
    );
    expect(response?.dueAt.toISOString()).toBe("2026-04-17T10:00:00.000Z");
  });

  it("cites the Data Privacy Framework under the DPF profile", () => {
    const response = deadlinesForStage("client", ENTERED, FRAMEWORKS.dpf).find((d) => d.kind === "response");
    expect(response?.explanation).toContain("Data Privacy Framework Supplemental Principle 11(d)(i)");
    expect(response?.explanation).toContain("when the case reached the client stage");
  });

  it("gives the dispute body a review period and arbitration an award period", () => {
    const [review, ...moreReview] = deadlinesForStage("dma", ENTERED, PS);
    expect(moreReview).toEqual([]);
    expect(review).toMatchObject({ stage: "dma", kind: "review" });
    expect(review?.dueAt.toISOString()).toBe("2026-04-17T10:00:00.000Z");
    expect(review?.explanation).toMatch(/^45 calendar days from 3 Mar 2026, when the case reached the independent dispute body stage/);

    const [award, ...moreAward] = deadlinesForStage("arbitration", ENTERED, PS);
    expect(moreAward).toEqual([]);
    expect(award).toMatchObject({ stage: "arbitration", kind: "award" });
    expect(award?.dueAt.toISOString()).toBe("2026-06-01T10:00:00.000Z");
    expect(award?.explanation).toMatch(/^90 calendar days from 3 Mar 2026/);
  });

  it("uses the profile's clocks, not fixed numbers", () => {
    const slow: FrameworkProfile = { ...PS, clocks: { acknowledgementDays: 2, responseDays: 30, dmaReviewDays: 60, arbitrationDays: 120 } };
    const [ack, response] = deadlinesForStage("company", ENTERED, slow);
    expect(ack?.dueAt).toEqual(plusDays(ENTERED, 2));
    expect(response?.dueAt).toEqual(plusDays(ENTERED, 30));
    expect(deadlinesForStage("dma", ENTERED, slow)[0]?.dueAt).toEqual(plusDays(ENTERED, 60));
    expect(deadlinesForStage("arbitration", ENTERED, slow)[0]?.dueAt).toEqual(plusDays(ENTERED, 120));
  });

  it("counts calendar days across month ends and leap years", () => {
    expect(addDays(at("2028-02-27T12:00:00Z"), 3).toISOString()).toBe("2028-03-01T12:00:00.000Z");
    expect(addDays(at("2026-12-30T00:00:00Z"), 5).toISOString()).toBe("2027-01-04T00:00:00.000Z");
  });
});

describe("deadlineState", () => {
  const d: Deadline = pending("client", "response", ENTERED, 45);
  const due = d.dueAt;

  it("counts whole days left while pending", () => {
    expect(deadlineState(d, ENTERED)).toEqual({ state: "pending", daysLeft: 45 });
    expect(deadlineState(d, new Date(due.getTime() - 2.5 * DAY))).toEqual({ state: "pending", daysLeft: 2 });
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
