import { describeCount, formatDay, formatIsoDay } from "./calendar";
import { deadlinesAt, isBreached, isPending } from "./deadlines";
import type { FrameworkProfile } from "./frameworks";
import { stepWho } from "./labels";
import type { RefusalCode } from "./refusals";
import { STAGES, isTerminal, type ArbitrationExclusion, type CaseState, type Stage } from "./types";

export function nextStage(stage: Stage): Stage | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}


/**
 * Why a case may not move up yet, as data: the complainant's page words it in their language
 * (case.escalate.why.*); `reason` is the same in English, for staff and the refusal.
 */
export type EscalationWhy =
  | { kind: "closed" }
  | { kind: "last_step" }
  | { kind: "excluded"; exclusion: ArbitrationExclusion }
  | { kind: "company_and_dma_first" }
  | { kind: "dpa_referral_needed"; framework: string }
  | { kind: "dpa_period"; framework: string; opensAt: Date }
  | { kind: "organization_period"; opensAt: Date }
  | { kind: "after_deadline"; to: Stage; dueAt: Date; missing: "acknowledged" | "answered" }
  | { kind: "paused" }
  | { kind: "decide_first"; to: Stage }
  | { kind: "answered_on_time"; to: Stage };

export type EscalationEligibility =
  | { allowed: true; to: Stage }
  | { allowed: false; code: RefusalCode; reason: string; why: EscalationWhy; availableFrom?: Date };

export const EXCLUSION_REASONS: Record<ArbitrationExclusion, string> = {
  already_arbitrated: "This complaint has already been decided in binding arbitration, so it cannot be arbitrated again.",
  court_judgment: "A court has already decided this complaint, so binding arbitration is not available.",
  settled: "This complaint has been settled, so binding arbitration is not available.",
};

/**
 * Annex I: what must be true of a case before anyone may take it to binding arbitration. Under a
 * profile that requires it, the DPA's referral to Commerce must be recorded and Commerce's period
 * (90 days) must have passed; the refusal names the first day arbitration is open (ADR 023).
 */
export function arbitrationBarrier(
  state: CaseState,
  profile: FrameworkProfile,
  now: Date,
  zone = "America/New_York",
): { code: RefusalCode; reason: string; why: EscalationWhy; availableFrom?: Date } | null {
  const { exclusion, dpaReferral } = state.arbitration;
  if (exclusion) return { code: "arbitration_excluded", reason: EXCLUSION_REASONS[exclusion], why: { kind: "excluded", exclusion } };
  if (!state.stagesVisited.includes("company") || !state.stagesVisited.includes("dma")) {
    return {
      code: "prerequisites_not_met",
      reason: "Before binding arbitration you must contact the company directly and then the DMA first (Annex I).",
      why: { kind: "company_and_dma_first" },
    };
  }
  const organization = organizationPeriodEnd(state, now);
  if (organization) {
    const opens = new Date(organization.getTime() + 1);
    return {
      code: "not_yet",
      reason: `The operator first has its full period to answer the complaint itself, which ends on ${formatDay(organization, zone)} (Annex I). Binding arbitration can be invoked from ${formatDay(opens, zone)}.`,
      why: { kind: "organization_period", opensAt: opens },
      availableFrom: opens,
    };
  }
  if (profile.arbitrationRequiresDpaReferral && !dpaReferral) {
    return {
      code: "prerequisites_not_met",
      reason: `Under the ${profile.name}, binding arbitration is available only after your data protection authority has referred the complaint to the U.S. Department of Commerce (Annex I).`,
      why: { kind: "dpa_referral_needed", framework: profile.name },
    };
  }
  if (profile.arbitrationRequiresDpaReferral && dpaReferral?.periodEndsAt && now.getTime() <= dpaReferral.periodEndsAt.getTime()) {
    const opens = new Date(dpaReferral.periodEndsAt.getTime() + 1);
    return {
      code: "not_yet",
      reason: `Under the ${profile.name}, the U.S. Department of Commerce has ${describeCount(profile.dpaReferralPeriod.count, profile.dpaReferralPeriod.unit)} from the data protection authority's referral${dpaReferral.referredOn ? ` on ${formatIsoDay(dpaReferral.referredOn)}` : ""} to resolve the complaint (Annex I). Binding arbitration can be invoked from ${formatDay(opens, zone)}.`,
      why: { kind: "dpa_period", framework: profile.name, opensAt: opens },
      availableFrom: opens,
    };
  }
  return null;
}

/**
 * Annex I (C)(1): before arbitration the organization must have had the chance to resolve the
 * complaint within Supplemental Principle 11(d)(i)'s period. A case that left the company step
 * before its response clock ran out (no acknowledgement, then a quick dispute body) waits for the
 * end of that clock; an answer there, or a clock that ran out, is that chance given.
 */
function organizationPeriodEnd(state: CaseState, now: Date): Date | null {
  const cut = deadlinesAt(state.deadlines, "company").filter(
    (d) => d.kind === "response" && d.metAt === null && d.stoppedAt && d.stoppedAt.getTime() <= d.dueAt.getTime() && now.getTime() <= d.dueAt.getTime(),
  );
  const answered = deadlinesAt(state.deadlines, "company").some((d) => d.metAt !== null && (d.kind === "response" || d.kind === "follow_up"));
  if (answered || cut.length === 0) return null;
  return cut.reduce((latest, d) => (d.dueAt.getTime() > latest.getTime() ? d.dueAt : latest), cut[0]!.dueAt);
}

/**
 * The complainant may go one step up only when the current stage has not satisfactorily
 * addressed the complaint: no prompt acknowledgement, no answer in time, or an answer they rejected.
 */
export function escalationEligibility(state: CaseState, now: Date, profile: FrameworkProfile, zone = "America/New_York"): EscalationEligibility {
  if (isTerminal(state.status)) return { allowed: false, code: "case_closed", reason: "This case is closed.", why: { kind: "closed" } };
  const to = nextStage(state.stage);
  if (!to) {
    return { allowed: false, code: "wrong_stage", reason: "Binding arbitration is the last step; there is no further step to take.", why: { kind: "last_step" } };
  }
  if (to === "arbitration") {
    const barrier = arbitrationBarrier(state, profile, now, zone);
    if (barrier) return { allowed: false, ...barrier };
  }

  const here = deadlinesAt(state.deadlines, state.stage);
  if (state.answerRejected || here.some((d) => isBreached(d, now))) return { allowed: true, to };

  // The award-compliance clock is the organization's; a breach of it opens the next step (above),
  // but the complainant's "after <date>" speaks only of acknowledging and answering.
  const running = here.filter((d) => isPending(d) && !d.pausedAt && d.kind !== "award_compliance").sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const first = running[0];
  if (first) {
    const missing = first.kind === "acknowledgement" ? "acknowledged" : "answered";
    return {
      allowed: false,
      code: "not_yet",
      reason: `You can move this case to ${stepWho(to)} after ${formatDay(first.dueAt, zone)} if your complaint has not been ${missing} by then, or as soon as you reject an answer.`,
      why: { kind: "after_deadline", to, dueAt: first.dueAt, missing },
      availableFrom: first.dueAt,
    };
  }
  if (here.some((d) => isPending(d) && d.pausedAt)) {
    return {
      allowed: false,
      code: "not_yet",
      reason: "The clock is paused while we wait for your reply. Once you reply, the clock runs again.",
      why: { kind: "paused" },
    };
  }
  return {
    allowed: false,
    code: "not_yet",
    reason:
      state.status === "answered"
        ? `Please accept or reject the answer first. If you reject it, you can move the case to ${stepWho(to)}.`
        : `Your complaint was acknowledged and answered on time. If you reject an answer, you can move the case to ${stepWho(to)}.`,
    why: state.status === "answered" ? { kind: "decide_first", to } : { kind: "answered_on_time", to },
  };
}
