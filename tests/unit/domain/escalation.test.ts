import { describe, expect, it } from "vitest";
import { FRAMEWORKS, decide, escalationEligibility, type CaseState } from "~/domain";
import { ENTERED, caseAt, complainant, liaison, officer, plusDays } from "./fixtures";

const PS = FRAMEWORKS.privacy_shield;
const ESCALATE = { type: "escalate" } as const;
const ackDue = plusDays(ENTERED, 5);
const responseDue = plusDays(ENTERED, 45);

function acknowledgedOnTime(state: CaseState): CaseState {
  return { ...state, deadlines: state.deadlines.map((d) => (d.kind === "acknowledgement" ? { ...d, metAt: plusDays(ENTERED, 1) } : d)) };
}

describe("escalation before the stage has failed", () => {
  it("is refused as not_yet until the acknowledgement is due, naming the date", () => {
    const d = decide(caseAt("client", { status: "awaiting_acknowledgement" }), ESCALATE, complainant, plusDays(ENTERED, 2));
    expect(d).toEqual({ ok: false, code: "not_yet", reason: expect.stringContaining("8 Mar 2026"), availableFrom: ackDue });
  });

  it("waits for the response date once the acknowledgement came in time", () => {
    const d = decide(acknowledgedOnTime(caseAt("company")), ESCALATE, complainant, plusDays(ENTERED, 20));
    expect(d).toEqual({ ok: false, code: "not_yet", reason: expect.stringContaining("17 Apr 2026"), availableFrom: responseDue });
  });

  it("waits for the dispute body's review period at the dma stage", () => {
    const d = decide(caseAt("dma"), ESCALATE, complainant, plusDays(ENTERED, 20));
    expect(d).toMatchObject({ ok: false, code: "not_yet", availableFrom: responseDue });
  });

  it("asks for the answer to be accepted or rejected when everything was on time", () => {
    const state = caseAt("client", { status: "answered", deadlines: caseAt("client").deadlines.map((d) => ({ ...d, metAt: plusDays(ENTERED, 1) })) });
    const d = decide(state, ESCALATE, complainant, plusDays(ENTERED, 100));
    expect(d).toEqual({ ok: false, code: "not_yet", reason: expect.stringContaining("accept or reject the answer") });
  });

  it("is exactly what escalationEligibility says", () => {
    const state = caseAt("client");
    const now = plusDays(ENTERED, 2);
    const eligibility = escalationEligibility(state, now, PS);
    expect(eligibility.allowed).toBe(false);
    if (eligibility.allowed) return;
    expect(decide(state, ESCALATE, complainant, now)).toEqual({
      ok: false,
      code: eligibility.code,
      reason: eligibility.reason,
      availableFrom: eligibility.availableFrom,
    });
  });
});

describe("escalation once the stage has failed", () => {
  it("is allowed after an unmet acknowledgement deadline", () => {
    const state = caseAt("client", { status: "awaiting_acknowledgement" });
    expect(decide(state, ESCALATE, complainant, ackDue).ok).toBe(false);
    expect(decide(state, ESCALATE, complainant, new Date(ackDue.getTime() + 1)).ok).toBe(true);
  });

  it("stays allowed after a late acknowledgement: the acknowledgement was not prompt", () => {
    const state = caseAt("client", {
      deadlines: caseAt("client").deadlines.map((d) => (d.kind === "acknowledgement" ? { ...d, metAt: plusDays(ENTERED, 7) } : d)),
    });
    expect(decide(state, ESCALATE, complainant, plusDays(ENTERED, 8)).ok).toBe(true);
  });

  it("is allowed after the response deadline passed without an answer", () => {
    const state = acknowledgedOnTime(caseAt("company"));
    expect(decide(state, ESCALATE, complainant, plusDays(ENTERED, 44)).ok).toBe(false);
    expect(decide(state, ESCALATE, complainant, plusDays(ENTERED, 46)).ok).toBe(true);
  });

  it("is allowed after the dispute body's review period passed", () => {
    expect(decide(caseAt("dma"), ESCALATE, complainant, plusDays(ENTERED, 46)).ok).toBe(true);
  });

  it("is allowed as soon as the complainant rejects the answer", () => {
    const answered = caseAt("client", {
      status: "answered",
      deadlines: caseAt("client").deadlines.map((d) => ({ ...d, metAt: plusDays(ENTERED, 1) })),
    });
    const now = plusDays(ENTERED, 3);
    expect(decide(answered, ESCALATE, complainant, now).ok).toBe(false);
    const rejected = decide(answered, { type: "reject_answer", reason: "Not deleted" }, complainant, now);
    expect(rejected).toMatchObject({ ok: true, state: { status: "in_progress", answerRejected: true } });
    if (!rejected.ok) return;
    expect(decide(rejected.state, ESCALATE, complainant, now).ok).toBe(true);
  });
});

describe("moving up", () => {
  const now = plusDays(ENTERED, 50);

  it("moves exactly one stage: client to company, never further", () => {
    const d = decide(caseAt("client", { answerRejected: true }), ESCALATE, complainant, now);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state).toMatchObject({
      stage: "company",
      status: "awaiting_acknowledgement",
      answerRejected: false,
      stageEnteredAt: now,
      stagesVisited: ["client", "company"],
    });
    const fresh = d.state.deadlines.filter((x) => x.stage === "company");
    // Entered Thu 22 Apr 2026 06:00 New York time: 5 working days end Thu 29 Apr, 45 calendar
    // days end Sat 6 Jun, each at the end of the day in New York (ADR 011).
    expect(fresh.map((x) => [x.kind, x.dueAt])).toEqual([
      ["acknowledgement", new Date("2026-04-30T03:59:59.999Z")],
      ["response", new Date("2026-06-07T03:59:59.999Z")],
    ]);
    expect(d.state.deadlines.filter((x) => x.stage === "client")).toHaveLength(2);
    expect(d.events).toEqual([{ type: "escalated", payload: { from: "client", to: "company" } }]);
    expect(d.notifications).toEqual([
      { template: "stage_change", to: ["complainant"], evenToActor: true },
      { template: "escalation_notice", to: ["liaisons", "officer"] },
    ]);
  });

  it("moves company to dma, then dma to arbitration", () => {
    const toDma = decide(caseAt("company", { answerRejected: true }), ESCALATE, complainant, now);
    expect(toDma).toMatchObject({ ok: true, state: { stage: "dma", stagesVisited: ["client", "company", "dma"] } });
    const toArbitration = decide(caseAt("dma", { answerRejected: true }), ESCALATE, complainant, now);
    expect(toArbitration).toMatchObject({ ok: true, state: { stage: "arbitration", status: "awaiting_acknowledgement" } });
    if (!toArbitration.ok) return;
    expect(toArbitration.state.deadlines.filter((x) => x.stage === "arbitration").map((x) => x.kind)).toEqual(["award"]);
  });

  it("does not notify liaisons of a case without a client", () => {
    const d = decide(caseAt("company", { clientId: null, liaisonId: null, stagesVisited: ["company"], answerRejected: true }), ESCALATE, complainant, now);
    expect(d).toMatchObject({ ok: true, notifications: [{ template: "stage_change" }, { template: "escalation_notice", to: ["officer"] }] });
  });

  it("has no step after arbitration", () => {
    const d = decide(caseAt("arbitration", { answerRejected: true }), ESCALATE, complainant, plusDays(ENTERED, 200));
    expect(d).toMatchObject({ ok: false, code: "wrong_stage", reason: expect.stringContaining("no further step") });
    expect(escalationEligibility(caseAt("arbitration"), now, PS)).toMatchObject({ allowed: false, code: "wrong_stage" });
  });

  it("is the complainant's step; the officer records it only with the day they asked (ADR 035)", () => {
    expect(decide(caseAt("client", { answerRejected: true }), ESCALATE, liaison, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
    expect(decide(caseAt("client", { answerRejected: true }), ESCALATE, officer, now)).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("Enter the day") });
  });

  it("is not possible on a closed case", () => {
    const closed = caseAt("client", { status: "closed", answerRejected: true, closure: { kind: "duplicate", reason: "x" } });
    expect(decide(closed, ESCALATE, complainant, now)).toMatchObject({ ok: false, code: "case_closed" });
    expect(escalationEligibility(closed, now, PS)).toMatchObject({ allowed: false, code: "case_closed" });
  });
});
