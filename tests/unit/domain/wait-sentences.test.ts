import { describe, expect, it } from "vitest";
import { describeWaitForComplainant, describeWaitForStaff, waitOf } from "../../../app/domain/waits";

// A request for information at 22:30 on 14 January in New York is already 15 January in UTC: the
// sentences must give the operator's day, as every deadline on the page does.
const since = new Date("2026-01-15T03:30:00.000Z");
const wait = waitOf("awaiting_complainant", since)!;

describe("the wait sentences read days in the operator's zone", () => {
  it("for staff: since, reminder and closure proposal on New York days", () => {
    const sentence = describeWaitForStaff(wait, new Date("2026-01-20T12:00:00.000Z"), "America/New_York");
    expect(sentence).toMatch(/^Waiting since 14 Jan 2026 for the complainant's reply/);
    expect(sentence).toContain("A reminder goes to the complainant on 28 Jan 2026");
    expect(sentence).toContain("on 13 Feb 2026 the case is proposed to you");
  });

  it("for the complainant: the same days", () => {
    expect(describeWaitForComplainant(wait, "America/New_York")).toBe(
      "We have been waiting for your reply since 14 Jan 2026. If we hear nothing by 13 Feb 2026, the Security Officer may close your complaint as not pursued.",
    );
  });

  it("in UTC the same instant is the next day", () => {
    expect(describeWaitForComplainant(wait, "UTC")).toContain("since 15 Jan 2026");
  });
});
