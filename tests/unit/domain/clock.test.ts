// The answer clock stops while the case waits for the complainant and is given back afterwards.
import { describe, expect, it } from "vitest";
import { decide, deadlinesForStage, escalationEligibility, FRAMEWORKS, type CaseState, type Decision } from "~/domain";
import { ENTERED, caseAt, complainant, liaison, officer, plusDays } from "./fixtures";

function ok(decision: Decision): CaseState {
  if (!decision.ok) throw new Error(`refused: ${decision.reason}`);
  return decision.state;
}

const asked = plusDays(ENTERED, 10);
const replied = plusDays(ENTERED, 13);

function waiting(): CaseState {
  return ok(decide(caseAt("client"), { type: "request_information", message: "Which address?" }, liaison, asked));
}

function response(state: CaseState) {
  return state.deadlines.find((d) => d.stage === state.stage && d.kind === "response");
}

describe("pausing the clock", () => {
  it("pauses the pending response deadline when information is requested", () => {
    const state = waiting();
    expect(state.status).toBe("awaiting_complainant");
    expect(response(state)?.pausedAt).toEqual(asked);
    expect(response(state)?.dueAt).toEqual(plusDays(ENTERED, 45));
  });

  it("leaves the acknowledgement deadline alone", () => {
    const state = waiting();
    expect(state.deadlines.find((d) => d.kind === "acknowledgement")?.pausedAt).toBeNull();
  });

  it("does not pause a deadline already met", () => {
    const answeredLate = caseAt("dma", {
      deadlines: [{ ...caseAt("dma").deadlines[0]!, metAt: plusDays(ENTERED, 2) }],
    });
    const state = ok(decide(answeredLate, { type: "request_information", message: "More?" }, officer, asked));
    expect(state.deadlines[0]?.pausedAt).toBeNull();
  });

  it("resumes when the complainant replies and moves the due date later by the time spent waiting", () => {
    const state = ok(decide(waiting(), { type: "post_message", audience: "parties", channel: "web" }, complainant, replied));
    expect(state.status).toBe("in_progress");
    const d = response(state);
    expect(d?.pausedAt).toBeNull();
    expect(d?.dueAt).toEqual(plusDays(ENTERED, 48));
    expect(d?.explanation).toContain("paused from 13 Mar 2026 to 16 Mar 2026 while waiting for the complainant's reply, so now due 20 Apr 2026");
  });

  it("keeps the clock paused when staff write while waiting", () => {
    const state = ok(decide(waiting(), { type: "post_message", audience: "parties", channel: "web" }, liaison, replied));
    expect(state.status).toBe("awaiting_complainant");
    expect(response(state)?.pausedAt).toEqual(asked);
  });

  it("gives the waiting time back before an answer is judged on time", () => {
    // Due on day 45, paused days 10-50: an answer on day 47 is inside the extended time.
    const paused = ok(decide(caseAt("client"), { type: "request_information", message: "?" }, liaison, asked));
    const state = ok(decide(paused, { type: "answer", message: "Done" }, liaison, plusDays(ENTERED, 47)));
    const d = response(state);
    expect(d?.metAt).toEqual(plusDays(ENTERED, 47));
    expect(d?.dueAt).toEqual(plusDays(ENTERED, 82));
    expect(d && d.metAt && d.metAt <= d.dueAt).toBe(true);
  });

  it("gives nothing back to a clock paused after it was already missed (counted before computations were kept)", () => {
    const late = ok(decide(caseAt("client"), { type: "request_information", message: "?" }, liaison, plusDays(ENTERED, 50)));
    const state = ok(decide(late, { type: "post_message", audience: "parties", channel: "web" }, complainant, plusDays(ENTERED, 60)));
    expect(response(state)?.dueAt).toEqual(plusDays(ENTERED, 45));
    expect(escalationEligibility(state, plusDays(ENTERED, 61), FRAMEWORKS.privacy_shield)).toMatchObject({ allowed: true });
  });

  it("does not let escalation run on a paused clock, and says why", () => {
    const state = { ...waiting(), deadlines: waiting().deadlines.map((d) => (d.kind === "acknowledgement" ? { ...d, metAt: ENTERED } : d)) };
    const result = escalationEligibility(state, plusDays(ENTERED, 100), FRAMEWORKS.privacy_shield);
    expect(result).toEqual({ allowed: false, code: "not_yet", reason: expect.stringContaining("clock is paused"), why: { kind: "paused" } });
    expect("availableFrom" in result).toBe(false);
  });

  it("restarts the clock when the case is closed while waiting, so a closed case holds no paused clock", () => {
    const state = ok(decide(waiting(), { type: "close", kind: "unfounded", reason: "No reply" }, officer, replied));
    expect(response(state)?.pausedAt).toBeNull();
    expect(response(state)?.dueAt).toEqual(plusDays(ENTERED, 48));
  });
});

describe("extending a deadline", () => {
  const state = caseAt("company");
  const later = plusDays(ENTERED, 60);

  it("requires a reason", () => {
    for (const reason of ["", "   "]) {
      const d = decide(state, { type: "extend_deadline", kind: "response", dueAt: later, reason }, officer, ENTERED);
      expect(d).toMatchObject({ ok: false, code: "reason_required" });
    }
  });

  it("requires a date later than the current one", () => {
    for (const dueAt of [plusDays(ENTERED, 45), plusDays(ENTERED, 30), new Date(Number.NaN)]) {
      const d = decide(state, { type: "extend_deadline", kind: "response", dueAt, reason: "Busy" }, officer, ENTERED);
      expect(d).toMatchObject({ ok: false, code: "invalid", reason: expect.stringContaining("17 Apr 2026") });
    }
  });

  it("refuses a kind the current stage has no open deadline for", () => {
    expect(decide(state, { type: "extend_deadline", kind: "review", dueAt: later, reason: "Busy" }, officer, ENTERED)).toMatchObject({
      ok: false,
      code: "invalid",
    });
    const met = { ...state, deadlines: state.deadlines.map((d) => ({ ...d, metAt: ENTERED })) };
    expect(decide(met, { type: "extend_deadline", kind: "response", dueAt: later, reason: "Busy" }, officer, ENTERED)).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("refuses to extend a deadline already missed, so the complainant keeps the right to move up", () => {
    // Filed Mon 4 Jan 2027: the answer was due 18 Feb. On 25 Feb it is missed and the complainant may move up (ADR 004).
    const filed = new Date("2027-01-04T15:00:00Z");
    const missed = caseAt("client", { stageEnteredAt: filed, deadlines: deadlinesForStage("client", filed, FRAMEWORKS.privacy_shield).map((d) => (d.kind === "acknowledgement" ? { ...d, metAt: filed } : d)) });
    const now = new Date("2027-02-25T15:00:00Z");
    expect(escalationEligibility(missed, now, FRAMEWORKS.privacy_shield)).toMatchObject({ allowed: true, to: "company" });
    const extend = decide(missed, { type: "extend_deadline", kind: "response", dueAt: new Date("2027-03-10T12:00:00Z"), reason: "The client needs time" }, officer, now);
    expect(extend).toEqual({ ok: false, code: "invalid", reason: "This deadline has already passed; a missed deadline cannot be extended." });
    // Its last moment (23:59:59.999 on 18 Feb, New York time) may still be extended.
    const lastMoment = new Date("2027-02-19T04:59:59.999Z");
    expect(decide(missed, { type: "extend_deadline", kind: "response", dueAt: new Date("2027-03-10T12:00:00Z"), reason: "The client needs time" }, officer, lastMoment)).toMatchObject({ ok: true });
  });

  it("moves the due date, explains why, and records the change", () => {
    const d = decide(state, { type: "extend_deadline", kind: "response", dueAt: later, reason: " Waiting for the client's records " }, officer, ENTERED);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const extended = d.state.deadlines.find((x) => x.kind === "response");
    // The chosen day, ending at the end of that day in the operator's zone (ADR 011).
    expect(extended?.dueAt).toEqual(new Date("2026-05-03T03:59:59.999Z"));
    expect(extended?.explanation).toMatch(/; extended by the Security Officer to 2 May 2026: Waiting for the client's records$/);
    expect(d.state.deadlines.find((x) => x.kind === "acknowledgement")?.dueAt).toEqual(plusDays(ENTERED, 5));
    expect(d.events).toEqual([
      {
        type: "deadline_extended",
        payload: {
          stage: "company",
          kind: "response",
          previousDueAt: "2026-04-17T10:00:00.000Z",
          dueAt: "2026-05-03T03:59:59.999Z",
          dueDay: "2026-05-02",
          reason: "Waiting for the client's records",
        },
      },
    ]);
  });
});
