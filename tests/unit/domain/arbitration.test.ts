import { describe, expect, it } from "vitest";
import { FRAMEWORKS, decide, escalationEligibility, type ArbitrationExclusion, type CaseState, type Command } from "~/domain";
import { ENTERED, REFERRED, caseAt, clocksFor, complainant, liaison, officer, plusDays } from "./fixtures";

const ESCALATE = { type: "escalate" } as const;
const now = plusDays(ENTERED, 3);

function atDma(overrides: Partial<CaseState> = {}): CaseState {
  return caseAt("dma", { answerRejected: true, ...overrides });
}

describe("escalating to arbitration (Annex I)", () => {
  it("is allowed after the company and the DMA under Privacy Shield, with no DPA referral", () => {
    expect(decide(atDma(), ESCALATE, complainant, now)).toMatchObject({ ok: true, state: { stage: "arbitration" } });
  });

  it("is refused when the case never went to the company", () => {
    const d = decide(atDma({ stagesVisited: ["client", "dma"] }), ESCALATE, complainant, now);
    expect(d).toMatchObject({
      ok: false,
      code: "prerequisites_not_met",
      reason: expect.stringContaining("contact the company directly and then the DMA first"),
    });
  });

  it("is refused when the case never went to the DMA", () => {
    const d = decide(atDma({ stagesVisited: ["client", "company"] }), ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: false, code: "prerequisites_not_met" });
  });

  it("reports missing prerequisites even before the stage's deadline has passed", () => {
    const d = decide(atDma({ answerRejected: false, stagesVisited: ["dma"] }), ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: false, code: "prerequisites_not_met" });
  });

  it("follows the real path: a case the dispute body took straight from the client stage cannot reach arbitration", () => {
    const referred = decide(caseAt("client"), { type: "record_dma_referral" }, officer, now);
    expect(referred).toMatchObject({ ok: true, state: { stage: "dma", stagesVisited: ["client", "dma"] } });
    if (!referred.ok) return;
    const d = decide({ ...referred.state, answerRejected: true }, ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: false, code: "prerequisites_not_met" });
  });

  it.each<[ArbitrationExclusion, string]>([
    ["already_arbitrated", "already been decided in binding arbitration"],
    ["court_judgment", "court"],
    ["settled", "settled"],
  ])("is refused when excluded: %s", (exclusion, words) => {
    const state = atDma({ arbitration: { exclusion, dpaReferral: null, prerequisitesConfirmedAt: null, award: null } });
    const d = decide(state, ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: false, code: "arbitration_excluded", reason: expect.stringContaining(words) });
  });

  it("requires the DPA-to-Commerce referral under the DPF profile", () => {
    const d = decide(atDma({ framework: "dpf" }), ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: false, code: "prerequisites_not_met", reason: expect.stringContaining("Department of Commerce") });
    expect(escalationEligibility(atDma({ framework: "dpf" }), now, FRAMEWORKS.dpf)).toMatchObject({ allowed: false, code: "prerequisites_not_met" });
  });

  it("allows it under DPF once the officer records the DPA referral", () => {
    const recorded = decide(atDma({ framework: "dpf" }), { type: "record_dpa_referral", referredOn: "2025-01-02", reference: "DPA-2025-17" }, officer, now);
    expect(recorded).toMatchObject({ ok: true, state: { arbitration: { dpaReferral: REFERRED } }, events: [{ type: "dpa_referral_recorded" }] });
    if (!recorded.ok) return;
    expect(decide(recorded.state, ESCALATE, complainant, now)).toMatchObject({ ok: true, state: { stage: "arbitration" } });
  });

  it("uses the profile given to decide, so a configured profile wins over the built-in one", () => {
    const strict = { ...FRAMEWORKS.privacy_shield, arbitrationRequiresDpaReferral: true };
    expect(decide(atDma(), ESCALATE, complainant, now, strict)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
  });
});

describe("recording the prerequisites", () => {
  const arbitration = (overrides: Partial<CaseState> = {}) => caseAt("arbitration", overrides);
  const confirm = (companyContacted: boolean, dmaContacted: boolean, exclusion: ArbitrationExclusion | null = null): Command => ({
    type: "record_prerequisites",
    companyContacted,
    dmaContacted,
    exclusion,
  });

  it("confirms when the company and the DMA were contacted and nothing excludes it", () => {
    const d = decide(arbitration(), confirm(true, true), officer, now);
    expect(d).toMatchObject({ ok: true, state: { arbitration: { prerequisitesConfirmedAt: now } }, events: [{ type: "prerequisites_confirmed" }] });
  });

  it("refuses when the company was not contacted", () => {
    expect(decide(arbitration(), confirm(false, true), officer, now)).toMatchObject({
      ok: false,
      code: "prerequisites_not_met",
      reason: expect.stringContaining("company"),
    });
  });

  it("refuses when the DMA was not contacted", () => {
    expect(decide(arbitration(), confirm(true, false), officer, now)).toMatchObject({
      ok: false,
      code: "prerequisites_not_met",
      reason: expect.stringContaining("independent dispute body"),
    });
  });

  it.each<ArbitrationExclusion>(["already_arbitrated", "court_judgment", "settled"])("records an exclusion on the case, and then confirms nothing: %s", (exclusion) => {
    const d = decide(arbitration(), confirm(false, false, exclusion), officer, now);
    expect(d).toMatchObject({ ok: true, state: { arbitration: { exclusion, prerequisitesConfirmedAt: null } }, events: [{ type: "arbitration_excluded", payload: { exclusion } }] });
    if (!d.ok) return;
    expect(decide(d.state, confirm(true, true), officer, now)).toMatchObject({ ok: false, code: "arbitration_excluded" });
    expect(decide({ ...d.state, arbitration: { ...d.state.arbitration } }, { type: "record_award", remedies: ["deletion"], summary: "Delete" }, officer, now)).toMatchObject({ ok: false });
  });

  it("records an exclusion under DPF even before the DPA's referral", () => {
    const d = decide(arbitration({ framework: "dpf" }), confirm(false, false, "court_judgment"), officer, now);
    expect(d).toMatchObject({ ok: true, state: { arbitration: { exclusion: "court_judgment" } } });
  });

  it("refuses under DPF without the DPA referral, and accepts with it", () => {
    const missing = arbitration({ framework: "dpf" });
    expect(decide(missing, confirm(true, true), officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
    const present = arbitration({ framework: "dpf", arbitration: { exclusion: null, dpaReferral: REFERRED, prerequisitesConfirmedAt: null, award: null } });
    expect(decide(present, confirm(true, true), officer, now).ok).toBe(true);
  });

  it("refuses when the case already carries an exclusion", () => {
    const excluded = arbitration({ arbitration: { exclusion: "court_judgment", dpaReferral: null, prerequisitesConfirmedAt: null, award: null } });
    expect(decide(excluded, confirm(true, true), officer, now)).toMatchObject({ ok: false, code: "arbitration_excluded" });
  });

  it("is the officer's to record", () => {
    expect(decide(arbitration(), confirm(true, true), liaison, now)).toMatchObject({
      ok: false,
      code: "not_allowed_for_role",
      reason: "Only the Security Officer can confirm the arbitration prerequisites.",
    });
  });
});

describe("recording the award", () => {
  const ready = caseAt("arbitration", { arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: null } });
  const award = (extra: Partial<Extract<Command, { type: "record_award" }>> = {}): Command => ({
    type: "record_award",
    remedies: ["deletion", "access"],
    summary: " Delete the marketing records and give a copy first ",
    ...extra,
  });

  it("refuses a money amount with a clear sentence", () => {
    for (const monetaryAmount of [500, 0]) {
      expect(decide(ready, award({ monetaryAmount }), officer, now)).toEqual({
        ok: false,
        code: "monetary_award",
        reason: "Binding arbitration gives no monetary award: record access, correction, deletion or return of data.",
      });
    }
  });

  it("refuses an award without remedies", () => {
    expect(decide(ready, award({ remedies: [] }), officer, now)).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("at least one remedy") });
  });

  it("refuses a remedy that is not one of the four", () => {
    const bad = award({ remedies: ["compensation" as never] });
    expect(decide(ready, bad, officer, now)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("refuses before the prerequisites are confirmed", () => {
    const early = caseAt("arbitration");
    expect(decide(early, award(), officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
  });

  it("records the remedies, meets the award deadline and keeps the case open until compliance", () => {
    const d = decide(ready, award({ monetaryAmount: null }), officer, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state.status).toBe("in_progress");
    expect(d.state.arbitration.award).toEqual({ remedies: ["access", "deletion"], summary: "Delete the marketing records and give a copy first", decidedAt: now });
    expect(d.state.deadlines.find((x) => x.kind === "award")?.metAt).toEqual(now);
    expect(d.events).toEqual([
      {
        type: "award_recorded",
        payload: {
          remedies: ["access", "deletion"],
          summary: "Delete the marketing records and give a copy first",
          decidedAt: now.toISOString(),
          // Recorded without a day: dated today, in the operator's zone (ADR 035).
          occurredOn: now.toISOString().slice(0, 10),
          externalReference: null,
        },
      },
      { type: "award_compliance_started", payload: { stage: "arbitration", dueAt: expect.any(String) } },
    ]);
    expect(decide(d.state, award(), officer, now)).toMatchObject({ ok: false, code: "already_recorded" });

    const done = decide(d.state, { type: "confirm_award_compliance" }, officer, plusDays(now, 10));
    expect(done).toMatchObject({
      ok: true,
      state: { status: "resolved", closure: { kind: "resolved" } },
      events: [{ type: "award_complied_with", payload: { outcome: "resolved" } }],
    });
  });

  it("cannot confirm compliance before there is an award", () => {
    expect(decide(ready, { type: "confirm_award_compliance" }, officer, now)).toMatchObject({ ok: false, code: "not_yet" });
  });
});

describe("recording the notice of arbitration", () => {
  it("takes an arbitration case out of waiting", () => {
    const d = decide(caseAt("arbitration", { status: "awaiting_acknowledgement" }), { type: "record_arbitration_notice" }, officer, now);
    expect(d).toMatchObject({ ok: true, state: { stage: "arbitration", status: "in_progress" } });
  });

  it("moves a dma case to arbitration when the complainant went to the panel directly", () => {
    const d = decide(caseAt("dma"), { type: "record_arbitration_notice" }, officer, now);
    expect(d).toMatchObject({
      ok: true,
      state: { stage: "arbitration", status: "in_progress", stagesVisited: ["client", "company", "dma", "arbitration"] },
      events: [{ type: "arbitration_notice_recorded", payload: { from: "dma", to: "arbitration" } }],
    });
  });
});

describe("what closes arbitration for good (DESIGN: not excluded)", () => {
  it("a settlement: a case closed as settled, reopened, and answered again cannot go to arbitration", () => {
    const closed = decide(atDma(), { type: "close", kind: "settled", reason: "Agreed on deletion" }, officer, now);
    expect(closed).toMatchObject({ ok: true, state: { status: "closed", arbitration: { exclusion: "settled" } } });
    if (!closed.ok) return;
    const reopened = decide(closed.state, { type: "reopen", reason: "The deletion did not happen" }, officer, plusDays(now, 1));
    if (!reopened.ok) throw new Error(reopened.reason);
    const d = decide({ ...reopened.state, answerRejected: true }, ESCALATE, complainant, plusDays(now, 2));
    expect(d).toMatchObject({ ok: false, code: "arbitration_excluded", reason: expect.stringContaining("settled") });
  });

  it("other closures leave arbitration as it was", () => {
    const closed = decide(atDma(), { type: "close", kind: "unfounded", reason: "Nothing held" }, officer, now);
    expect(closed).toMatchObject({ ok: true, state: { arbitration: { exclusion: null } } });
  });
});

describe("the organization's own period before arbitration (Annex I (C)(1))", () => {
  // Filed with the operator; no acknowledgement, so the complainant went to the dispute body on day 8.
  const left = plusDays(ENTERED, 8);
  const companyClocks = clocksFor("company", ENTERED).map((d) => ({ ...d, stoppedAt: left }));
  const quick = (overrides: Partial<CaseState> = {}) =>
    atDma({ deadlines: [...companyClocks, ...clocksFor("dma", left)], stageEnteredAt: left, ...overrides });
  const companyDue = plusDays(ENTERED, 45);

  it("waits for the end of the operator's 45 days when the case left the company step early", () => {
    const d = escalationEligibility(quick(), plusDays(ENTERED, 20), FRAMEWORKS.privacy_shield);
    expect(d).toMatchObject({ allowed: false, code: "not_yet", why: { kind: "organization_period", opensAt: new Date(companyDue.getTime() + 1) }, availableFrom: new Date(companyDue.getTime() + 1) });
    expect(decide(quick(), ESCALATE, complainant, plusDays(ENTERED, 20))).toMatchObject({ ok: false, code: "not_yet" });
    expect(decide(quick(), ESCALATE, complainant, plusDays(ENTERED, 46))).toMatchObject({ ok: true, state: { stage: "arbitration" } });
  });

  it("does not wait when the operator answered there, or when its clock ran out before the case left", () => {
    const answered = clocksFor("company", ENTERED).map((d) => ({ ...d, metAt: plusDays(ENTERED, 3) }));
    expect(decide(quick({ deadlines: [...answered, ...clocksFor("dma", left)] }), ESCALATE, complainant, plusDays(ENTERED, 20))).toMatchObject({ ok: true });
    const ranOut = clocksFor("company", ENTERED).map((d) => ({ ...d, stoppedAt: plusDays(ENTERED, 50) }));
    expect(decide(quick({ deadlines: [...ranOut, ...clocksFor("dma", left)] }), ESCALATE, complainant, plusDays(ENTERED, 52))).toMatchObject({ ok: true });
  });

  it("holds for the officer's notice of arbitration and the prerequisites check too", () => {
    expect(decide(quick(), { type: "record_arbitration_notice" }, officer, plusDays(ENTERED, 20))).toMatchObject({ ok: false, code: "not_yet" });
    const atPanel = caseAt("arbitration", { deadlines: [...companyClocks, ...clocksFor("arbitration", left)] });
    expect(decide(atPanel, { type: "record_prerequisites", companyContacted: true, dmaContacted: true, exclusion: null }, officer, plusDays(ENTERED, 20))).toMatchObject({ ok: false, code: "not_yet" });
  });
});

describe("an award recorded after the day it was made", () => {
  it("meets the panel's clock on the award's day, not on the day it was typed in", () => {
    const ready = caseAt("arbitration", { arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: null } });
    // Award clock due on day 90; the award was made on day 89 and recorded on day 95.
    const d = decide(ready, { type: "record_award", remedies: ["deletion"], summary: "Delete", occurredOn: plusDays(ENTERED, 89).toISOString().slice(0, 10), externalReference: "AAA-1" }, officer, plusDays(ENTERED, 95));
    if (!d.ok) throw new Error(d.reason);
    const clock = d.state.deadlines.find((x) => x.kind === "award");
    expect(clock?.metAt?.getTime()).toBeLessThanOrEqual(clock!.dueAt.getTime());
    expect(clock?.metAt).toEqual(d.state.arbitration.award?.decidedAt);
  });
});

describe("accepting a dispute body's decision that requires action", () => {
  it("keeps the case open, and its compliance clock running, until the officer confirms it was carried out", () => {
    const decided = decide(caseAt("dma"), { type: "record_dma_outcome", summary: "Suppress the address", requiresAction: true }, officer, now);
    if (!decided.ok) throw new Error(decided.reason);
    const accepted = decide(decided.state, { type: "accept_answer" }, complainant, plusDays(now, 1));
    expect(accepted).toMatchObject({ ok: true, state: { status: "in_progress", closure: null }, events: [{ type: "decision_accepted", payload: { stage: "dma" } }] });
    if (!accepted.ok) return;
    const compliance = accepted.state.deadlines.find((x) => x.kind === "award_compliance");
    expect(compliance).toMatchObject({ metAt: null });
    expect(compliance?.stoppedAt ?? null).toBeNull();
    const done = decide(accepted.state, { type: "confirm_award_compliance" }, officer, plusDays(now, 5));
    expect(done).toMatchObject({ ok: true, state: { status: "resolved" }, events: [{ type: "award_complied_with" }] });
  });

  it("resolves at once a decision that requires nothing", () => {
    const decided = decide(caseAt("dma"), { type: "record_dma_outcome", summary: "No breach" }, officer, now);
    if (!decided.ok) throw new Error(decided.reason);
    expect(decide(decided.state, { type: "accept_answer" }, complainant, plusDays(now, 1))).toMatchObject({ ok: true, state: { status: "resolved" }, events: [{ type: "answer_accepted" }] });
  });
});
