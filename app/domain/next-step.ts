// "What happens next, and by when": one plain sentence for the complainant's case page, chosen
// from the case's state and its deadlines. The domain returns a message key and its values
// (app/i18n/messages/case.ts words it in each language); it never reads the clock.
import { deadlinesAt, isBreached, isPending } from "./deadlines";
import type { FrameworkProfile } from "./frameworks";
import { arbitrationBarrier, nextStage } from "./ladder";
import type { CaseState, Deadline, DeadlineKind, Stage } from "./types";

export const NEXT_STEP_KEYS = [
  "case.next.acknowledge",
  "case.next.answer",
  "case.next.answerAgain",
  "case.next.review",
  "case.next.award",
  "case.next.comply",
  "case.next.late",
  "case.next.lateBarred",
  "case.next.lateLast",
  "case.next.waiting",
  "case.next.reply",
  "case.next.decide",
  "case.next.decideLast",
  "case.next.resolved",
  "case.next.withdrawn",
  "case.next.closed",
] as const;
export type NextStepKey = (typeof NEXT_STEP_KEYS)[number];

export interface NextStep {
  key: NextStepKey;
  values: {
    /** The step the case is at; the page names it and who answers there from the steps table. */
    step: Stage;
    /** The step after it, when the sentence mentions it. */
    next?: Stage;
    /** The deadline the sentence names, as epoch milliseconds (an ICU date argument, safe in JSON). */
    due?: number;
  };
}

/** The clock that says "by when" for each way a case waits at a step, first match wins. */
const CLOCKS_FOR: Record<"acknowledge" | "answer" | "answerAgain" | "review" | "award", readonly DeadlineKind[]> = {
  acknowledge: ["acknowledgement", "response"],
  answer: ["response"],
  answerAgain: ["follow_up", "response"],
  review: ["review"],
  award: ["award"],
};

function pendingClock(state: CaseState, kinds: readonly DeadlineKind[]): Deadline | null {
  const here = deadlinesAt(state.deadlines, state.stage).filter(isPending);
  for (const kind of kinds) {
    const d = here.find((x) => x.kind === kind);
    if (d) return d;
  }
  return null;
}

/**
 * The one sentence of what happens next. A clock that ran out unmet says so, and that the
 * complainant may move on (the escalation card below the sentence gives the exact rule).
 */
export function nextStepFor(state: CaseState, now: Date, profile: FrameworkProfile, zone: string): NextStep {
  const step = state.stage;
  // Arbitration's own conditions (Annex I) can bar the next step even after a missed clock or a
  // rejected answer: the sentence then promises nothing and the escalation card says why.
  const barred = nextStage(step) === "arbitration" && arbitrationBarrier(state, profile, now, zone) !== null;
  const next = barred ? undefined : (nextStage(step) ?? undefined);
  switch (state.status) {
    case "resolved":
    case "withdrawn":
    case "closed":
      return { key: `case.next.${state.status}`, values: { step } };
    case "awaiting_complainant":
      return { key: "case.next.reply", values: { step } };
    case "answered":
      return next ? { key: "case.next.decide", values: { step, next } } : { key: "case.next.decideLast", values: { step } };
    case "awaiting_acknowledgement":
    case "in_progress": {
      // A decision to carry out (an award, or a dispute body's decision that requires action).
      const compliance = pendingClock(state, ["award_compliance"]);
      if (compliance) return { key: "case.next.comply", values: { step, due: compliance.dueAt.getTime() } };

      const waitingFor: keyof typeof CLOCKS_FOR =
        step === "dma"
          ? "review"
          : step === "arbitration"
            ? "award"
            : state.status === "awaiting_acknowledgement"
              ? "acknowledge"
              : state.answerRejected
                ? "answerAgain"
                : "answer";
      const clock = pendingClock(state, CLOCKS_FOR[waitingFor]);
      if (!clock) return { key: "case.next.waiting", values: { step } };
      const due = clock.dueAt.getTime();
      if (isBreached(clock, now)) {
        if (next) return { key: "case.next.late", values: { step, next, due } };
        return barred ? { key: "case.next.lateBarred", values: { step, due } } : { key: "case.next.lateLast", values: { step, due } };
      }
      return { key: `case.next.${waitingFor}`, values: { step, due } };
    }
  }
}
