// Issue 6 gaps: the award-compliance clock (an award, or a dispute body's decision that requires
// action, starts the organization's time to carry it out) and the DPF prerequisite that a DPA
// referred the complaint to Commerce and Commerce's 90 days have passed (ADR 023).
import { describe, expect, it } from "vitest";
import {
  FRAMEWORKS,
  WEEKENDS_ONLY_CALENDAR,
  awardComplianceDeadline,
  decide,
  dpaPeriodEnd,
  dueNotices,
  escalationEligibility,
  nextRunningDeadline,
  type CaseState,
  type Command,
} from "~/domain";
import { ENTERED, REFERRED, at, caseAt, clocksFor, complainant, officer, pending, plusDays } from "./fixtures";

const NY = { ...WEEKENDS_ONLY_CALENDAR, zone: "America/New_York" };
const AWARD: Command = { type: "record_award", remedies: ["deletion"], summary: "Delete the marketing records" };

function readyForAward(overrides: Partial<CaseState> = {}): CaseState {
  return caseAt("arbitration", { arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: null }, ...overrides });
}

describe("award compliance clock", () => {
  it("starts when the award is recorded: the profile's period (30 calendar days), counted like every deadline", () => {
    // Recorded Tue 10 Mar 2026, 11:00 New York: day 0 is 10 Mar, so the last day is 9 Apr.
    const recordedAt = at("2026-03-10T15:00:00.000Z");
    const d = decide(readyForAward(), AWARD, officer, recordedAt, FRAMEWORKS.privacy_shield, NY);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const clock = d.state.deadlines.find((x) => x.kind === "award_compliance");
    expect(clock).toMatchObject({ stage: "arbitration", metAt: null, pausedAt: null });
    expect(clock?.dueAt.toISOString()).toBe("2026-04-10T03:59:59.999Z");
    expect(clock?.explanation).toContain("30 calendar days from 10 Mar 2026, when the arbitration award was recorded");
    expect(d.events.map((e) => e.type)).toEqual(["award_recorded", "award_compliance_started"]);
    // The queue's stored next deadline is the compliance clock now that the award clock is met.
    expect(nextRunningDeadline(d.state)?.toISOString()).toBe("2026-04-10T03:59:59.999Z");
  });

  it("uses the case's profile: a 14-day compliance period gives a 14-day clock", () => {
    const profile = { ...FRAMEWORKS.privacy_shield, clocks: { ...FRAMEWORKS.privacy_shield.clocks, awardCompliance: { count: 14, unit: "calendar_days" as const } } };
    const d = decide(readyForAward(), AWARD, officer, at("2026-03-10T15:00:00.000Z"), profile, NY);
    expect(d.ok && d.state.deadlines.find((x) => x.kind === "award_compliance")?.dueAt.toISOString()).toBe("2026-03-25T03:59:59.999Z");
  });

  it("is met by recording that the award was complied with, which resolves the case", () => {
    const awarded = decide(readyForAward(), AWARD, officer, ENTERED, FRAMEWORKS.privacy_shield, NY);
    if (!awarded.ok) throw new Error("award refused");
    const later = plusDays(ENTERED, 12);
    const done = decide(awarded.state, { type: "confirm_award_compliance" }, officer, later, FRAMEWORKS.privacy_shield, NY);
    expect(done).toMatchObject({ ok: true, state: { status: "resolved", closure: { kind: "resolved" } } });
    if (!done.ok) return;
    expect(done.state.deadlines.find((x) => x.kind === "award_compliance")?.metAt).toEqual(later);
    expect(nextRunningDeadline(done.state)).toBeNull();
  });

  it("does not stop while the case waits for the complainant: carrying out an award is the organization's", () => {
    const awarded = decide(readyForAward(), AWARD, officer, ENTERED, FRAMEWORKS.privacy_shield, NY);
    if (!awarded.ok) throw new Error("award refused");
    const asked = decide(awarded.state, { type: "request_information", message: "Which address?" }, officer, plusDays(ENTERED, 1), FRAMEWORKS.privacy_shield, NY);
    expect(asked.ok && asked.state.deadlines.find((x) => x.kind === "award_compliance")?.pausedAt).toBeNull();
  });

  it("sweeps remind whoever must comply before it and alert the officer after it", () => {
    const clock = awardComplianceDeadline("arbitration", ENTERED, FRAMEWORKS.privacy_shield, NY);
    const state = caseAt("arbitration", { deadlines: [{ ...clock }], arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: { remedies: ["deletion"], summary: "x", decidedAt: ENTERED } } });
    const before = dueNotices({ state, waitingSince: null }, new Date(clock.dueAt.getTime() - 36 * 3600 * 1000));
    expect(before).toEqual([expect.objectContaining({ kind: "reminder_2d", template: "deadline_reminder", to: ["officer", "liaisons"], facts: expect.objectContaining({ deadlineKind: "award_compliance" }) })]);
    const after = dueNotices({ state, waitingSince: null }, new Date(clock.dueAt.getTime() + 1000));
    expect(after).toEqual([expect.objectContaining({ kind: "breach", template: "deadline_breached", to: ["officer"] })]);
  });

  it("starts at the dispute body when the officer records a decision that requires action", () => {
    const d = decide(caseAt("dma"), { type: "record_dma_outcome", summary: "Suppress the address", requiresAction: true }, officer, ENTERED, FRAMEWORKS.privacy_shield, NY);
    expect(d).toMatchObject({ ok: true, state: { status: "answered" } });
    if (!d.ok) return;
    expect(d.state.deadlines.find((x) => x.kind === "award_compliance")).toMatchObject({ stage: "dma", metAt: null });
    expect(d.state.deadlines.find((x) => x.kind === "award_compliance")?.explanation).toContain("when the dispute body's decision was recorded");
    expect(d.events).toEqual([
      { type: "dma_outcome_recorded", payload: { summary: "Suppress the address", requiresAction: true } },
      { type: "award_compliance_started", payload: { stage: "dma", dueAt: expect.any(String) } },
    ]);
    const done = decide(d.state, { type: "confirm_award_compliance" }, officer, plusDays(ENTERED, 3), FRAMEWORKS.privacy_shield, NY);
    expect(done).toMatchObject({ ok: true, state: { status: "resolved" }, events: [{ type: "award_complied_with", payload: { stage: "dma" } }] });
  });

  it("does not start for a dispute body's outcome that requires nothing, and compliance cannot then be recorded", () => {
    const d = decide(caseAt("dma"), { type: "record_dma_outcome", summary: "No breach found" }, officer, ENTERED);
    if (!d.ok) throw new Error("refused");
    expect(d.state.deadlines.some((x) => x.kind === "award_compliance")).toBe(false);
    expect(decide(d.state, { type: "confirm_award_compliance" }, officer, ENTERED)).toMatchObject({
      ok: false,
      code: "not_yet",
      reason: "No decision of the dispute body that requires action has been recorded.",
    });
  });

  it("a breached compliance clock at the dispute body opens arbitration to the complainant", () => {
    const state = caseAt("dma", { status: "answered", deadlines: [...clocksFor("dma", ENTERED).map((x) => ({ ...x, metAt: ENTERED })), pending("dma", "award_compliance", ENTERED, 30)] });
    expect(escalationEligibility(state, plusDays(ENTERED, 29), FRAMEWORKS.privacy_shield).allowed).toBe(false);
    expect(escalationEligibility(state, plusDays(ENTERED, 31), FRAMEWORKS.privacy_shield)).toMatchObject({ allowed: true, to: "arbitration" });
  });
});

describe("DPF: the DPA's referral to the Department of Commerce before arbitration", () => {
  const dpfAtDma = (overrides: Partial<CaseState> = {}) => caseAt("dma", { framework: "dpf", answerRejected: true, ...overrides });
  const REFERRAL: Command = { type: "record_dpa_referral", referredOn: "2026-03-02", reference: " CNIL-2026-0042 " };

  it("Commerce's 90 calendar days count from the referral day and end at the end of day 90 in the operator's zone", () => {
    expect(dpaPeriodEnd("2026-03-02", { count: 90, unit: "calendar_days" }, NY).toISOString()).toBe("2026-06-01T03:59:59.999Z");
    // Across the March DST change and a leap day.
    expect(dpaPeriodEnd("2028-01-01", { count: 90, unit: "calendar_days" }, NY).toISOString()).toBe("2028-04-01T03:59:59.999Z") // 31 Mar 2028: 29 Feb counted, EDT after the March change;
  });

  it("records the day and reference and starts the period", () => {
    const d = decide(dpfAtDma(), REFERRAL, officer, ENTERED, FRAMEWORKS.dpf, NY);
    expect(d).toMatchObject({
      ok: true,
      state: { arbitration: { dpaReferral: { referredOn: "2026-03-02", reference: "CNIL-2026-0042", periodEndsAt: at("2026-06-01T03:59:59.999Z") } } },
      events: [{ type: "dpa_referral_recorded", payload: { referredOn: "2026-03-02", reference: "CNIL-2026-0042", periodEndsAt: "2026-06-01T03:59:59.999Z" } }],
    });
  });

  it.each([
    ["a blank reference", { referredOn: "2026-03-02", reference: "  " }, "reference"],
    ["a day that does not exist", { referredOn: "2026-02-30", reference: "X-1" }, "YYYY-MM-DD"],
    ["a day after today", { referredOn: "2026-03-04", reference: "X-1" }, "cannot be later than today, 3 Mar 2026"],
  ])("refuses %s", (_name, fields, words) => {
    const d = decide(dpfAtDma(), { type: "record_dpa_referral", ...fields }, officer, ENTERED, FRAMEWORKS.dpf, NY);
    expect(d).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining(words) });
  });

  it("is recorded once", () => {
    expect(decide(dpfAtDma({ arbitration: { exclusion: null, dpaReferral: REFERRED, prerequisitesConfirmedAt: null, award: null } }), REFERRAL, officer, ENTERED)).toMatchObject({
      ok: false,
      code: "already_recorded",
    });
  });

  it("refuses escalation to arbitration while Commerce's period runs, stating the day it opens; allows it the day after", () => {
    const referred = decide(dpfAtDma(), REFERRAL, officer, ENTERED, FRAMEWORKS.dpf, NY);
    if (!referred.ok) throw new Error("refused");
    const lastDay = at("2026-06-01T03:00:00.000Z"); // 31 May, 23:00 New York
    const early = decide(referred.state, { type: "escalate" }, complainant, lastDay, FRAMEWORKS.dpf, NY);
    expect(early).toMatchObject({
      ok: false,
      code: "not_yet",
      reason: expect.stringContaining("Binding arbitration can be invoked from 1 Jun 2026."),
      availableFrom: at("2026-06-01T04:00:00.000Z"),
    });
    expect(early.ok === false && early.reason).toContain("referral on 2 Mar 2026");
    const dayAfter = at("2026-06-01T04:00:00.000Z"); // 1 Jun, 00:00 New York
    expect(decide(referred.state, { type: "escalate" }, complainant, dayAfter, FRAMEWORKS.dpf, NY)).toMatchObject({ ok: true, state: { stage: "arbitration" } });
  });

  it("refuses the officer's notice of arbitration from the dispute body on the same terms", () => {
    expect(decide(dpfAtDma(), { type: "record_arbitration_notice" }, officer, ENTERED, FRAMEWORKS.dpf, NY)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
    const referred = decide(dpfAtDma(), REFERRAL, officer, ENTERED, FRAMEWORKS.dpf, NY);
    if (!referred.ok) throw new Error("refused");
    expect(decide(referred.state, { type: "record_arbitration_notice" }, officer, plusDays(ENTERED, 10), FRAMEWORKS.dpf, NY)).toMatchObject({ ok: false, code: "not_yet" });
  });

  it("refuses to confirm the prerequisites in arbitration before the period has passed", () => {
    const arb = caseAt("arbitration", { framework: "dpf", arbitration: { exclusion: null, dpaReferral: { referredOn: "2026-03-02", reference: "X", periodEndsAt: at("2026-06-01T03:59:59.999Z") }, prerequisitesConfirmedAt: null, award: null } });
    const confirm: Command = { type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null };
    expect(decide(arb, confirm, officer, ENTERED, FRAMEWORKS.dpf, NY)).toMatchObject({ ok: false, code: "not_yet", reason: expect.stringContaining("1 Jun 2026") });
    expect(decide(arb, confirm, officer, at("2026-06-02T12:00:00.000Z"), FRAMEWORKS.dpf, NY).ok).toBe(true);
  });

  it("is not required under the Privacy Shield profile", () => {
    expect(decide(caseAt("dma", { answerRejected: true }), { type: "escalate" }, complainant, ENTERED, FRAMEWORKS.privacy_shield, NY)).toMatchObject({ ok: true });
  });

  it("a referral recorded before it kept a day (periodEndsAt null) counts as passed", () => {
    const old = dpfAtDma({ arbitration: { exclusion: null, dpaReferral: { referredOn: null, reference: null, periodEndsAt: null }, prerequisitesConfirmedAt: null, award: null } });
    expect(decide(old, { type: "escalate" }, complainant, ENTERED, FRAMEWORKS.dpf, NY).ok).toBe(true);
  });
});

describe("a breach alert after a pause and resume (issue 6 gap 5)", () => {
  it("is not sent a second time for the same deadline when the resumed clock is still past due", () => {
    const calendarNY = { ...WEEKENDS_ONLY_CALENDAR, zone: "America/New_York" };
    const filed = decide(caseAt("company", { status: "awaiting_acknowledgement", deadlines: [] }), { type: "acknowledge" }, officer, ENTERED, FRAMEWORKS.privacy_shield, calendarNY);
    if (!filed.ok) throw new Error("refused");
    const response = awardComplianceDeadline("company", ENTERED, FRAMEWORKS.privacy_shield, calendarNY); // a counted 30-day clock
    const state: CaseState = { ...filed.state, deadlines: [{ ...response, kind: "response" }] };
    const late = plusDays(response.dueAt, 5);
    const first = dueNotices({ state, waitingSince: null }, late).filter((n) => n.kind === "breach");
    expect(first).toHaveLength(1);
    // Paused for two days while the complainant is asked, then resumed: paused after its due moment,
    // it gets nothing back and stays breached (ADR 058).
    const asked = decide(state, { type: "request_information", message: "Which address?" }, officer, late, FRAMEWORKS.privacy_shield, calendarNY);
    if (!asked.ok) throw new Error("refused");
    const resumed = decide(asked.state, { type: "post_message", audience: "parties", channel: "web" }, complainant, plusDays(late, 2), FRAMEWORKS.privacy_shield, calendarNY);
    if (!resumed.ok) throw new Error("refused");
    const moved = resumed.state.deadlines.find((d) => d.kind === "response")!;
    expect(moved.dueAt).toEqual(response.dueAt);
    expect(moved.computation?.pauses).toMatchObject([{ addedDays: 0 }]);
    const again = dueNotices({ state: resumed.state, waitingSince: null }, plusDays(late, 3)).filter((n) => n.kind === "breach");
    expect(again.map((n) => n.subject)).toEqual(first.map((n) => n.subject));
  });
});
