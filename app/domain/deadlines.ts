import {
  addWorkingDays,
  calendarDaysUntil,
  cutoffMinute,
  dayFromIso,
  describeCount,
  endOfDay,
  firstWorkingDayFrom,
  formatDay,
  formatIsoDay,
  isoDay,
  localDay,
  localTime,
  workingDaysBetween,
  zoneName,
  WEEKENDS_ONLY_CALENDAR,
  type Day,
  type OperatorCalendar,
} from "./calendar";
import type { FrameworkProfile } from "./frameworks";
import { stepWho } from "./labels";
import {
  ACTIVE_STATUSES,
  type Deadline,
  type DeadlineComputation,
  type DeadlineKind,
  type Period,
  type Stage,
  type Status,
} from "./types";

// stopped / stopped_late: the case ended before the clock was met, with time left or after its
// due date (a breach that stays on record).
export type DeadlineCondition = "met" | "met_late" | "pending" | "overdue" | "paused" | "stopped" | "stopped_late";

/** The clocks that stop while the case waits for the complainant: the ones that time an answer. */
const ANSWER_CLOCKS: readonly DeadlineKind[] = ["response", "review", "award", "follow_up"];

export interface DeadlineRequest {
  stage: Stage;
  kind: DeadlineKind;
  /** The moment the complaint (or the case, at a later stage) reached whoever must act. */
  receivedAt: Date;
  period: Period;
  calendar: OperatorCalendar;
  /** The rule the period comes from, e.g. "Privacy Shield Supplemental Principle 11(d)(i)". */
  why: string;
  /** What happened at `receivedAt`, in the complainant's words; default "your complaint reached us". */
  received?: string;
}

/**
 * The one way a deadline is counted (ADR 011). Receipt on a non-working day, or at or after the
 * cut-off on a working day, counts as receipt on the next working day. N business days end at
 * the end of the Nth working day after that day; N calendar days end at the end of the day N days
 * after it, wherever that falls. "End of day" is 23:59:59.999 in the operator's zone.
 */
export function computeDeadline(request: DeadlineRequest): Deadline {
  const { stage, kind, receivedAt, period, calendar, why } = request;
  const received = localTime(receivedAt, calendar.zone);
  const receivedOnWorkingDay = firstWorkingDayFrom(calendar, received.day).day === received.day;
  const cutoffApplied = receivedOnWorkingDay && received.minute >= cutoffMinute(calendar.cutoff);
  const start = firstWorkingDayFrom(calendar, cutoffApplied ? received.day + 1 : received.day);

  let dueDay: Day;
  let skipped: { day: string; name: string }[] = [];
  if (period.unit === "business_days") {
    const counted = addWorkingDays(calendar, start.day, period.count);
    dueDay = counted.day;
    // Weekends go without saying; holidays and closures are named.
    skipped = counted.skipped.filter((d) => d.why !== "weekend").map(({ day, name }) => ({ day, name }));
  } else {
    dueDay = start.day + period.count;
  }

  const computation: DeadlineComputation = {
    receivedAt: receivedAt.toISOString(),
    zone: calendar.zone,
    cutoff: calendar.cutoff,
    receivedDay: isoDay(received.day),
    startDay: isoDay(start.day),
    cutoffApplied,
    startSkipped: start.skipped.map(({ day, name }) => ({ day, name })),
    period: { ...period },
    skipped,
    baseDueDay: isoDay(dueDay),
    dueDay: isoDay(dueDay),
    why,
    received: request.received ?? "your complaint reached us",
    pauses: [],
    extensions: [],
  };
  return {
    stage,
    kind,
    startsAt: receivedAt,
    dueAt: endOfDay(dueDay, calendar.zone),
    metAt: null,
    pausedAt: null,
    explanation: explainComputation(computation),
    computation,
  };
}

// ---- the sentence ---------------------------------------------------------------------------

function clockTime(cutoff: string): string {
  const minute = cutoffMinute(cutoff);
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}${m ? `:${String(m).padStart(2, "0")}` : ""} ${h < 12 ? "am" : "pm"}`;
}

function namedDays(days: { day: string; name: string }[], sameYearAs: string): string {
  return days.map((d) => `${formatIsoDay(d.day, d.day.slice(0, 4) !== sameYearAs.slice(0, 4))} (${d.name})`).join(", ");
}

function dayCount(n: number, unit: Period["unit"]): string {
  return unit === "business_days" ? `${n} working day${n === 1 ? "" : "s"}` : `${n} day${n === 1 ? "" : "s"}`;
}

/**
 * One sentence a complainant can check, e.g. "Due 14 Jan 2027 (end of day, New York time): 45
 * calendar days from 30 Nov 2026, when your complaint reached us after 5 pm on 27 Nov; paused 3
 * days while we waited for your reply."
 */
export function explainComputation(c: DeadlineComputation): string {
  const { period, startDay } = c;
  const short = (iso: string) => formatIsoDay(iso, iso.slice(0, 4) !== startDay.slice(0, 4));
  const counted =
    period.unit === "business_days"
      ? `${describeCount(period.count, period.unit)} after ${formatIsoDay(startDay)}`
      : `${describeCount(period.count, period.unit)} from ${formatIsoDay(startDay)}`;

  let receipt: string;
  if (c.cutoffApplied) {
    receipt = `, when ${c.received} after ${clockTime(c.cutoff)} on ${short(c.receivedDay)}`;
    const closed = c.startSkipped.filter((d) => d.name !== "Saturday" && d.name !== "Sunday");
    if (closed.length > 0) receipt += `, the next working day after ${namedDays(closed, startDay)}`;
  } else if (c.startSkipped.length > 0) {
    receipt = `, the first working day after ${c.received} on ${short(c.receivedDay)} (${c.startSkipped[0]!.name})`;
  } else {
    receipt = `, when ${c.received}`;
  }

  const parts = [`${counted}${receipt}`];
  if (c.skipped.length > 0) parts.push(`not counting ${namedDays(c.skipped, startDay)}`);

  const ended = c.pauses.filter((p) => p.to !== null);
  if (ended.length > 0) {
    const unit = period.unit;
    const each = ended.map((p) => `${dayCount(p.addedDays, unit)} from ${short(isoDay(localDay(new Date(p.from), c.zone)))}`);
    parts.push(`paused ${each.join(" and ")} while we waited for your reply`);
  }
  const open = c.pauses.find((p) => p.to === null);
  if (open) parts.push(`paused since ${short(isoDay(localDay(new Date(open.from), c.zone)))} while we wait for your reply`);
  for (const e of c.extensions) parts.push(`extended to ${formatIsoDay(e.dueDay)} by the Security Officer: ${e.reason}`);

  return `Due ${formatIsoDay(c.dueDay)} (end of day, ${zoneName(c.zone)}): ${parts.join("; ")} (${c.why}).`;
}

// ---- the clocks of a stage --------------------------------------------------------------------

/** The clocks that start when a case enters `stage`; receipt at a stage is the moment it enters it. */
export function deadlinesForStage(
  stage: Stage,
  enteredAt: Date,
  profile: FrameworkProfile,
  calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR,
): Deadline[] {
  const { clocks, principlesName } = profile;
  // A complaint comes to the first two steps; a case, already worked on, to the last two.
  const received = stage === "client" || stage === "company" ? `your complaint reached ${stepWho(stage)}` : `your case reached ${stepWho(stage)}`;
  const at = (kind: DeadlineKind, period: Period, why: string) =>
    computeDeadline({ stage, kind, receivedAt: enteredAt, period, calendar, why, received });
  switch (stage) {
    case "client":
    case "company":
      return [
        at("acknowledgement", clocks.acknowledgement, "the privacy policy promises a prompt acknowledgement"),
        at("response", clocks.response, `${principlesName} Supplemental Principle 11(d)(i)`),
      ];
    case "dma":
      return [at("review", clocks.dmaReview, `the dispute body's review period under the ${profile.name} profile`)];
    case "arbitration":
      return [at("award", clocks.arbitration, `the arbitration period under the ${profile.name} profile, Annex I`)];
  }
}

// ---- state of a clock ---------------------------------------------------------------------------

/**
 * Breached once the moment it was met (or, stopped by the end of the case or paused, the moment
 * the clock stopped) is past the due date. A paused clock is judged at its pause: its due date
 * will move on resumption.
 */
export function isBreached(d: Deadline, now: Date): boolean {
  return (d.metAt ?? d.stoppedAt ?? d.pausedAt ?? now).getTime() > d.dueAt.getTime();
}

/** `daysLeft` counts calendar days in the operator's zone: 5 on a 5-day clock started today, 0 on its last day, -1 the day after. */
export function deadlineState(d: Deadline, now: Date, zone = d.computation?.zone ?? "UTC"): { state: DeadlineCondition; daysLeft: number } {
  if (d.metAt) {
    return { state: isBreached(d, now) ? "met_late" : "met", daysLeft: calendarDaysUntil(d.metAt, d.dueAt, zone) };
  }
  if (d.stoppedAt) {
    return { state: isBreached(d, now) ? "stopped_late" : "stopped", daysLeft: calendarDaysUntil(d.stoppedAt, d.dueAt, zone) };
  }
  if (d.pausedAt) return { state: "paused", daysLeft: calendarDaysUntil(d.pausedAt, d.dueAt, zone) };
  // A clock counted before deadlines ended at the end of their day can pass mid-day: still a day late.
  if (isBreached(d, now)) return { state: "overdue", daysLeft: Math.min(-1, calendarDaysUntil(now, d.dueAt, zone)) };
  return { state: "pending", daysLeft: calendarDaysUntil(now, d.dueAt, zone) };
}

/** Neither met nor stopped by the end of the case: it still counts (paused or running). */
export function isPending(d: Deadline): boolean {
  return d.metAt === null && !d.stoppedAt;
}

/** Whether the officer may still extend the clock: it counts, and it has not been missed (ADR 058). */
export function isExtendable(d: Deadline, now: Date): boolean {
  return isPending(d) && !isBreached(d, now);
}

export function deadlinesAt(deadlines: readonly Deadline[], stage: Stage): Deadline[] {
  return deadlines.filter((d) => d.stage === stage);
}

function updateAt(deadlines: readonly Deadline[], stage: Stage, change: (d: Deadline) => Deadline): Deadline[] {
  return deadlines.map((d) => (d.stage === stage ? change(d) : d));
}

export function markMet(deadlines: readonly Deadline[], stage: Stage, kinds: readonly DeadlineKind[], now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) => (kinds.includes(d.kind) && isPending(d) ? closePause({ ...d, metAt: now, pausedAt: null }, now) : d));
}

/** A clock met while paused keeps its pause on record, ended at the moment it was met (no days given back). */
function closePause(d: Deadline, now: Date): Deadline {
  const c = d.computation;
  if (!c || !c.pauses.some((p) => p.to === null)) return d;
  return { ...d, computation: { ...c, pauses: c.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p)) } };
}

// ---- the end of a case or of its step (ADR 053, ADR 056) --------------------------------------

/**
 * A case that ends, or moves on to the next step, stops the clocks of the stage it was at that are
 * not met, at that moment: nobody owes an answer there any more, and a clock judged later would
 * turn into a breach that never happened. An open pause ends there too (no days given back). Met
 * clocks keep their record.
 */
export function stopClocks(deadlines: readonly Deadline[], stage: Stage, now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) => {
    if (!isPending(d)) return d;
    // A move up dated in the past (the day the complainant asked) can precede a clock the step
    // started later (a follow-up, a compliance clock): that clock stops as it starts, never before.
    const at = d.startsAt.getTime() > now.getTime() ? d.startsAt : now;
    return { ...closePause(d, at), pausedAt: null, stoppedAt: at };
  });
}

/**
 * A reopened case's stopped clocks run again with the due dates they had: the periods count
 * from receipt, and the time the case was closed is not given back (an extension is the
 * officer's way to give more time).
 */
export function restartClocks(deadlines: readonly Deadline[], stage: Stage): Deadline[] {
  return updateAt(deadlines, stage, (d) => (d.stoppedAt ? { ...d, stoppedAt: null } : d));
}

// ---- pauses -------------------------------------------------------------------------------------

/** Stops one clock; every pause is kept in its computation. */
export function pauseClock(d: Deadline, now: Date): Deadline {
  if (!isPending(d) || d.pausedAt) return d;
  const c = d.computation;
  if (!c) return { ...d, pausedAt: now };
  const computation = { ...c, pauses: [...c.pauses, { from: now.toISOString(), to: null, addedDays: 0 }] };
  return { ...d, pausedAt: now, computation, explanation: explainComputation(computation) };
}

/**
 * Restarts one clock and gives back the time the pause took (ADR 011): for a calendar-day clock
 * every day from the day it stopped up to the day it restarted, for a business-day clock the
 * working days among them. A pause that starts and ends on the same day gives nothing back and
 * takes nothing away; no pause ever moves a due date earlier. A clock paused after its due moment
 * had already passed gets nothing back: it stays due when it was, and breached (ADR 058).
 */
export function resumeClock(d: Deadline, now: Date, calendar: OperatorCalendar): Deadline {
  if (!d.pausedAt || !isPending(d)) return d;
  const missed = isBreached(d, now);
  const c = d.computation;
  if (!c) {
    // Counted before computations were kept: give back the elapsed time, as it was counted then.
    const given = missed ? 0 : Math.max(0, now.getTime() - d.pausedAt.getTime());
    const dueAt = new Date(d.dueAt.getTime() + given);
    return {
      ...d,
      dueAt,
      pausedAt: null,
      explanation: `${d.explanation}; paused from ${formatDay(d.pausedAt, calendar.zone)} to ${formatDay(now, calendar.zone)} while waiting for the complainant's reply, so now due ${formatDay(dueAt, calendar.zone)}`,
    };
  }
  const zone = c.zone;
  const from = Math.max(localDay(d.pausedAt, zone), dayFromIso(c.startDay));
  const to = localDay(now, zone);
  const currentDue = dayFromIso(c.dueDay);
  let added: number;
  let dueDay: Day;
  if (missed) {
    added = 0;
    dueDay = currentDue;
  } else if (c.period.unit === "business_days") {
    added = workingDaysBetween(calendar, from, to);
    dueDay = addWorkingDays(calendar, currentDue, added).day;
  } else {
    added = Math.max(0, to - from);
    dueDay = currentDue + added;
  }
  const computation: DeadlineComputation = {
    ...c,
    dueDay: isoDay(dueDay),
    pauses: c.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString(), addedDays: added } : p)),
  };
  return { ...d, pausedAt: null, dueAt: endOfDay(dueDay, zone), computation, explanation: explainComputation(computation) };
}

export function pauseAnswerClock(deadlines: readonly Deadline[], stage: Stage, now: Date): Deadline[] {
  return updateAt(deadlines, stage, (d) => (ANSWER_CLOCKS.includes(d.kind) ? pauseClock(d, now) : d));
}

/** The time spent waiting for the complainant is given back to whoever has to answer. */
export function resumeAnswerClock(deadlines: readonly Deadline[], stage: Stage, now: Date, calendar: OperatorCalendar): Deadline[] {
  return updateAt(deadlines, stage, (d) => resumeClock(d, now, calendar));
}

// ---- extensions ---------------------------------------------------------------------------------

export type ExtensionResult = { ok: true; deadline: Deadline; dueDay: string } | { ok: false; reason: string };

const MISSED_DEADLINE_NOT_EXTENDED = "This deadline has already passed; a missed deadline cannot be extended.";

/**
 * Moves a clock's last day to `newDay` (ISO date in the operator's zone). The new day must be
 * later than the current one and no further than the profile's limit past the date the clock
 * had before its first extension, so two extensions together stay within one limit. A clock
 * already breached is not extended: a breach stays a breach, and with it the complainant's right
 * to move up (ADR 004, ADR 058).
 */
export function extendClock(
  d: Deadline,
  newDay: string,
  reason: string,
  now: Date,
  limit: Period,
  calendar: OperatorCalendar,
  profileName: string,
): ExtensionResult {
  if (isBreached(d, now)) return { ok: false, reason: MISSED_DEADLINE_NOT_EXTENDED };
  const zone = d.computation?.zone ?? calendar.zone;
  const currentDue = d.computation ? dayFromIso(d.computation.dueDay) : localDay(d.dueAt, zone);
  const requested = dayFromIso(newDay);
  if (requested <= currentDue) {
    return { ok: false, reason: `The new date must be later than the current due date, ${formatIsoDay(isoDay(currentDue))}.` };
  }
  const before = d.computation?.extensions[0]?.fromDay;
  const base = before ? dayFromIso(before) : currentDue;
  const latest = limit.unit === "business_days" ? addWorkingDays(calendar, base, limit.count).day : base + limit.count;
  if (requested > latest) {
    return {
      ok: false,
      reason: `Under the ${profileName} profile a deadline can be extended by at most ${describeCount(limit.count, limit.unit)} in total, from ${formatIsoDay(isoDay(base))} to ${formatIsoDay(isoDay(latest))} at the latest.`,
    };
  }
  const why = reason.trim();
  const dueAt = endOfDay(requested, zone);
  const c = d.computation;
  if (!c) {
    return { ok: true, dueDay: newDay, deadline: { ...d, dueAt, explanation: `${d.explanation}; extended by the Security Officer to ${formatIsoDay(newDay)}: ${why}` } };
  }
  const computation: DeadlineComputation = {
    ...c,
    dueDay: newDay,
    extensions: [...c.extensions, { at: now.toISOString(), dueDay: newDay, fromDay: isoDay(currentDue), reason: why }],
  };
  return { ok: true, dueDay: newDay, deadline: { ...d, dueAt, computation, explanation: explainComputation(computation) } };
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
    if (d.stage !== state.stage || !isPending(d) || d.pausedAt !== null) continue;
    if (nearest === null || d.dueAt.getTime() < nearest.getTime()) nearest = d.dueAt;
  }
  return nearest;
}

// ---- after a decision: carrying out an award; Commerce's period on a DPA referral (ADR 023) ------

/**
 * The award-compliance clock: the profile's `awardCompliance` period, counted like every other
 * deadline from the moment the award (or a dispute body's decision that requires action) was
 * recorded. It runs for the organization that must comply; it is not an answer clock, so it does
 * not stop while the case waits for the complainant.
 */
export function awardComplianceDeadline(
  stage: Stage,
  decidedAt: Date,
  profile: FrameworkProfile,
  calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR,
): Deadline {
  return computeDeadline({
    stage,
    kind: "award_compliance",
    receivedAt: decidedAt,
    period: profile.clocks.awardCompliance,
    calendar,
    why: `the award compliance period under the ${profile.name} profile`,
    received: stage === "arbitration" ? "the arbitration award was recorded" : "the dispute body's decision was recorded",
  });
}

/**
 * The last moment of the Department of Commerce's period after a DPA referred the complaint
 * (DPF Annex I, ADR 023): the profile's `dpaReferralPeriod` counted from the day of the referral
 * (that day is day 0, as for every calendar period), ending at the end of its last day in the
 * operator's zone. No cut-off applies: the referral is a day the officer reads off a letter, not
 * a moment something reached us.
 */
export function dpaPeriodEnd(referredOn: string, period: Period, calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR): Date {
  const day = dayFromIso(referredOn);
  const last = period.unit === "business_days" ? addWorkingDays(calendar, day, period.count).day : day + period.count;
  return endOfDay(last, calendar.zone);
}
