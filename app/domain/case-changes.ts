// Small, pure changes to a case that several transitions share, so that the clock rules
// (pause while waiting for the complainant, fresh clocks on a new stage) live in one place.
import { deadlinesForStage, markMet, pauseAnswerClock, restartClocks, resumeAnswerClock, stopClocks } from "./deadlines";
import type { OperatorCalendar } from "./calendar";
import type { FrameworkProfile } from "./frameworks";
import type { ArbitrationExclusion, CaseState, Closure, Deadline, DeadlineKind, Stage, Status } from "./types";

/** Every status change goes through here: entering awaiting_complainant stops the answer clock, leaving it restarts it. */
export function withStatus(state: CaseState, status: Status, now: Date, calendar: OperatorCalendar): CaseState {
  let deadlines = state.deadlines;
  if (state.status === "awaiting_complainant" && status !== "awaiting_complainant") {
    deadlines = resumeAnswerClock(deadlines, state.stage, now, calendar);
  }
  if (status === "awaiting_complainant" && state.status !== "awaiting_complainant") {
    deadlines = pauseAnswerClock(deadlines, state.stage, now);
  }
  return { ...state, status, deadlines };
}

export function enterStage(
  state: CaseState,
  stage: Stage,
  status: Status,
  now: Date,
  profile: FrameworkProfile,
  calendar: OperatorCalendar,
): CaseState {
  const left = withStatus(state, status, now, calendar);
  // The step left behind owes nothing more: its unmet clocks stop where the case moved on, so a
  // clock not yet due then never turns into a breach later (one already past due stays breached).
  return {
    ...left,
    stage,
    stageEnteredAt: now,
    stagesVisited: [...state.stagesVisited, stage],
    answerRejected: false,
    deadlines: [...stopClocks(left.deadlines, state.stage, now), ...deadlinesForStage(stage, now, profile, calendar)],
  };
}

export function meetDeadlines(state: CaseState, kinds: readonly DeadlineKind[], now: Date): CaseState {
  return { ...state, deadlines: markMet(state.deadlines, state.stage, kinds, now) };
}

export function finish(
  state: CaseState,
  status: "resolved" | "withdrawn" | "closed",
  closure: Closure,
  now: Date,
  calendar: OperatorCalendar,
): CaseState {
  // A wait for the complainant ends first (its days given back), then every clock still counting stops.
  const ended = withStatus(state, status, now, calendar);
  return { ...ended, closure, deadlines: stopClocks(ended.deadlines, ended.stage, now) };
}

/** Back in progress after an end: the stage's stopped clocks run again (ADR 053). */
export function reopen(state: CaseState, now: Date, calendar: OperatorCalendar): CaseState {
  const back = withStatus(state, "in_progress", now, calendar);
  return { ...back, closure: null, deadlines: restartClocks(back.deadlines, back.stage) };
}

/** Adds a clock, replacing an earlier one of the same stage and kind (one row per case, stage and kind). */
export function withDeadline(state: CaseState, deadline: Deadline): CaseState {
  return { ...state, deadlines: [...state.deadlines.filter((d) => !(d.stage === deadline.stage && d.kind === deadline.kind)), deadline] };
}

/** Arbitration closed to the case for good (Annex I); the first reason recorded stays. */
export function excludeArbitration(state: CaseState, exclusion: ArbitrationExclusion): CaseState {
  return state.arbitration.exclusion ? state : { ...state, arbitration: { ...state.arbitration, exclusion } };
}
