// Identity verification before a request is carried out (docs/decisions/021-identity-verification.md).
import { describe, expect, it } from "vitest";
import { carriedMessage, check, decide, type CaseState, type Command, type Decision } from "~/domain";
import { ENTERED, REFERRED, caseAt, complainant, liaison, officer, plusDays } from "./fixtures";

const now = plusDays(ENTERED, 3);

function accepted(decision: Decision) {
  if (!decision.ok) throw new Error(`refused: ${decision.reason}`);
  return decision;
}

const deletionRequest = (overrides: Partial<CaseState> = {}): CaseState =>
  caseAt("client", { status: "in_progress", identity: { needed: true, latest: null }, ...overrides });

const verify = (outcome: "verified" | "more_needed" | "failed", request?: string): Command => ({
  type: "record_identity_verification",
  method: "client_records",
  evidence: "Name, postal address and customer number match the client's CRM record 4411.",
  outcome,
  request,
});

describe("an answer that carries out an access, correction or removal request", () => {
  it("is refused until a verification with the outcome 'verified' is recorded", () => {
    const refusal = decide(deletionRequest(), { type: "answer", message: "We have deleted your data." }, liaison, now);
    expect(refusal).toMatchObject({ ok: false, code: "prerequisites_not_met", reason: expect.stringMatching(/identity has been verified/) });
  });

  it("is refused after a verification that asked for more, or failed", () => {
    for (const outcome of ["more_needed", "failed"] as const) {
      const state = accepted(decide(deletionRequest(), verify(outcome, "Please send a copy of a letter we sent you."), officer, now)).state;
      expect(decide(state, { type: "answer", message: "Deleted." }, officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
    }
  });

  it("is accepted once the identity is verified", () => {
    const verified = accepted(decide(deletionRequest(), verify("verified"), liaison, now)).state;
    expect(verified.identity).toEqual({
      needed: true,
      latest: { method: "client_records", evidence: expect.stringMatching(/CRM record/), outcome: "verified", recordedAt: now },
    });
    expect(accepted(decide(verified, { type: "answer", message: "We have deleted your data." }, liaison, now)).state.status).toBe("answered");
  });

  it("may decline the request without a verification (nothing is carried out)", () => {
    expect(decide(deletionRequest(), { type: "answer", message: "We hold no data about you.", declines: true }, liaison, now)).toMatchObject({ ok: true });
  });

  it("is not held back for complaints that are not such requests", () => {
    const notice = caseAt("client", { status: "in_progress", identity: { needed: false, latest: null } });
    expect(decide(notice, { type: "answer", message: "Our notice has been updated." }, liaison, now)).toMatchObject({ ok: true });
  });

  it("confirming an arbitration award carried out also waits for the verification", () => {
    const award = { remedies: ["deletion" as const], summary: "Delete", decidedAt: ENTERED };
    const state = caseAt("arbitration", {
      status: "in_progress",
      identity: { needed: true, latest: null },
      arbitration: { exclusion: null, dpaReferral: REFERRED, prerequisitesConfirmedAt: ENTERED, award },
    });
    expect(check(state, "confirm_award_compliance", officer, now)).toMatchObject({ ok: false, code: "prerequisites_not_met" });
    const verified = accepted(decide(state, verify("verified"), officer, now)).state;
    expect(check(verified, "confirm_award_compliance", officer, now)).toEqual({ ok: true });
  });
});

describe("recording a verification", () => {
  it("tells the complainant what is needed, by mail and by a message on the case, when the outcome is not 'verified'", () => {
    const command = verify("more_needed", "Please reply with the customer number printed on our letters.");
    const decision = accepted(decide(deletionRequest(), command, officer, now));
    expect(decision.notifications).toEqual([{ template: "identity_verification_needed", to: ["complainant"] }]);
    expect(decision.events).toEqual([
      { type: "identity_verification_recorded", payload: { stage: "client", method: "client_records", outcome: "more_needed", evidence: expect.any(String) } },
    ]);
    expect(carriedMessage(command, undefined)).toEqual({ body: "Please reply with the customer number printed on our letters.", audience: "parties", channel: "web" });
  });

  it("sends nothing and carries no message when the outcome is 'verified'", () => {
    const command = verify("verified", "ignored");
    expect(accepted(decide(deletionRequest(), command, officer, now)).notifications).toEqual([]);
    expect(carriedMessage(command, undefined)).toBeNull();
  });

  it("needs the evidence, and what to ask for when more is needed", () => {
    expect(decide(deletionRequest(), { ...verify("verified"), evidence: "  " } as Command, officer, now)).toMatchObject({ ok: false, code: "invalid" });
    expect(decide(deletionRequest(), verify("more_needed"), officer, now)).toMatchObject({ ok: false, code: "invalid", reason: expect.stringMatching(/needs to send/) });
  });

  it("refuses an unknown method or outcome (forms are parsed, but the domain does not trust them)", () => {
    expect(decide(deletionRequest(), { ...verify("verified"), method: "gut_feeling" } as unknown as Command, officer, now)).toMatchObject({ ok: false, code: "invalid" });
    expect(decide(deletionRequest(), { ...verify("verified"), outcome: "probably" } as unknown as Command, officer, now)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("is refused for a complaint that is not such a request, and once verified", () => {
    const notice = caseAt("client", { status: "in_progress", identity: { needed: false, latest: null } });
    expect(decide(notice, verify("verified"), officer, now)).toMatchObject({ ok: false, code: "invalid" });
    const verified = accepted(decide(deletionRequest(), verify("verified"), officer, now)).state;
    expect(decide(verified, verify("verified"), officer, now)).toMatchObject({ ok: false, code: "already_recorded" });
  });

  it("is not for the complainant, nor for a liaison once the case has left the client", () => {
    expect(decide(deletionRequest(), verify("verified"), complainant, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
    const atCompany = deletionRequest({ stage: "company", stagesVisited: ["client", "company"] });
    expect(decide(atCompany, verify("verified"), liaison, now)).toMatchObject({ ok: false, code: "not_allowed_for_role" });
    expect(decide(atCompany, verify("verified"), officer, now)).toMatchObject({ ok: true });
  });
});
