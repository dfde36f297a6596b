// Ladder moves and outside records carry the day they happened and the outside body's reference
// (ADR 035): the day is checked (a real day, not in the future, not before the case opened), the
// clocks that count from the step count from that day, and the event keeps both.
import { describe, expect, it } from "vitest";
import { decide, type CaseState } from "~/domain";
import { ENTERED, REFERRED, at, caseAt, complainant, officer, plusDays } from "./fixtures";

const OPENED = at("2026-02-20T15:00:00.000Z");
const now = plusDays(ENTERED, 20); // 2026-03-23
const opened = (state: CaseState): CaseState => ({ ...state, openedAt: OPENED });
// 2026-03-08 starts at 05:00Z in New York (the clocks go forward at 02:00 that day).
const MARCH_8 = at("2026-03-08T05:00:00.000Z");

describe("the day of an outside step", () => {
  const company = opened(caseAt("company", { answerRejected: true }));

  it("refuses a day in the future", () => {
    const d = decide(company, { type: "record_dma_referral", occurredOn: "2026-03-24" }, officer, now);
    expect(d).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("cannot be later than today, 23 Mar 2026") });
  });

  it("refuses a day before the case was opened", () => {
    const d = decide(company, { type: "record_dma_referral", occurredOn: "2026-02-19" }, officer, now);
    expect(d).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("before the case was opened") });
    expect(decide(company, { type: "record_dma_referral", occurredOn: "2026-02-20" }, officer, now).ok).toBe(true);
  });

  it("refuses what is not a day", () => {
    for (const occurredOn of ["2026-02-30", "23/03/2026", ""]) {
      expect(decide(company, { type: "record_dma_referral", occurredOn }, officer, now)).toMatchObject({ ok: false, code: "invalid" });
    }
  });

  it("refuses a reference longer than 200 characters", () => {
    const d = decide(company, { type: "record_dma_referral", occurredOn: "2026-03-20", externalReference: "x".repeat(201) }, officer, now);
    expect(d).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("too long") });
  });
});

describe("the dispute body's referral", () => {
  it("starts the review clock on the day the dispute body took the case and records the day and its case number", () => {
    const d = decide(opened(caseAt("company")), { type: "record_dma_referral", occurredOn: "2026-03-08", externalReference: " DMA-2026-0193 " }, officer, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state.stage).toBe("dma");
    expect(d.state.stageEnteredAt).toEqual(MARCH_8);
    expect(d.state.deadlines.find((x) => x.stage === "dma" && x.kind === "review")?.startsAt).toEqual(MARCH_8);
    expect(d.events).toEqual([
      { type: "dma_referral_recorded", payload: { from: "company", to: "dma", occurredOn: "2026-03-08", externalReference: "DMA-2026-0193" } },
    ]);
  });

  it("starts no clock before the current step began: a day before it counts from the step's start", () => {
    const d = decide(opened(caseAt("company")), { type: "record_dma_referral", occurredOn: "2026-02-25" }, officer, now);
    expect(d.ok && d.state.stageEnteredAt).toEqual(ENTERED);
    expect(d.ok && d.events[0]?.payload.occurredOn).toBe("2026-02-25");
  });

  it("recorded today counts from now, as before", () => {
    const d = decide(opened(caseAt("company")), { type: "record_dma_referral", occurredOn: "2026-03-23" }, officer, now);
    expect(d.ok && d.state.stageEnteredAt).toEqual(now);
  });
});

describe("escalation recorded by staff", () => {
  const rejected = opened(caseAt("client", { answerRejected: true }));

  it("moves the case up from the day the complainant asked, with the letter's reference", () => {
    const d = decide(rejected, { type: "escalate", occurredOn: "2026-03-08", externalReference: "Letter of 8 March" }, officer, now);
    expect(d).toMatchObject({
      ok: true,
      state: { stage: "company", status: "awaiting_acknowledgement", stageEnteredAt: MARCH_8 },
      events: [{ type: "escalated", payload: { from: "client", to: "company", occurredOn: "2026-03-08", externalReference: "Letter of 8 March" } }],
    });
  });

  it("follows the complainant's rules: no move while the step is being handled in time", () => {
    const d = decide(opened(caseAt("client")), { type: "escalate", occurredOn: "2026-03-08" }, officer, plusDays(ENTERED, 2));
    expect(d).toMatchObject({ ok: false, code: "not_yet" });
  });

  it("is dated today when the complainant moves up on the website, and cannot be dated otherwise", () => {
    const own = decide(rejected, { type: "escalate" }, complainant, now);
    expect(own).toMatchObject({ ok: true, events: [{ type: "escalated", payload: { from: "client", to: "company" } }] });
    expect(own.ok && own.state.stageEnteredAt).toEqual(now);
    expect(decide(rejected, { type: "escalate", occurredOn: "2026-03-08" }, complainant, now)).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("the arbitration notice and the award", () => {
  it("enters arbitration on the day of the notice", () => {
    const dma = opened(caseAt("dma", { answerRejected: true, stageEnteredAt: plusDays(ENTERED, -60), deadlines: [] }));
    const d = decide(dma, { type: "record_arbitration_notice", occurredOn: "2026-03-08", externalReference: "ICDR 01-26-0001" }, officer, plusDays(ENTERED, 120));
    expect(d).toMatchObject({
      ok: true,
      state: { stage: "arbitration", stageEnteredAt: MARCH_8 },
      events: [{ type: "arbitration_notice_recorded", payload: { occurredOn: "2026-03-08", externalReference: "ICDR 01-26-0001" } }],
    });
  });

  it("dates the award and counts its compliance period from the day of the award", () => {
    const ready = opened(caseAt("arbitration", { arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: null } }));
    const award = { type: "record_award", remedies: ["deletion"], summary: "Delete the records", occurredOn: "2026-03-08", externalReference: "Award 17" } as const;
    const d = decide(ready, { ...award, remedies: [...award.remedies] }, officer, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state.arbitration.award?.decidedAt).toEqual(MARCH_8);
    const compliance = d.state.deadlines.find((x) => x.kind === "award_compliance");
    expect(compliance?.startsAt).toEqual(MARCH_8);
    expect(d.events[0]).toMatchObject({ type: "award_recorded", payload: { decidedAt: MARCH_8.toISOString(), occurredOn: "2026-03-08", externalReference: "Award 17" } });
    const future = decide(ready, { ...award, remedies: ["deletion"], occurredOn: "2026-04-01" }, officer, now);
    expect(future).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("correcting a recorded referral by a data protection authority", () => {
  const referred = opened(caseAt("dma", { framework: "dpf", arbitration: { exclusion: null, dpaReferral: { ...REFERRED, referredOn: "2026-03-02" }, prerequisitesConfirmedAt: null, award: null } }));
  const correction = { type: "correct_dpa_referral", referredOn: "2026-03-09", reference: "CNIL-2026-0042", reason: "The day was typed wrong" } as const;

  it("is refused while no referral is recorded", () => {
    const none = opened(caseAt("dma", { framework: "dpf" }));
    expect(decide(none, correction, officer, now)).toMatchObject({ ok: false, code: "not_yet" });
  });

  it("replaces the day and reference, counts the period again and keeps the old values in the event", () => {
    const d = decide(referred, correction, officer, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const after = d.state.arbitration.dpaReferral;
    expect(after).toMatchObject({ referredOn: "2026-03-09", reference: "CNIL-2026-0042" });
    expect(after?.periodEndsAt?.getTime()).toBeGreaterThan(plusDays(MARCH_8, 1).getTime());
    expect(d.events).toEqual([
      {
        type: "dpa_referral_corrected",
        payload: expect.objectContaining({ referredOn: "2026-03-09", previousReferredOn: "2026-03-02", previousReference: "DPA-2025-17", reason: "The day was typed wrong" }),
      },
    ]);
  });

  it("needs a reason, a real change, and a day no later than today", () => {
    expect(decide(referred, { ...correction, reason: " " }, officer, now)).toMatchObject({ ok: false, code: "reason_required" });
    expect(decide(referred, { ...correction, referredOn: "2026-03-02", reference: "DPA-2025-17" }, officer, now)).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("as recorded") });
    expect(decide(referred, { ...correction, referredOn: "2026-03-24" }, officer, now)).toMatchObject({ ok: false, code: "invalid" });
    expect(decide(referred, correction, complainant, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
  });
});
