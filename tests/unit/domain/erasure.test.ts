// Carrying out a request to erase the account (ADR 051): who, when, and what it anonymises and keeps.
import { describe, expect, it } from "vitest";
import { ENDING_EVENTS, check, decide, erasureStanding, planErasure, type CaseState, type ErasureCaseFacts, type ErasurePlan } from "~/domain";
import { ENTERED, caseAt, complainant, liaison, officer, plusDays } from "./fixtures";

const now = plusDays(ENTERED, 3);
const VERIFIED = { needed: true, latest: { method: "id_document" as const, evidence: "Passport seen on a video call", outcome: "verified" as const, recordedAt: ENTERED } };

/** The request as requestErasure files it: about the operator, at the company stage. */
const request = (overrides: Partial<CaseState> = {}): CaseState =>
  caseAt("company", { clientId: null, liaisonId: null, status: "in_progress", erasureRequest: true, identity: VERIFIED, ...overrides });

const PLAN: ErasurePlan = { anonymise: ["PS-2026-000010", "PS-2026-000001"], kept: [{ reference: "PS-2026-000002", why: "open" }], accountGoes: false };
const carryOut = { type: "carry_out_erasure" as const, plan: PLAN };

const facts = (reference: string, overrides: Partial<ErasureCaseFacts> = {}): ErasureCaseFacts => ({ reference, status: "resolved", legalHold: false, anonymised: false, ...overrides });

describe("which cases an erasure anonymises", () => {
  it("anonymises an ended case without a legal hold, and keeps an open or held one with why", () => {
    expect(erasureStanding(facts("A"))).toEqual({ kind: "anonymise" });
    expect(erasureStanding(facts("A", { status: "closed" }))).toEqual({ kind: "anonymise" });
    expect(erasureStanding(facts("A", { status: "in_progress" }))).toEqual({ kind: "kept", why: "open" });
    expect(erasureStanding(facts("A", { legalHold: true }))).toEqual({ kind: "kept", why: "legal_hold" });
    expect(erasureStanding(facts("A", { anonymised: true, legalHold: true }))).toEqual({ kind: "anonymised" });
  });

  it("counts the request itself as ended, leaves out what is already anonymised, and says whether the account goes", () => {
    const cases = [
      facts("PS-1", { status: "withdrawn" }),
      facts("PS-2", { status: "answered" }),
      facts("PS-3", { legalHold: true }),
      facts("PS-4", { anonymised: true }),
      facts("PS-REQ", { status: "in_progress" }),
    ];
    expect(planErasure(cases, "PS-REQ")).toEqual({
      anonymise: ["PS-1", "PS-REQ"],
      kept: [{ reference: "PS-2", why: "open" }, { reference: "PS-3", why: "legal_hold" }],
      accountGoes: false,
    });
    expect(planErasure([facts("PS-1"), facts("PS-REQ", { status: "awaiting_acknowledgement" })], "PS-REQ")).toEqual({ anonymise: ["PS-1", "PS-REQ"], kept: [], accountGoes: true });
    // A request on legal hold is kept like any other case, and so is the account.
    expect(planErasure([facts("PS-REQ", { status: "in_progress", legalHold: true })], "PS-REQ")).toEqual({ anonymise: [], kept: [{ reference: "PS-REQ", why: "legal_hold" }], accountGoes: false });
  });
});

describe("carrying out a request to erase the account", () => {
  it("resolves the request, meets its answer clocks, records what is anonymised and kept, and mails the complainant", () => {
    const decision = decide(request(), carryOut, officer, now);
    if (!decision.ok) throw new Error(decision.reason);
    expect(decision.state.status).toBe("resolved");
    expect(decision.state.closure?.kind).toBe("resolved");
    expect(decision.state.deadlines.filter((d) => d.stage === "company").every((d) => d.metAt?.getTime() === now.getTime())).toBe(true);
    expect(decision.events).toEqual([
      { type: "erasure_granted", payload: { stage: "company", outcome: "resolved", anonymised: PLAN.anonymise, kept: PLAN.kept, accountGoes: false } },
    ]);
    expect(decision.notifications).toEqual([{ template: "case_closed", to: ["complainant"] }]);
    // It ends the case like an accepted answer: the retention policy counts from it.
    expect(ENDING_EVENTS).toContain("erasure_granted");
  });

  it("waits for the requester's identity to be verified", () => {
    for (const identity of [{ needed: true, latest: null }, { needed: true, latest: { ...VERIFIED.latest, outcome: "more_needed" as const } }]) {
      expect(decide(request({ identity }), carryOut, officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met", reason: expect.stringMatching(/identity has been verified/) });
      expect(check(request({ identity }), "carry_out_erasure", officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
    }
  });

  it("is the officer's alone, on an open erasure request only, and once", () => {
    expect(decide(request(), carryOut, complainant, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
    expect(decide(request({ clientId: "client-1" }), carryOut, liaison, now)).toMatchObject({ ok: false, code: "not_allowed_for_role", reason: expect.stringMatching(/Only the Security Officer/) });
    // An ordinary removal request (about a client's marketing data) is answered, not carried out here.
    expect(decide(request({ erasureRequest: false }), carryOut, officer, now)).toMatchObject({ ok: false, code: "invalid", reason: expect.stringMatching(/request to erase the complainant's account/) });
    const done = decide(request(), carryOut, officer, now);
    if (!done.ok) throw new Error(done.reason);
    expect(decide(done.state, carryOut, officer, plusDays(now, 1))).toMatchObject({ ok: false, code: "case_closed" });
  });
});
