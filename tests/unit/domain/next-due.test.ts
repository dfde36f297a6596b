import { describe, expect, it } from "vitest";
import { nextRunningDeadline, type Deadline } from "~/domain";
import { ENTERED, at, pending } from "./fixtures";

const ack = pending("client", "acknowledgement", ENTERED, 5); // due 8 Mar
const response = pending("client", "response", ENTERED, 45); // due 17 Apr
const earlierElsewhere = pending("company", "acknowledgement", at("2026-03-01T10:00:00.000Z"), 1);

describe("nextRunningDeadline (the queue's sort key)", () => {
  it("is the earliest running clock of the current stage", () => {
    expect(nextRunningDeadline({ stage: "client", status: "awaiting_acknowledgement", deadlines: [response, ack] })).toEqual(ack.dueAt);
  });

  it("ignores met and paused clocks", () => {
    const met: Deadline = { ...ack, metAt: at("2026-03-04T10:00:00.000Z") };
    expect(nextRunningDeadline({ stage: "client", status: "in_progress", deadlines: [met, response] })).toEqual(response.dueAt);
    const paused: Deadline = { ...response, pausedAt: at("2026-03-05T10:00:00.000Z") };
    expect(nextRunningDeadline({ stage: "client", status: "awaiting_complainant", deadlines: [met, paused] })).toBeNull();
  });

  it("ignores clocks of other stages, even earlier ones", () => {
    expect(nextRunningDeadline({ stage: "client", status: "in_progress", deadlines: [earlierElsewhere, response] })).toEqual(response.dueAt);
    expect(nextRunningDeadline({ stage: "dma", status: "in_progress", deadlines: [ack, response] })).toBeNull();
  });

  it("is null once the case has ended, whatever its clocks say", () => {
    for (const status of ["resolved", "withdrawn", "closed"] as const) {
      expect(nextRunningDeadline({ stage: "client", status, deadlines: [ack, response] }), status).toBeNull();
    }
  });

  it("is null without clocks", () => {
    expect(nextRunningDeadline({ stage: "client", status: "in_progress", deadlines: [] })).toBeNull();
  });
});
