// Steps that happen outside this website and that staff record afterwards (ADR 035): the dispute
// body taking the case, a notice of arbitration, an award, the complainant asking by letter to
// move up. Each record carries the day it happened and the outside body's reference; where a rule
// counts a period from the step, it counts from that day, not from the day someone typed it in.
import { dayFromIso, formatIsoDay, isIsoDay, isoDay, localDay, startOfDay } from "./calendar";
import { isBlank, refuse, type Refusal } from "./refusals";
import type { CaseState } from "./types";

export const EXTERNAL_REFERENCE_MAX = 200;

/** Why `occurredOn` cannot be the day of a step on this case, or null. `what` names the step. */
export function outsideDayRefusal(state: CaseState, occurredOn: string | undefined, now: Date, zone: string, what: string): Refusal | null {
  if (occurredOn === undefined) return null;
  if (!isIsoDay(occurredOn)) return refuse("invalid", `Enter the day ${what} as YYYY-MM-DD.`);
  const today = isoDay(localDay(now, zone));
  if (occurredOn > today) return refuse("invalid", `The day ${what} cannot be later than today, ${formatIsoDay(today)}.`);
  const opened = isoDay(localDay(state.openedAt, zone));
  if (occurredOn < opened) return refuse("invalid", `The day ${what} cannot be before the case was opened, ${formatIsoDay(opened)}.`);
  return null;
}

export function externalReferenceRefusal(reference: string | null | undefined, required: string | null): Refusal | null {
  if (reference != null && reference.trim().length > EXTERNAL_REFERENCE_MAX) {
    return refuse("invalid", `The reference is too long (at most ${EXTERNAL_REFERENCE_MAX} characters).`);
  }
  return required && isBlank(reference) ? refuse("invalid", required) : null;
}

/** Why a recorded step's day or reference cannot be taken, or null. `what` names the step's day. */
export function outsideStepRefusal(
  state: CaseState,
  step: { occurredOn?: string; externalReference?: string | null },
  now: Date,
  zone: string,
  what: string,
  referenceRequired: string | null = null,
): Refusal | null {
  return outsideDayRefusal(state, step.occurredOn, now, zone, what) ?? externalReferenceRefusal(step.externalReference, referenceRequired);
}

/** A data protection authority's referral: its day, and the authority's or Commerce's reference, which is required. */
export function dpaReferralRefusal(state: CaseState, referredOn: string, reference: string, now: Date, zone: string): Refusal | null {
  return outsideStepRefusal(
    state,
    { occurredOn: referredOn, externalReference: reference },
    now,
    zone,
    "of the referral",
    "Enter the data protection authority's or the Department of Commerce's reference.",
  );
}

/**
 * The instant a recorded step counts from: now when it happened today; otherwise the start of its
 * day in the operator's zone (so a cut-off never moves it to the next day), but never before the
 * current step began or before a pause that is running (the clocks of the step being left end no
 * earlier than what they already record).
 */
export function outsideInstant(state: CaseState, occurredOn: string | undefined, now: Date, zone: string): Date {
  if (occurredOn === undefined || !isIsoDay(occurredOn) || occurredOn >= isoDay(localDay(now, zone))) return now;
  const floor = Math.max(
    state.stageEnteredAt.getTime(),
    ...state.deadlines.filter((d) => d.stage === state.stage && d.pausedAt).map((d) => d.pausedAt!.getTime()),
  );
  const at = Math.max(startOfDay(dayFromIso(occurredOn), zone).getTime(), floor);
  return new Date(Math.min(at, now.getTime()));
}

/** What the event of a recorded step says about it: its day (today when none was given) and reference. */
export function outsidePayload(occurredOn: string | undefined, externalReference: string | null | undefined, now: Date, zone: string) {
  return {
    occurredOn: occurredOn ?? isoDay(localDay(now, zone)),
    externalReference: isBlank(externalReference) ? null : externalReference!.trim(),
  };
}
