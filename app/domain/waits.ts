// No case without a clock: when the case waits for the answering side a deadline runs; when it
// waits for the complainant (information requested, or an answer to accept or reject) a wait
// timer runs instead. Both are decided here, from the state and `now` only.
import { WEEKENDS_ONLY_CALENDAR, addDays, describeCount, formatDay, type OperatorCalendar } from "./calendar";
import { computeDeadline } from "./deadlines";
import type { FrameworkProfile } from "./frameworks";
import { stepName, stepNumber } from "./labels";
import type { Deadline, Stage, Status } from "./types";

/**
 * The one place a follow-up clock is created: the profile's follow-up period, counted like every
 * other deadline (computeDeadline, ADR 011) from the moment the complainant rejected the answer.
 */
export function followUpDeadline(stage: Stage, rejectedAt: Date, profile: FrameworkProfile, calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR): Deadline {
  return computeDeadline({
    stage,
    kind: "follow_up",
    receivedAt: rejectedAt,
    period: profile.clocks.followUp,
    calendar,
    why: `the follow-up period under the ${profile.name} profile`,
    received: `the complainant rejected the answer at step ${stepNumber(stage)}, ${stepName(stage)}`,
  });
}

export interface WaitSettings {
  /** A reminder goes to the complainant this many days into a wait (WAIT_REMINDER_DAYS, default 14). */
  reminderAfterDays: number;
  /** After this many days the case is proposed to the officer for closure as not pursued (WAIT_CLOSURE_PROPOSAL_DAYS, default 30). */
  closureProposalAfterDays: number;
}

export const DEFAULT_WAIT_SETTINGS: WaitSettings = { reminderAfterDays: 14, closureProposalAfterDays: 30 };

export type WaitKind = "information" | "answer";

/** What the complainant is expected to do in a status, if anything. */
export function waitKindOf(status: Status): WaitKind | null {
  if (status === "awaiting_complainant") return "information";
  if (status === "answered") return "answer";
  return null;
}

export interface Wait {
  kind: WaitKind;
  since: Date;
  reminderAt: Date;
  closureProposalAt: Date;
}

/**
 * The wait timer of a case in a waiting status. `since` is when the wait began (the request for
 * information, or the answer); the model reads it from the timeline.
 */
export function waitOf(status: Status, since: Date | null, settings: WaitSettings = DEFAULT_WAIT_SETTINGS): Wait | null {
  const kind = waitKindOf(status);
  if (!kind || !since) return null;
  return {
    kind,
    since,
    reminderAt: addDays(since, settings.reminderAfterDays),
    closureProposalAt: addDays(since, settings.closureProposalAfterDays),
  };
}

/** Proposed, never done: the officer decides and closes with the ordinary close action. */
export function isProposedForClosure(wait: Wait | null, now: Date): boolean {
  return wait !== null && now.getTime() >= wait.closureProposalAt.getTime();
}

const WAITING_FOR: Record<WaitKind, string> = {
  information: "the complainant's reply to a request for information",
  answer: "the complainant to accept or reject the answer",
};

/** One sentence for the officer's case page; days as the operator's calendar (`zone`) reads them. */
export function describeWaitForStaff(wait: Wait, now: Date, zone = "UTC"): string {
  const day = (d: Date) => formatDay(d, zone);
  const base = `Waiting since ${day(wait.since)} for ${WAITING_FOR[wait.kind]}.`;
  if (isProposedForClosure(wait, now)) {
    return `${base} No reply for ${describeCount(Math.floor((now.getTime() - wait.since.getTime()) / 86_400_000), "calendar_days")}: proposed for closure as not pursued. Nothing closes on its own; close the case with the reason "not pursued" if you agree.`;
  }
  return `${base} A reminder goes to the complainant on ${day(wait.reminderAt)}; on ${day(wait.closureProposalAt)} the case is proposed to you for closure as not pursued.`;
}

/** One sentence for the complainant's case page. */
export function describeWaitForComplainant(wait: Wait, zone = "UTC"): string {
  const what = wait.kind === "information" ? "your reply" : "you to accept or reject the answer";
  return `We have been waiting for ${what} since ${formatDay(wait.since, zone)}. If we hear nothing by ${formatDay(wait.closureProposalAt, zone)}, the Security Officer may close your complaint as not pursued.`;
}
