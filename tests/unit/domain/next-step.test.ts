import { describe, expect, it } from "vitest";
import { FRAMEWORKS, NEXT_STEP_KEYS, STAGES, STATUSES, nextStepFor, type CaseState, type Stage, type Status } from "~/domain";
import { ENTERED, at, caseAt, pending, plusDays } from "./fixtures";

const SOON = plusDays(ENTERED, 1); // every clock of the fixture still runs
const due = (days: number) => plusDays(ENTERED, days).getTime();
const nextStepAt = (state: CaseState, now: Date, profile = FRAMEWORKS.privacy_shield) => nextStepFor(state, now, profile, "America/New_York");

/** What the page says for a fresh case at each step and status (clocks from the fixture: 5/45, 45, 90 days). */
const EXPECTED: Record<Stage, Record<Status, ReturnType<typeof nextStepFor>>> = {
  client: {
    awaiting_acknowledgement: { key: "case.next.acknowledge", values: { step: "client", due: due(5) } },
    in_progress: { key: "case.next.answer", values: { step: "client", due: due(45) } },
    awaiting_complainant: { key: "case.next.reply", values: { step: "client" } },
    answered: { key: "case.next.decide", values: { step: "client", next: "company" } },
    resolved: { key: "case.next.resolved", values: { step: "client" } },
    withdrawn: { key: "case.next.withdrawn", values: { step: "client" } },
    closed: { key: "case.next.closed", values: { step: "client" } },
  },
  company: {
    awaiting_acknowledgement: { key: "case.next.acknowledge", values: { step: "company", due: due(5) } },
    in_progress: { key: "case.next.answer", values: { step: "company", due: due(45) } },
    awaiting_complainant: { key: "case.next.reply", values: { step: "company" } },
    answered: { key: "case.next.decide", values: { step: "company", next: "dma" } },
    resolved: { key: "case.next.resolved", values: { step: "company" } },
    withdrawn: { key: "case.next.withdrawn", values: { step: "company" } },
    closed: { key: "case.next.closed", values: { step: "company" } },
  },
  dma: {
    awaiting_acknowledgement: { key: "case.next.review", values: { step: "dma", due: due(45) } },
    in_progress: { key: "case.next.review", values: { step: "dma", due: due(45) } },
    awaiting_complainant: { key: "case.next.reply", values: { step: "dma" } },
    answered: { key: "case.next.decide", values: { step: "dma", next: "arbitration" } },
    resolved: { key: "case.next.resolved", values: { step: "dma" } },
    withdrawn: { key: "case.next.withdrawn", values: { step: "dma" } },
    closed: { key: "case.next.closed", values: { step: "dma" } },
  },
  arbitration: {
    awaiting_acknowledgement: { key: "case.next.award", values: { step: "arbitration", due: due(90) } },
    in_progress: { key: "case.next.award", values: { step: "arbitration", due: due(90) } },
    awaiting_complainant: { key: "case.next.reply", values: { step: "arbitration" } },
    answered: { key: "case.next.decideLast", values: { step: "arbitration" } },
    resolved: { key: "case.next.resolved", values: { step: "arbitration" } },
    withdrawn: { key: "case.next.withdrawn", values: { step: "arbitration" } },
    closed: { key: "case.next.closed", values: { step: "arbitration" } },
  },
};

describe("nextStepFor", () => {
  for (const stage of STAGES) {
    for (const status of STATUSES) {
      it(`says what happens next at ${stage}, ${status}`, () => {
        expect(nextStepAt(caseAt(stage, { status }), SOON)).toEqual(EXPECTED[stage][status]);
      });
    }
  }

  it("names the clock that ran out, and the next step, once a deadline passed unmet", () => {
    const late = plusDays(ENTERED, 6);
    expect(nextStepAt(caseAt("client", { status: "awaiting_acknowledgement" }), late)).toEqual({
      key: "case.next.late",
      values: { step: "client", next: "company", due: due(5) },
    });
    expect(nextStepAt(caseAt("dma"), plusDays(ENTERED, 46))).toEqual({ key: "case.next.late", values: { step: "dma", next: "arbitration", due: due(45) } });
    // There is no step after arbitration to move to.
    expect(nextStepAt(caseAt("arbitration"), plusDays(ENTERED, 91))).toEqual({ key: "case.next.lateLast", values: { step: "arbitration", due: due(90) } });
    // The same moment the clock ends is still in time (a deadline ends at its last millisecond).
    expect(nextStepAt(caseAt("client", { status: "awaiting_acknowledgement" }), plusDays(ENTERED, 5)).key).toBe("case.next.acknowledge");
  });

  it("gives the follow-up date after the complainant rejected an answer", () => {
    const followUp = pending("company", "follow_up", at("2026-03-20T10:00:00.000Z"), 10);
    const state: CaseState = caseAt("company", { answerRejected: true, deadlines: [...caseAt("company").deadlines, followUp] });
    expect(nextStepAt(state, SOON)).toEqual({ key: "case.next.answerAgain", values: { step: "company", due: followUp.dueAt.getTime() } });
  });

  it("asks for a decision to be carried out once an award or a binding decision is recorded", () => {
    const compliance = pending("arbitration", "award_compliance", at("2026-05-01T10:00:00.000Z"), 30);
    const awarded = caseAt("arbitration", {
      deadlines: [{ ...caseAt("arbitration").deadlines[0]!, metAt: at("2026-05-01T10:00:00.000Z") }, compliance],
      arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: ENTERED, award: { remedies: ["deletion"], summary: "Delete.", decidedAt: at("2026-05-01T10:00:00.000Z") } },
    });
    expect(nextStepAt(awarded, at("2026-05-02T10:00:00.000Z"))).toEqual({ key: "case.next.comply", values: { step: "arbitration", due: compliance.dueAt.getTime() } });
  });

  it("says the step is waiting when no clock is left to name (a case counted before clocks were kept)", () => {
    expect(nextStepAt(caseAt("company", { deadlines: [] }), SOON)).toEqual({ key: "case.next.waiting", values: { step: "company" } });
    // A met response clock is not a date to wait for.
    const met = caseAt("client").deadlines.map((d) => ({ ...d, metAt: SOON }));
    expect(nextStepAt(caseAt("client", { deadlines: met }), SOON).key).toBe("case.next.waiting");
  });

  it("only ever returns keys the catalog knows", () => {
    const seen = new Set<string>();
    for (const stage of STAGES) for (const status of STATUSES) seen.add(nextStepAt(caseAt(stage, { status }), SOON).key);
    for (const key of seen) expect(NEXT_STEP_KEYS).toContain(key);
  });

  it("promises the next step only when arbitration's own conditions allow it (Annex I)", () => {
    const late = plusDays(ENTERED, 46);
    // Under the DPF, arbitration waits for a DPA's referral: the missed review opens nothing yet.
    expect(nextStepAt(caseAt("dma", { framework: "dpf" }), late, FRAMEWORKS.dpf)).toEqual({ key: "case.next.lateBarred", values: { step: "dma", due: due(45) } });
    expect(nextStepAt(caseAt("dma", { framework: "dpf", status: "answered" }), SOON, FRAMEWORKS.dpf)).toEqual({ key: "case.next.decideLast", values: { step: "dma" } });
    // Settled once: never.
    const settled = { exclusion: "settled" as const, dpaReferral: null, prerequisitesConfirmedAt: null, award: null };
    expect(nextStepAt(caseAt("dma", { arbitration: settled }), late).key).toBe("case.next.lateBarred");
    // The earlier steps are not arbitration's: a missed clock there still opens the next step.
    expect(nextStepAt(caseAt("company", { framework: "dpf" }), late, FRAMEWORKS.dpf).key).toBe("case.next.late");
  });
});
