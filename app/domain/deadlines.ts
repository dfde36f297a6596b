import { addDays, describeDays, formatDay, wholeDaysUntil } from "./calendar";
import type { FrameworkProfile } from "./frameworks";
import { STAGE_NOUNS } from "./labels";
import { ACTIVE_STATUSES, type Deadline, type DeadlineKind, type Stage, type Status } from "./types";

export type DeadlineCondition = "met" | "met_late" | "pending" | "overdue" | "paused";

/** The clocks that stop while the case waits for the complainant: the ones that time an answer. */
const ANSWER_CLOCKS: readonly DeadlineKind[] = ["response", "review", "award", "follow_up"];

function deadline(stage: Stage, kind: DeadlineKind, enteredAt: Date, days: number, why: string): Deadline {
  return {
    stage,
    kind,
    startsAt: enteredAt,
    dueAt: addDays(enteredAt, days),
    metAt: null,
    pausedAt: null,
    explanation: `${describeDays(days)} from ${formatDay(enteredAt)}, when the case reached the ${STAGE_NOUNS[stage]} stage (${why})`,
  };
}

/** The clocks that start when a case enters `stage`; receipt at a stage is the moment it enters it. */
export function deadlinesForStage(stage: Stage, enteredAt: Date, profile: FrameworkProfile): Deadline[] {
  const { clocks, principlesName } = profile;
  switch (stage) {
    case "client":
    case "company":
      return [
        deadline(stage, "acknowledgement", enteredAt, clocks.acknowledgementDays, "the privacy policy promises a prompt acknowledgement"),
        deadline(stage, "response", enteredAt, clocks.responseDays, `${principlesName} Supplemental Principle 11(d)(i)`),
      ];
    case "dma":
      return [deadline(stage, "review", enteredAt, clocks.dmaReviewDays, `the dispute body's review period under the ${principlesName} profile`)];
    case "arbitration":
      return [deadline(stage, "award", enteredAt, clocks.arbitrationDays, `the arbitration period under the ${principlesName} profile, Annex I`)];
  }
}

/**
 * Breached once the moment it was met (or, while paused, the moment the clock stopped) is past
 * the due date. A paused clock is judged at its pause: its due date will move on resumption.
 */
export function isBreached(d: Deadline, now: Date): boolean {
  return (d.metAt ?? d.pausedAt ?? now).getTime() > d.dueAt.getTime();
}

export function deadlineState(d: Deadline, now: Date): { state: DeadlineCondition; daysLeft: number } {
  if (d.metAt) {
    return { state: isBreached(d, now) ? "met_late" : "met", daysLeft: wholeDaysUntil(d.metAt, d.dueAt) };
  }
  if (d.pausedAt) return { state: "paused", daysLeft: wholeDaysUntil(d.pausedAt, d.dueAt) };
  return { state: isBreached(d, now) ? "overdue" : "pending", daysLeft: wholeDaysUntil(now, d.dueAt) };
}

export function isPending(d: Deadline): boolean {
  return d.metAt === null;
}

export function deadlinesAt(deadlines: readonly Deadline[], stage: Stage): Deadline[] {
  return deadlines.filter((d) => d.stage === stage);
}

function updateAt(deadlines: readonly Deadline[], stage: Stage, change: (d: Deadline) => Deadline): Deadline[] {
  return deadlines.map((d) => (d.stage === stage ? change(d) : d));
}

export function markMet(deadlines: readonly Deadline[], stage: Stage, kinds: readonly DeadlineKind[], now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) => (kinds.includes(d.kind) && isPending(d) ? { ...d, metAt: now, pausedAt: null } : d));
}

export function pauseAnswerClock(deadlines: readonly Deadline[], stage: Stage, now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) =>
    ANSWER_CLOCKS.includes(d.kind) && isPending(d) && !d.pausedAt ? { ...d, pausedAt: now } : d,
  );
}

/** The time spent waiting for the complainant is given back to whoever has to answer. */
export function resumeAnswerClock(deadlines: readonly Deadline[], stage: Stage, now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) => {
    if (!d.pausedAt || !isPending(d)) return d;
    const dueAt = new Date(d.dueAt.getTime() + (now.getTime() - d.pausedAt.getTime()));
    return {
      ...d,
      dueAt,
      pausedAt: null,
      explanation: `${d.explanation}; paused from ${formatDay(d.pausedAt)} to ${formatDay(now)} while waiting for the complainant's reply, so now due ${formatDay(dueAt)}`,
    };
  });
}

export function extendDeadline(d: Deadline, dueAt: Date, reason: string): Deadline {
  return { ...d, dueAt, explanation: `${d.explanation}; extended by the Security Officer to ${formatDay(dueAt)}: ${reason.trim()}` };
}

/**
 * The nearest running deadline of a case: the earliest due date among the clocks of its current
 * stage that are neither met nor paused, and only while the case is active. The queue sorts and
 * filters on it, so it is stored on the case (cases.next_due_at) with every change of deadlines,
 * stage or status; this is the one definition of what is stored there.
 */
export function nextRunningDeadline(state: { stage: Stage; status: Status; deadlines: readonly Deadline[] }): Date | null {
  if (!(ACTIVE_STATUSES as readonly Status[]).includes(state.status)) return null;
  let nearest: Date | null = null;
  for (const d of state.deadlines) {
    if (d.stage !== state.stage || d.metAt !== null || d.pausedAt !== null) continue;
    if (nearest === null || d.dueAt.getTime() < nearest.getTime()) nearest = d.dueAt;
  }
  return nearest;
}
