import { isoDay, localDay, stepNumber, zoneCity, type DeadlineComputation, type DeadlineCondition, type DeadlineKind, type Stage } from "~/domain";
import { DAY_FORMAT, type Translate } from "./translate";

// How a deadline was worked out, in the reader's language, from the computation stored with it
// (ADR 011): the same facts as the domain's English sentence (explainComputation), which stays
// what is stored and searched. The case pages use this one function, staff pages in English.

/** The framework names a rule is cited with: the case's profile (ADR 012), as the domain used them. */
export interface RuleNames {
  /** e.g. "EU-U.S. Privacy Shield". */
  profile: string;
  /** e.g. "Privacy Shield". */
  principles: string;
}

export interface WordedDeadline {
  stage: Stage;
  kind: DeadlineKind;
  /** The stored English sentence: what is shown for a deadline counted before computations were kept. */
  explanation: string;
  computation?: DeadlineComputation | null;
}

/** "New York time", "Ortszeit New York", "heure de New York". */
export function zoneLabel(t: Translate, zone: string): string {
  const city = zoneCity(zone);
  return city === null ? t("common.zone.utc") : t("common.zone.city", { city });
}

/** An ISO day ("2026-12-07", already a day in the operator's zone) in the reader's form: "7 Dec 2026". */
export function isoDayText(t: Translate, iso: string): string {
  // Noon UTC of that date, written in UTC: the calendar day itself, whatever the page's zone.
  return t.intl.formatDate(new Date(`${iso}T12:00:00Z`), { ...DAY_FORMAT, timeZone: "UTC" });
}

/** The cut-off as a time of day: "17:00". */
function cutoffText(t: Translate, cutoff: string): string {
  const [h, m] = cutoff.split(":").map(Number);
  return t.intl.formatTime(new Date(Date.UTC(2000, 0, 3, h ?? 0, m ?? 0)), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
}

/** A day off by its name: weekends (stored as "Saturday"/"Sunday") in the reader's language; holidays and closures as stored. */
function dayOffName(t: Translate, d: { day: string; name: string }): string {
  if (d.name === "Saturday" || d.name === "Sunday") return t.intl.formatDate(new Date(`${d.day}T12:00:00Z`), { weekday: "long", timeZone: "UTC" });
  return d.name;
}

function namedDays(t: Translate, days: { day: string; name: string }[]): string {
  return t.intl.formatList(
    days.map((d) => t("deadlines.explain.namedDay", { day: isoDayText(t, d.day), name: dayOffName(t, d) })),
    { type: "conjunction" },
  );
}

/** What happened on the day counting starts from, as the domain's deadlinesForStage, awardComplianceDeadline and followUpDeadline say it. */
function receivedText(t: Translate, stage: Stage, kind: DeadlineKind): string {
  switch (kind) {
    case "award_compliance":
      return t("deadlines.received.decision", { stage });
    case "follow_up":
      return t("deadlines.received.rejected", { number: stepNumber(stage), name: t(`steps.${stage}.name`) });
    default:
      return stage === "client" || stage === "company" ? t("deadlines.received.complaint", { stage }) : t("deadlines.received.case", { stage });
  }
}

/**
 * "Due 14 Jan 2027 (end of day, New York time): 45 calendar days from 30 Nov 2026, when your
 * complaint reached our Security Officer after 17:00 on 27 Nov 2026. Paused … Where the period
 * comes from: …." Each sentence is one message; the officer's reason for an extension is quoted
 * as written. Without a computation, the stored English sentence.
 */
export function deadlineExplanationText(t: Translate, d: WordedDeadline, rule: RuleNames): string {
  const c = d.computation;
  if (!c) return d.explanation;
  const day = (iso: string) => isoDayText(t, iso);
  const received = receivedText(t, d.stage, d.kind);

  let receipt: string;
  if (c.cutoffApplied) {
    const closed = c.startSkipped.filter((s) => s.name !== "Saturday" && s.name !== "Sunday");
    const values = { received, time: cutoffText(t, c.cutoff), day: day(c.receivedDay) };
    receipt = closed.length > 0 ? t("deadlines.explain.receipt.cutoffClosed", { ...values, closed: namedDays(t, closed) }) : t("deadlines.explain.receipt.cutoff", values);
  } else if (c.startSkipped.length > 0) {
    receipt = t("deadlines.explain.receipt.dayOff", { received, day: day(c.receivedDay), name: dayOffName(t, c.startSkipped[0]!) });
  } else {
    receipt = t("deadlines.explain.receipt.plain", { received });
  }

  const sentences = [
    t("deadlines.explain.due", {
      due: day(c.dueDay),
      zone: zoneLabel(t, c.zone),
      counted: t("deadlines.explain.counted", { unit: c.period.unit, count: c.period.count, start: day(c.startDay) }),
      receipt,
    }),
  ];
  if (c.skipped.length > 0) sentences.push(t("deadlines.explain.skipped", { days: namedDays(t, c.skipped) }));
  const pausedOn = (instant: string) => day(isoDay(localDay(new Date(instant), c.zone)));
  const ended = c.pauses.filter((p) => p.to !== null);
  if (ended.length > 0) {
    const parts = ended.map((p) => t("deadlines.explain.pausePart", { unit: c.period.unit, days: p.addedDays, from: pausedOn(p.from) }));
    sentences.push(t("deadlines.explain.paused", { parts: t.intl.formatList(parts, { type: "conjunction" }) }));
  }
  const open = c.pauses.find((p) => p.to === null);
  if (open) sentences.push(t("deadlines.explain.pausedNow", { from: pausedOn(open.from) }));
  for (const e of c.extensions) sentences.push(t("deadlines.explain.extended", { due: day(e.dueDay), reason: e.reason }));
  sentences.push(t("deadlines.explain.rule", { rule: t(`deadlines.rule.${d.kind}`, { profile: rule.profile, principles: rule.principles }) }));
  // Whole sentences side by side, each a message of its own.
  return sentences.join(" ");
}

/** A deadline's state as its badge says it: "due in 5 days", "overdue by 2 days", "paused", "met", "breached". */
export function deadlineStateText(t: Translate, state: DeadlineCondition, daysLeft: number | null): string {
  switch (state) {
    case "met":
      return t("common.badge.met");
    case "met_late":
      return t("common.badge.metLate");
    case "paused":
      return t("common.badge.paused");
    // The case ended before the clock was met: no longer counting (ADR 053); a breach stays one.
    case "stopped":
      return t("common.badge.stopped");
    case "stopped_late":
      return t("common.badge.stoppedLate");
    case "overdue":
      return t("common.badge.overdue", { days: Math.max(1, -(daysLeft ?? -1)) });
    case "pending": {
      const left = daysLeft ?? 0;
      return left === 0 ? t("common.badge.dueToday") : t("common.badge.dueIn", { days: left });
    }
  }
}
