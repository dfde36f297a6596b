// What the deadline sweep must send for one case at one moment: reminders before a deadline to
// whoever must act, a breach alert to the officer, the escalation-available notice to the
// complainant, and the wait reminder and closure proposal. Pure: the model persists each notice
// under its key (case, subject, kind, recipient) so that it goes out exactly once.
import { formatDay, instantOfWallTime, localDay, zoneName } from "./calendar";
import { deadlinesAt, isPending } from "./deadlines";
import { type Recipient, recipients } from "./effects";
import { frameworkProfile, type FrameworkProfile } from "./frameworks";
import { escalationEligibility } from "./ladder";
import { isTerminal, type CaseState, type Deadline, type DeadlineKind, type Stage } from "./types";
import { DEFAULT_WAIT_SETTINGS, waitOf, type WaitKind, type WaitSettings } from "./waits";

const DAY_MS = 86_400_000;

/** The daily digest's hour on the operator's clock: staff find it with the morning's work. */
export const DIGEST_HOUR = 7;

/** 07:00 on `day` in `zone`; on a day whose clocks skip that hour, the first minute after it. */
function digestMomentOn(day: number, zone: string): Date {
  const wall = day * DAY_MS + DIGEST_HOUR * 3_600_000;
  for (let minutes = 0; minutes <= 120; minutes += 1) {
    const at = instantOfWallTime(wall + minutes * 60_000, zone);
    if (at) return at;
  }
  return new Date(wall);
}

/**
 * The last digest moment at or before `now` (07:00 in the operator's zone). A digest reader's
 * notice waits for the first such moment after it was recorded, so a digest task that runs every
 * hour sends each person one summary a day, at the operator's morning, and catches up after
 * downtime without sending twice.
 */
export function lastDigestMoment(now: Date, zone: string): Date {
  const today = localDay(now, zone);
  const todays = digestMomentOn(today, zone);
  return todays.getTime() <= now.getTime() ? todays : digestMomentOn(today - 1, zone);
}

/** The first digest moment after `after`: when a notice recorded then goes out. */
export function nextDigestMoment(after: Date, zone: string): Date {
  const today = localDay(after, zone);
  const todays = digestMomentOn(today, zone);
  return todays.getTime() > after.getTime() ? todays : digestMomentOn(today + 1, zone);
}

export interface NoticeSettings {
  /** Days before a deadline at which whoever must act is reminded (DEADLINE_REMINDER_DAYS, default 7,2). */
  reminderDays: readonly number[];
  waits: WaitSettings;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { reminderDays: [7, 2], waits: DEFAULT_WAIT_SETTINGS };

export type NoticeKind = `reminder_${number}d` | "breach" | "escalation_available" | "wait_reminder" | "closure_proposal";

export type NoticeTemplate = "deadline_reminder" | "deadline_breached" | "escalation_available" | "wait_reminder" | "closure_proposal";

export interface DueNotice {
  kind: NoticeKind;
  /**
   * What the notice is about, as part of its unique key: one due date of one clock
   * ("deadline:client/response/<starts>/<due>": a date moved by a pause or an extension is a new
   * date and gets its own reminders), one visit to a stage, or one wait.
   */
  subject: string;
  to: Recipient[];
  template: NoticeTemplate;
  /** Template data besides reference, link, name and audience (dates as ISO strings). */
  facts: Record<string, unknown>;
}

/** The case as the sweep sees it: its state and, while it waits for the complainant, since when. */
export interface SweptCase {
  state: CaseState;
  waitingSince: Date | null;
}

export function deadlineSubject(d: Deadline): string {
  return `deadline:${d.stage}/${d.kind}/${d.startsAt.toISOString()}/${d.dueAt.toISOString()}`;
}

/**
 * The subject of a breach alert: the clock and how often it was extended, not its date. A pause
 * and resume does not mend a breached clock (ADR 058), so the officer, already alerted, is not
 * alerted again; an extension is a new promise, and breaking it is a new breach.
 */
export function breachSubject(d: Deadline): string {
  return `breach:${d.stage}/${d.kind}/${d.startsAt.toISOString()}/extensions:${d.computation?.extensions.length ?? 0}`;
}

/** Who must act on a clock: the client's liaisons at the client stage, the Security Officer elsewhere. */
export function whoMustAct(state: CaseState, stage: Stage): Recipient[] {
  if (stage === "client") {
    const liaisons = recipients(state, ["liaisons"]);
    if (liaisons.length > 0) return liaisons;
  }
  return ["officer"];
}

/**
 * Who must carry out an award or a dispute body's decision (ADR 023): the organization, that is
 * the operator (its Security Officer), and the client's liaisons where the case has a client,
 * since the client holds the customer relationship and may have to act on its own copies.
 */
export function whoMustComply(state: CaseState): Recipient[] {
  return ["officer", ...recipients(state, ["liaisons"])];
}

/**
 * The reminder window `now` falls in: the smallest configured number of days N with
 * due - N days <= now < due. Larger windows are behind us and never send late (a sweep that
 * comes back after downtime two days before the date sends the 2-day reminder, not both).
 */
export function reminderWindow(d: Deadline, now: Date, reminderDays: readonly number[]): number | null {
  const left = d.dueAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const inside = reminderDays.filter((n) => n > 0 && left <= n * DAY_MS);
  return inside.length > 0 ? Math.min(...inside) : null;
}

function running(d: Deadline): boolean {
  return isPending(d) && d.pausedAt === null;
}

function deadlineFacts(d: Deadline): Record<string, unknown> {
  return { stage: d.stage, deadlineKind: d.kind, dueAt: d.dueAt.toISOString() };
}

/** Every notice due for this case at `now`; the same answer however often it is asked. */
export function dueNotices(
  swept: SweptCase,
  now: Date,
  settings: NoticeSettings = DEFAULT_NOTICE_SETTINGS,
  profile: FrameworkProfile = frameworkProfile(swept.state.framework),
): DueNotice[] {
  const { state } = swept;
  if (isTerminal(state.status)) return [];
  const notices: DueNotice[] = [];
  const here = deadlinesAt(state.deadlines, state.stage).filter(running);
  // The officer's alert says whether the complainant may now move up (arbitration's own
  // conditions, or the last step, can bar it; ADR 057).
  const mayMoveOn = () => escalationEligibility(state, now, profile).allowed;

  for (const d of here) {
    const subject = deadlineSubject(d);
    if (d.dueAt.getTime() < now.getTime()) {
      notices.push({ kind: "breach", subject: breachSubject(d), to: ["officer"], template: "deadline_breached", facts: { ...deadlineFacts(d), complainantMayMoveOn: mayMoveOn() } });
      continue;
    }
    const days = reminderWindow(d, now, settings.reminderDays);
    if (days !== null) {
      notices.push({
        kind: `reminder_${days}d`,
        subject,
        to: d.kind === "award_compliance" ? whoMustComply(state) : whoMustAct(state, d.stage),
        template: "deadline_reminder",
        facts: { ...deadlineFacts(d), days },
      });
    }
  }

  // A breached clock of this stage opens the next step; the complainant hears once per stage visit.
  if (here.some((d) => d.dueAt.getTime() < now.getTime())) {
    const eligibility = escalationEligibility(state, now, profile);
    if (eligibility.allowed) {
      notices.push({
        kind: "escalation_available",
        subject: `stage:${state.stage}/${state.stageEnteredAt.toISOString()}`,
        to: ["complainant"],
        template: "escalation_available",
        facts: { stage: state.stage, toStage: eligibility.to, because: "deadline_passed" },
      });
    }
  }

  const wait = waitOf(state.status, swept.waitingSince, settings.waits);
  if (wait) {
    const subject = `wait:${wait.kind}/${wait.since.toISOString()}`;
    const facts = { waitKind: wait.kind, since: wait.since.toISOString() };
    if (now.getTime() >= wait.reminderAt.getTime()) {
      notices.push({
        kind: "wait_reminder",
        subject,
        to: ["complainant"],
        template: "wait_reminder",
        facts: { ...facts, closureProposalAt: wait.closureProposalAt.toISOString() },
      });
    }
    if (now.getTime() >= wait.closureProposalAt.getTime()) {
      notices.push({ kind: "closure_proposal", subject, to: ["officer"], template: "closure_proposal", facts });
    }
  }
  return notices;
}

export const NOTICE_DEADLINE_WORDS: Record<DeadlineKind, string> = {
  acknowledgement: "acknowledge the complaint",
  response: "answer the complaint",
  review: "record the dispute body's review",
  award: "record the arbitration award",
  follow_up: "answer again after the complainant rejected the answer",
  award_compliance: "carry out the award or the dispute body's decision",
};

export const WAIT_WORDS: Record<WaitKind, string> = {
  information: "reply to our request for more information",
  answer: "accept or reject the answer",
};

/** The one line a daily digest shows for a notice to staff; dates in the operator's zone, named. */
export function noticeLine(notice: DueNotice, zone = "UTC"): string {
  const f = notice.facts;
  const kind = f.deadlineKind as DeadlineKind | undefined;
  const due = typeof f.dueAt === "string" ? `${formatDay(new Date(f.dueAt), zone)} (end of day, ${zoneName(zone)})` : "";
  switch (notice.template) {
    case "deadline_reminder":
      return `deadline to ${kind ? NOTICE_DEADLINE_WORDS[kind] : "act"} on ${due}, within ${String(f.days)} days`;
    case "deadline_breached":
      return `deadline to ${kind ? NOTICE_DEADLINE_WORDS[kind] : "act"} passed on ${due}`;
    case "closure_proposal":
      return `no word from the complainant since ${typeof f.since === "string" ? `${formatDay(new Date(f.since), zone)} (${zoneName(zone)})` : "long ago"}: proposed for closure as not pursued`;
    case "escalation_available":
      return "the complainant may escalate now";
    case "wait_reminder":
      return "the complainant was reminded that we are waiting for them";
  }
}
