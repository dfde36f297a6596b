// The one place that says who may do what to a case, at which stage and in which status, and
// what it changes. Routes ask `check` to show or hide actions and `decide` to carry one out.
import { enterStage, excludeArbitration, finish, meetDeadlines, reopen, withDeadline, withStatus } from "./case-changes";
import { WEEKENDS_ONLY_CALENDAR, type OperatorCalendar } from "./calendar";
import { COMMAND_TYPES, CONTACT_CHANNELS, DIRECTIONS, type Command, type CommandOf, type CommandType } from "./commands";
import { awardComplianceDeadline, deadlinesAt, dpaPeriodEnd, extendClock, isPending } from "./deadlines";
import { notify, readersToTell, recipients, type Effects } from "./effects";
import { frameworkProfile } from "./frameworks";
import { VERIFICATION_METHODS, VERIFICATION_OUTCOMES, identityVerified } from "./identity";
import { ERASURE_CLOSURE_REASON } from "./erasure";
import { EXCLUSION_REASONS, arbitrationBarrier, escalationEligibility } from "./ladder";
import { isBlank, refuse, type Refusal } from "./refusals";
import { followUpDeadline } from "./waits";
import { permit, type Transition } from "./rules";
import { dpaReferralRefusal, outsideInstant, outsidePayload, outsideStepRefusal } from "./outside-steps";
import { ownerRefusal, sameOwnerRefusal } from "./triage";
import {
  ACTIVE_STATUSES,
  AUDIENCES,
  CLOSURE_KINDS,
  OUTCOMES,
  REMEDIES,
  STAGES,
  STATUSES,
  isTerminal,
  type Actor,
  type CaseState,
  type Period,
  type Remedy,
  type Stage,
  type Status,
} from "./types";

export type { Command, CommandType } from "./commands";
export type { DomainEvent, Notification } from "./effects";
export type { Refusal, RefusalCode } from "./refusals";

export type Decision = ({ ok: true } & Effects) | Refusal;

type TransitionTable = { [T in CommandType]: Transition<CommandOf<T>> };

const ACTIVE: readonly Status[] = ACTIVE_STATUSES;
const ANSWERING_STAGES: readonly Stage[] = ["client", "company"];
const ANSWERED_STAGES: readonly Stage[] = ["client", "company", "dma"];

function required(text: string | null | undefined, reason: string): Refusal | null {
  return isBlank(text) ? refuse("reason_required", reason) : null;
}

function nonBlank(text: string | null | undefined, reason: string): Refusal | null {
  return isBlank(text) ? refuse("invalid", reason) : null;
}

/** An answer that shows, corrects or removes someone's data waits for proof that they asked. */
const IDENTITY_FIRST = refuse(
  "prerequisites_not_met",
  "This request can be carried out only after the requester's identity has been verified. Record a verification with the outcome \"verified\" first, or mark the answer as declining the request.",
);

/** Erasing someone's account and cases waits for proof that they asked (ADR 051, as ADR 021). */
const ERASURE_IDENTITY_FIRST = refuse(
  "prerequisites_not_met",
  "The erasure can be carried out only after the requester's identity has been verified. Record a verification with the outcome \"verified\" first.",
);

/** The referral as recorded, with the end of Commerce's period counted from its day (ADR 023). */
function withDpaReferral(state: CaseState, referredOn: string, reference: string, period: Period, calendar: OperatorCalendar) {
  const periodEndsAt = dpaPeriodEnd(referredOn, period, calendar);
  const dpaReferral = { referredOn, reference: reference.trim(), periodEndsAt };
  return { dpaReferral, state: { ...state, arbitration: { ...state.arbitration, dpaReferral } } };
}

function event(type: string, payload: Record<string, unknown> = {}) {
  return { type, payload };
}

/**
 * post_message, as written on this website (the case pages' action): only the officer logs mail,
 * letters and calls and says which; anyone else writing here writes on the web, whatever the form
 * sent. The mail path (app/mail/inbound) posts with channel "email" itself and does not come here.
 */
export function postedOnWebsite(actor: Actor, command: CommandOf<"post_message">): CommandOf<"post_message"> {
  return actor.role === "officer" ? command : { ...command, channel: "web" };
}

export const TRANSITIONS: TransitionTable = {
  acknowledge: {
    action: "acknowledge the complaint",
    roles: { liaison: ["client"], officer: ANSWERING_STAGES },
    statuses: ["awaiting_acknowledgement"],
    // The policy promises a prompt acknowledgement: the complainant hears when it happens.
    apply: ({ state, now, calendar }) => ({
      state: meetDeadlines(withStatus(state, "in_progress", now, calendar), ["acknowledgement"], now),
      events: [event("acknowledged", { stage: state.stage })],
      notifications: notify("case_acknowledged", recipients(state, ["complainant"])),
    }),
  },

  request_information: {
    action: "ask the complainant for more information",
    roles: { liaison: ["client"], officer: STAGES },
    statuses: ["in_progress"],
    validate: (_ctx, { message }) => nonBlank(message, "Write what you need from the complainant."),
    apply: ({ state, now, calendar }) => ({
      state: withStatus(state, "awaiting_complainant", now, calendar),
      events: [event("information_requested", { stage: state.stage })],
      notifications: notify("information_requested", recipients(state, ["complainant"])),
    }),
  },

  // Posts from the website pass through postedOnWebsite (above) first.
  post_message: {
    action: "write a message",
    roles: { complainant: STAGES, liaison: STAGES, officer: STAGES },
    statuses: STATUSES,
    // Staff keep notes on finished cases (a late letter, a phone call); nobody else writes there.
    guard: ({ state, actor }) =>
      isTerminal(state.status) && actor.role !== "officer" ? refuse("case_closed", "This case is closed.") : null,
    validate: ({ state, actor, now }, { audience, channel, complainantReplyReceivedAt }) => {
      // A party writes through this website or by replying to our mail; post and phone are logged by the officer.
      if (actor.role === "complainant" && (audience !== "parties" || (channel !== "web" && channel !== "email"))) {
        return refuse("invalid", "Your messages go to everyone handling your case, through this website or by e-mail.");
      }
      if (actor.role === "liaison" && (audience === "internal" || (channel !== "web" && channel !== "email"))) {
        return refuse("invalid", "A liaison writes through this website or by e-mail, to all parties or to staff only.");
      }
      if (isTerminal(state.status) && audience !== "internal") {
        return refuse("case_closed", "This case is closed; only internal notes can be added.");
      }
      if (complainantReplyReceivedAt !== undefined) {
        if (actor.role !== "officer" || channel !== "email" || audience !== "parties") {
          return refuse("invalid", "Only the officer files an e-mail as the complainant's reply, by e-mail and for all parties.");
        }
        if (!(complainantReplyReceivedAt instanceof Date) || Number.isNaN(complainantReplyReceivedAt.getTime()) || complainantReplyReceivedAt.getTime() > now.getTime()) {
          return refuse("invalid", "When the complainant's e-mail arrived is not a time in the past.");
        }
      }
      return null;
    },
    // A complainant's reply resumes a paused clock: on the web or by reply address at once, and an
    // e-mail of theirs the officer attached from intake from when it arrived. One that arrived
    // before we asked is not the answer to the question: it resumes nothing.
    apply: ({ state, actor, now, calendar }, { audience, channel, complainantReplyReceivedAt }) => {
      const pausedAt = state.deadlines.find((d) => d.stage === state.stage && d.pausedAt)?.pausedAt ?? null;
      const arrived = complainantReplyReceivedAt ?? now;
      const answersTheWait = actor.role === "complainant" || (complainantReplyReceivedAt !== undefined && (!pausedAt || arrived.getTime() >= pausedAt.getTime()));
      const resumes = answersTheWait && state.status === "awaiting_complainant";
      const resumedAt = pausedAt && pausedAt.getTime() > arrived.getTime() ? pausedAt : arrived;
      return {
        state: resumes ? withStatus(state, "in_progress", resumedAt, calendar) : state,
        events: [
          event("message_posted", { stage: state.stage, audience, channel }),
          ...(resumes ? [event("clock_resumed", { stage: state.stage })] : []),
        ],
        // The complainant is not told of their own reply.
        notifications: notify("new_reply", readersToTell(state, audience).filter((to) => to !== "complainant" || !complainantReplyReceivedAt)),
      };
    },
  },

  answer: {
    action: "answer the complaint",
    roles: { liaison: ["client"], officer: ANSWERING_STAGES },
    statuses: ["awaiting_acknowledgement", "in_progress", "awaiting_complainant"],
    wrongStage: "At the dispute body and in arbitration, the Security Officer records their outcome instead of answering.",
    validate: ({ state }, { message, declines }) =>
      nonBlank(message, "Write the answer to the complaint.") ??
      (declines || identityVerified(state.identity) ? null : IDENTITY_FIRST),
    apply: ({ state, now, calendar }) => ({
      // An answer is also the acknowledgement, if nobody acknowledged first.
      state: meetDeadlines(withStatus(state, "answered", now, calendar), ["acknowledgement", "response", "follow_up"], now),
      events: [event("answered", { stage: state.stage })],
      notifications: notify("answer_given", recipients(state, ["complainant"])),
    }),
  },

  accept_answer: {
    action: "accept the answer",
    roles: { complainant: ANSWERED_STAGES },
    statuses: ["answered"],
    // A dispute body's decision that requires action is accepted, but the case stays open until it
    // is carried out: its compliance clock keeps running and the officer confirms it (ADR 057).
    apply: ({ state, now, calendar }) =>
      deadlinesAt(state.deadlines, state.stage).some((d) => d.kind === "award_compliance" && isPending(d))
        ? {
            state: withStatus(state, "in_progress", now, calendar),
            events: [event("decision_accepted", { stage: state.stage })],
            notifications: [],
          }
        : {
            state: finish(state, "resolved", { kind: "resolved", reason: "The complainant accepted the answer." }, now, calendar),
            events: [event("answer_accepted", { stage: state.stage, outcome: "resolved" })],
            notifications: notify("case_closed", recipients(state, ["complainant", "liaisons", "officer"])),
          },
  },

  reject_answer: {
    action: "reject the answer",
    roles: { complainant: ANSWERED_STAGES },
    statuses: ["answered"],
    // No case without a clock: the answering side gets a follow-up period to answer again, and
    // the complainant is told at once (mail and case page) that they may escalate now.
    apply: ({ state, now, profile, calendar }, { reason }) => {
      const next = { ...withStatus(state, "in_progress", now, calendar), answerRejected: true };
      const followUp = followUpDeadline(state.stage, now, profile, calendar);
      const after = { ...next, deadlines: [...next.deadlines.filter((d) => !(d.stage === state.stage && d.kind === "follow_up")), followUp] };
      return {
        state: after,
        events: [
          event("answer_rejected", { stage: state.stage, reason: reason?.trim() || null }),
          event("follow_up_started", { stage: state.stage, dueAt: followUp.dueAt.toISOString() }),
        ],
        notifications: [
          ...notify("new_reply", recipients(state, ["liaisons", "officer"])),
          ...(escalationEligibility(after, now, profile, calendar.zone).allowed
            ? notify("escalation_available", recipients(state, ["complainant"]), { evenToActor: true })
            : []),
        ],
      };
    },
  },

  escalate: {
    action: "move the case to the next step",
    // The officer records it when the complainant asked by letter, telephone or e-mail (ADR 035):
    // the same right, the same rules, dated the day they asked.
    roles: { complainant: ANSWERED_STAGES, officer: ANSWERED_STAGES },
    statuses: ACTIVE,
    wrongStage: "Binding arbitration is the last step; there is no further step to take.",
    guard: ({ state, now, profile, calendar }) => {
      const eligibility = escalationEligibility(state, now, profile, calendar.zone);
      return eligibility.allowed ? null : refuse(eligibility.code, eligibility.reason, eligibility.availableFrom);
    },
    validate: ({ state, actor, now, calendar }, { occurredOn, externalReference }) => {
      if (actor.role === "complainant") {
        return occurredOn === undefined ? null : refuse("invalid", "Your request to move up is dated today; it cannot be dated otherwise.");
      }
      if (occurredOn === undefined) return refuse("invalid", "Enter the day the complainant asked to move the case up.");
      return outsideStepRefusal(state, { occurredOn, externalReference }, now, calendar.zone, "the complainant asked");
    },
    apply: ({ state, now, profile, calendar }, { occurredOn, externalReference }) => {
      const eligibility = escalationEligibility(state, now, profile, calendar.zone);
      if (!eligibility.allowed) throw new Error("escalate applied without eligibility");
      const to = eligibility.to;
      // The next step's clocks run from the day the complainant asked.
      const at = outsideInstant(state, occurredOn, now, calendar.zone);
      return {
        state: enterStage(state, to, "awaiting_acknowledgement", at, profile, calendar),
        events: [event("escalated", { from: state.stage, to, ...(occurredOn !== undefined ? outsidePayload(occurredOn, externalReference, now, calendar.zone) : {}) })],
        notifications: [
          ...notify("stage_change", recipients(state, ["complainant"]), { evenToActor: true }),
          ...notify("escalation_notice", recipients(state, ["liaisons", "officer"])),
        ],
      };
    },
  },

  record_dma_referral: {
    action: "record that the dispute body has taken the case",
    roles: { officer: ["client", "company", "dma"] },
    // Before the dma stage this records the dispute body bringing the case straight to us.
    statuses: { client: ACTIVE, company: ACTIVE, dma: ["awaiting_acknowledgement"] },
    validate: ({ state, now, calendar }, { occurredOn, externalReference }) =>
      outsideStepRefusal(state, { occurredOn, externalReference }, now, calendar.zone, "the dispute body took the case"),
    // The dispute body's review period counts from the day it took the case (ADR 035).
    apply: ({ state, now, profile, calendar }, { occurredOn, externalReference }) => {
      const record = outsidePayload(occurredOn, externalReference, now, calendar.zone);
      const at = outsideInstant(state, occurredOn, now, calendar.zone);
      if (state.stage === "dma") {
        return {
          state: withStatus(state, "in_progress", at, calendar),
          events: [event("dma_referral_recorded", { from: "dma", to: "dma", ...record })],
          notifications: [],
        };
      }
      return {
        state: enterStage(state, "dma", "in_progress", at, profile, calendar),
        events: [event("dma_referral_recorded", { from: state.stage, to: "dma", ...record })],
        notifications: [
          ...notify("stage_change", recipients(state, ["complainant"])),
          ...notify("escalation_notice", recipients(state, ["liaisons"])),
        ],
      };
    },
  },

  record_dma_outcome: {
    action: "record the dispute body's outcome",
    roles: { officer: ["dma"] },
    statuses: ["in_progress", "awaiting_complainant"],
    validate: (_ctx, { summary }) => nonBlank(summary, "Summarise the dispute body's outcome."),
    // A decision that orders the organization to act starts its compliance clock (ADR 023); the
    // complainant may still accept or reject the outcome as before.
    apply: ({ state, now, profile, calendar }, { summary, requiresAction }) => {
      const answered = meetDeadlines(withStatus(state, "answered", now, calendar), ["review", "follow_up"], now);
      const compliance = requiresAction ? awardComplianceDeadline(state.stage, now, profile, calendar) : null;
      return {
        state: compliance ? withDeadline(answered, compliance) : answered,
        events: [
          event("dma_outcome_recorded", { summary: summary.trim(), requiresAction: requiresAction === true }),
          ...(compliance ? [event("award_compliance_started", { stage: state.stage, dueAt: compliance.dueAt.toISOString() })] : []),
        ],
        notifications: notify("answer_given", recipients(state, ["complainant"])),
      };
    },
  },

  record_dpa_referral: {
    action: "record a data protection authority's referral to the Department of Commerce",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    guard: ({ state }) =>
      state.arbitration.dpaReferral ? refuse("already_recorded", "The data protection authority's referral has already been recorded.") : null,
    validate: ({ state, now, calendar }, { referredOn, reference }) => dpaReferralRefusal(state, referredOn, reference, now, calendar.zone),
    // Commerce's period runs from the referral day (ADR 023); arbitration waits for its end.
    apply: ({ state, profile, calendar }, { referredOn, reference }) => {
      const { dpaReferral, state: next } = withDpaReferral(state, referredOn, reference, profile.dpaReferralPeriod, calendar);
      const { periodEndsAt } = dpaReferral;
      return {
        state: next,
        events: [
          event("dpa_referral_recorded", { stage: state.stage, referredOn, reference: dpaReferral.reference, periodEndsAt: periodEndsAt.toISOString() }),
        ],
        notifications: [],
      };
    },
  },

  // Issue 6: a referral recorded with a wrong day or reference is corrected, with a reason; the
  // Department's period is counted again from the corrected day, and the old values stay in the event.
  correct_dpa_referral: {
    action: "correct the recorded referral by a data protection authority",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    guard: ({ state }) =>
      state.arbitration.dpaReferral ? null : refuse("not_yet", "No referral by a data protection authority has been recorded yet."),
    validate: ({ state, now, calendar }, { referredOn, reference, reason }) => {
      const wrong = dpaReferralRefusal(state, referredOn, reference, now, calendar.zone) ?? required(reason, "Say why the referral is corrected.");
      if (wrong) return wrong;
      const before = state.arbitration.dpaReferral;
      return before && before.referredOn === referredOn && before.reference === reference.trim()
        ? refuse("invalid", "That is the referral as recorded; change the day or the reference.")
        : null;
    },
    apply: ({ state, profile, calendar }, { referredOn, reference, reason }) => {
      const before = state.arbitration.dpaReferral;
      const { dpaReferral, state: next } = withDpaReferral(state, referredOn, reference, profile.dpaReferralPeriod, calendar);
      const { periodEndsAt } = dpaReferral;
      return {
        state: next,
        events: [
          event("dpa_referral_corrected", {
            stage: state.stage,
            referredOn,
            reference: dpaReferral.reference,
            periodEndsAt: periodEndsAt.toISOString(),
            previousReferredOn: before?.referredOn ?? null,
            previousReference: before?.reference ?? null,
            reason: reason.trim(),
          }),
        ],
        notifications: [],
      };
    },
  },

  record_arbitration_notice: {
    action: "record the notice of arbitration",
    roles: { officer: ["dma", "arbitration"] },
    // From the dma stage this records arbitration invoked directly with the panel.
    statuses: { dma: ACTIVE, arbitration: ["awaiting_acknowledgement"] },
    // Invoked directly with the panel, arbitration still needs its Annex I prerequisites.
    guard: ({ state, now, profile, calendar }) => {
      if (state.stage !== "dma") return null;
      const barrier = arbitrationBarrier(state, profile, now, calendar.zone);
      return barrier ? refuse(barrier.code, barrier.reason, barrier.availableFrom) : null;
    },
    validate: ({ state, now, calendar }, { occurredOn, externalReference }) =>
      outsideStepRefusal(state, { occurredOn, externalReference }, now, calendar.zone, "of the notice"),
    // The arbitration's clocks count from the day of the notice (ADR 035).
    apply: ({ state, now, profile, calendar }, { occurredOn, externalReference }) => {
      const record = outsidePayload(occurredOn, externalReference, now, calendar.zone);
      const at = outsideInstant(state, occurredOn, now, calendar.zone);
      if (state.stage === "arbitration") {
        return {
          state: withStatus(state, "in_progress", at, calendar),
          events: [event("arbitration_notice_recorded", { from: "arbitration", to: "arbitration", ...record })],
          notifications: [],
        };
      }
      return {
        state: enterStage(state, "arbitration", "in_progress", at, profile, calendar),
        events: [event("arbitration_notice_recorded", { from: state.stage, to: "arbitration", ...record })],
        notifications: [
          ...notify("stage_change", recipients(state, ["complainant"])),
          ...notify("escalation_notice", recipients(state, ["liaisons"])),
        ],
      };
    },
  },

  record_prerequisites: {
    action: "confirm the arbitration prerequisites",
    roles: { officer: ["arbitration"] },
    statuses: ACTIVE,
    guard: ({ state }) => {
      if (state.arbitration.prerequisitesConfirmedAt) {
        return refuse("already_recorded", "The arbitration prerequisites have already been confirmed.");
      }
      if (state.arbitration.exclusion) return refuse("arbitration_excluded", EXCLUSION_REASONS[state.arbitration.exclusion]);
      return null;
    },
    // An exclusion found in the check is recorded on the case (DESIGN: arbitration "is not
    // excluded"), so nothing later lets the case be arbitrated; the officer then closes it.
    validate: ({ state, now, profile, calendar }, { companyContacted, dmaContacted, exclusion }) => {
      if (exclusion) return null;
      if (!companyContacted) {
        return refuse("prerequisites_not_met", "The complainant must first have raised the complaint with the company directly (Annex I).");
      }
      if (!dmaContacted) {
        return refuse("prerequisites_not_met", "The complainant must first have used the independent dispute body (Annex I).");
      }
      if (profile.arbitrationRequiresDpaReferral && !state.arbitration.dpaReferral) {
        return refuse(
          "prerequisites_not_met",
          `Under the ${profile.name}, a data protection authority must refer the complaint to the U.S. Department of Commerce before arbitration (Annex I).`,
        );
      }
      const barrier = arbitrationBarrier({ ...state, stagesVisited: ["company", "dma", ...state.stagesVisited] }, profile, now, calendar.zone);
      return barrier ? refuse(barrier.code, barrier.reason, barrier.availableFrom) : null;
    },
    apply: ({ state, now }, { companyContacted, dmaContacted, exclusion }) =>
      exclusion
        ? {
            state: { ...state, arbitration: { ...state.arbitration, exclusion } },
            events: [event("arbitration_excluded", { exclusion })],
            notifications: [],
          }
        : {
            state: { ...state, arbitration: { ...state.arbitration, prerequisitesConfirmedAt: now } },
            events: [event("prerequisites_confirmed", { companyContacted, dmaContacted })],
            notifications: [],
          },
  },

  record_award: {
    action: "record the arbitration award",
    roles: { officer: ["arbitration"] },
    statuses: ["in_progress"],
    guard: ({ state }) => {
      if (state.arbitration.award) return refuse("already_recorded", "The arbitration award has already been recorded.");
      if (!state.arbitration.prerequisitesConfirmedAt) {
        return refuse("prerequisites_not_met", "Confirm the arbitration prerequisites before recording the award.");
      }
      return null;
    },
    validate: ({ state, now, calendar }, { remedies, summary, monetaryAmount, occurredOn, externalReference }) => {
      const dated = outsideStepRefusal(state, { occurredOn, externalReference }, now, calendar.zone, "of the award");
      if (dated) return dated;
      if (monetaryAmount !== undefined && monetaryAmount !== null) {
        return refuse(
          "monetary_award",
          "Binding arbitration gives no monetary award: record access, correction, deletion or return of data.",
        );
      }
      if (remedies.length === 0) {
        return refuse("invalid", "Choose at least one remedy: access, correction, deletion or return of data.");
      }
      if (!remedies.every((r) => (REMEDIES as readonly string[]).includes(r))) {
        return refuse("invalid", "An award can order only access, correction, deletion or return of data.");
      }
      return nonBlank(summary, "Summarise what the panel ordered.");
    },
    // The award starts the organization's compliance clock (ADR 023).
    // ... counted from the day of the award (ADR 035).
    apply: ({ state, now, profile, calendar }, { remedies, summary, occurredOn, externalReference }) => {
      const ordered: Remedy[] = REMEDIES.filter((r) => remedies.includes(r));
      const decidedAt = outsideInstant(state, occurredOn, now, calendar.zone);
      const award = { remedies: ordered, summary: summary.trim(), decidedAt };
      const compliance = awardComplianceDeadline(state.stage, decidedAt, profile, calendar);
      return {
        // The panel met its period on the day it decided, not the day we typed it in (ADR 057).
        state: withDeadline(meetDeadlines({ ...state, arbitration: { ...state.arbitration, award } }, ["award"], decidedAt), compliance),
        events: [
          event("award_recorded", {
            remedies: ordered,
            summary: award.summary,
            decidedAt: decidedAt.toISOString(),
            ...outsidePayload(occurredOn, externalReference, now, calendar.zone),
          }),
          event("award_compliance_started", { stage: state.stage, dueAt: compliance.dueAt.toISOString() }),
        ],
        notifications: notify("answer_given", recipients(state, ["complainant", "liaisons"])),
      };
    },
  },

  confirm_award_compliance: {
    action: "confirm that the award has been carried out",
    roles: { officer: ["dma", "arbitration"] },
    // At the dispute body the decision leaves the case "answered" (the complainant may still reject it).
    statuses: { dma: ["in_progress", "answered"], arbitration: ["in_progress"] },
    guard: ({ state }) => {
      const decided =
        state.stage === "arbitration"
          ? state.arbitration.award !== null
          : deadlinesAt(state.deadlines, state.stage).some((d) => d.kind === "award_compliance" && isPending(d));
      if (!decided) {
        return refuse(
          "not_yet",
          state.stage === "arbitration" ? "No arbitration award has been recorded yet." : "No decision of the dispute body that requires action has been recorded.",
        );
      }
      return identityVerified(state.identity) ? null : IDENTITY_FIRST;
    },
    apply: ({ state, now, calendar }) => {
      const met = meetDeadlines(state, ["award_compliance"], now);
      const what = state.stage === "arbitration" ? "The arbitration award was carried out." : "The dispute body's decision was carried out.";
      return {
        state: finish(met, "resolved", { kind: "resolved", reason: what }, now, calendar),
        events: [event("award_complied_with", { stage: state.stage, outcome: "resolved" })],
        notifications: notify("case_closed", recipients(state, ["complainant", "liaisons"])),
      };
    },
  },

  withdraw: {
    action: "withdraw the complaint",
    roles: { complainant: STAGES, officer: STAGES },
    statuses: ACTIVE,
    apply: ({ state, now, calendar }, { reason }) => {
      const why = reason?.trim() ?? "";
      return {
        state: finish(state, "withdrawn", { kind: "withdrawn", reason: why }, now, calendar),
        events: [event("withdrawn", { outcome: "withdrawn", reason: why || null })],
        notifications: notify("case_closed", recipients(state, ["complainant", "liaisons", "officer"])),
      };
    },
  },

  close: {
    action: "close the case",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    validate: (_ctx, { kind, reason }) => {
      if (!CLOSURE_KINDS.includes(kind)) return refuse("invalid", "Choose why the case is closed: out of scope, duplicate, unfounded, settled or not pursued.");
      return required(reason, "Give a reason for closing the case.");
    },
    // A settlement also closes the door to arbitration, should the case be reopened (Annex I).
    apply: ({ state, now, calendar }, { kind, reason }) => ({
      state: finish(kind === "settled" ? excludeArbitration(state, "settled") : state, "closed", { kind, reason: reason.trim() }, now, calendar),
      events: [event("closed", { outcome: "closed", kind, reason: reason.trim() })],
      notifications: notify("case_closed", recipients(state, ["complainant", "liaisons"])),
    }),
  },

  reopen: {
    action: "reopen the case",
    roles: { officer: STAGES },
    statuses: OUTCOMES,
    wrongStatus: "This case is still open, so there is nothing to reopen.",
    // An anonymised case is refused before this, with every other command (rules.ts).
    validate: (_ctx, { reason }) => required(reason, "Give a reason for reopening the case."),
    // No mail yet: there is no template for a reopened case.
    apply: ({ state, now, calendar }, { reason }) => ({
      state: reopen(state, now, calendar),
      events: [event("reopened", { previousStatus: state.status, reason: reason.trim() })],
      notifications: [],
    }),
  },

  assign: {
    action: "assign the case",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    validate: ({ state }, { clientId, liaisonId, liaisonClientId }) => {
      if (state.stage === "client" && !clientId) return refuse("invalid", "A case with the client company needs a client.");
      if (liaisonId && liaisonClientId !== clientId) return refuse("invalid", "That liaison works for a different client company.");
      return null;
    },
    // No mail yet: there is no template telling a liaison that a case was handed to them.
    // A new client's case starts without an owner: the old one may be a liaison who can no longer see it.
    apply: ({ state }, { clientId, liaisonId }) => {
      const ownerGoes = clientId !== state.clientId && state.ownerId != null;
      return {
        state: { ...state, clientId, liaisonId, ...(ownerGoes ? { ownerId: null } : {}) },
        events: [
          event("assigned", { clientId, liaisonId, previousClientId: state.clientId, previousLiaisonId: state.liaisonId }),
          ...(ownerGoes ? [event("owner_changed", { ownerId: null, previousOwnerId: state.ownerId ?? null })] : []),
        ],
        notifications: [],
      };
    },
  },

  // Triage (ADR 025): the owner is bookkeeping for staff; the complainant is not told.
  set_owner: {
    action: "choose who owns the case",
    roles: { officer: STAGES, liaison: STAGES },
    statuses: ACTIVE,
    validate: ({ state }, { ownerId, candidate }) => sameOwnerRefusal(state, ownerId) ?? ownerRefusal(state, candidate, ownerId),
    apply: ({ state }, { ownerId }) => ({
      state: { ...state, ownerId },
      events: [event("owner_changed", { ownerId, previousOwnerId: state.ownerId ?? null })],
      notifications: [],
    }),
  },

  extend_deadline: {
    action: "extend a deadline",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    // The new last day is the chosen date (its UTC calendar date, as the form sends it), ending at
    // the end of that day in the operator's zone; the profile's limit caps the total (ADR 011).
    validate: ({ state, now, profile, calendar }, { kind, dueAt, reason }) => {
      const missing = required(reason, "Give a reason for extending the deadline.");
      if (missing) return missing;
      const current = deadlinesAt(state.deadlines, state.stage).find((d) => d.kind === kind && isPending(d));
      if (!current) return refuse("invalid", `There is no open ${kind} deadline at this stage.`);
      const valid = dueAt instanceof Date && !Number.isNaN(dueAt.getTime());
      const extended = extendClock(current, valid ? dueAt.toISOString().slice(0, 10) : "0000-01-01", reason, now, profile.clocks.extensionLimit, calendar, profile.name);
      return extended.ok ? null : refuse("invalid", extended.reason);
    },
    apply: ({ state, now, profile, calendar }, { kind, dueAt, reason }) => {
      const current = state.deadlines.find((d) => d.stage === state.stage && d.kind === kind && isPending(d));
      if (!current) throw new Error("extend_deadline applied without an open deadline");
      const extended = extendClock(current, dueAt.toISOString().slice(0, 10), reason, now, profile.clocks.extensionLimit, calendar, profile.name);
      if (!extended.ok) throw new Error("extend_deadline applied beyond its limit");
      return {
        state: { ...state, deadlines: state.deadlines.map((d) => (d === current ? extended.deadline : d)) },
        events: [
          event("deadline_extended", {
            stage: state.stage,
            kind,
            previousDueAt: current.dueAt.toISOString(),
            dueAt: extended.deadline.dueAt.toISOString(),
            dueDay: extended.dueDay,
            reason: reason.trim(),
          }),
        ],
        // The complainant is told of every new date; there is no template of its own yet, so the
        // stage-change mail carries it (it states the case's current deadlines).
        notifications: notify("deadline_extended", recipients(state, ["complainant"])),
      };
    },
  },

  log_contact: {
    action: "log a letter or a telephone call",
    roles: { officer: STAGES },
    // Like notes, a late letter or call is logged on a finished case too (internal only then).
    statuses: STATUSES,
    validate: ({ state, now }, { channel, direction, occurredAt, audience, summary }) => {
      if (!CONTACT_CHANNELS.includes(channel)) return refuse("invalid", "Choose whether it was a letter or a telephone call.");
      if (!DIRECTIONS.includes(direction)) return refuse("invalid", "Choose whether it came to us or went out from us.");
      if (!AUDIENCES.includes(audience)) return refuse("invalid", "Choose who can read this.");
      if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) return refuse("invalid", "Enter when it happened.");
      if (occurredAt.getTime() > now.getTime()) return refuse("invalid", "When it happened cannot be in the future.");
      if (occurredAt.getTime() < state.stageEnteredAt.getTime() - 366 * 24 * 3600 * 1000) {
        return refuse("invalid", "That date is more than a year before the case reached this step; check the date.");
      }
      if (isTerminal(state.status) && audience !== "internal") {
        return refuse("case_closed", "This case is closed; a letter or call can only be logged as an internal note.");
      }
      return nonBlank(summary, channel === "phone" ? "Summarise the call." : "Summarise the letter.");
    },
    // The record of what was said or written; nobody is mailed about it. A letter or call that
    // came to us while the case waits for the complainant is their reply, like one on the web or by
    // mail: the clock runs again from when it arrived (not from when it was typed in), or from
    // when the wait began if the letter is older than the request.
    apply: ({ state, calendar }, { channel, direction, occurredAt, audience }) => {
      const resumes = direction === "in" && state.status === "awaiting_complainant";
      const pausedAt = state.deadlines.find((d) => d.stage === state.stage && d.pausedAt)?.pausedAt ?? null;
      const resumedAt = pausedAt && pausedAt.getTime() > occurredAt.getTime() ? pausedAt : occurredAt;
      return {
        state: resumes ? withStatus(state, "in_progress", resumedAt, calendar) : state,
        events: [
          event("contact_logged", { stage: state.stage, channel, direction, occurredAt: occurredAt.toISOString(), audience }),
          ...(resumes ? [event("clock_resumed", { stage: state.stage })] : []),
        ],
        notifications: [],
      };
    },
  },

  record_identity_verification: {
    action: "record how the requester's identity was verified",
    roles: { liaison: ["client"], officer: STAGES },
    statuses: ACTIVE,
    guard: ({ state }) => {
      if (!state.identity?.needed) {
        return refuse("invalid", "This complaint does not ask to see, correct or remove personal data, so no identity verification is needed.");
      }
      if (state.identity.latest?.outcome === "verified") return refuse("already_recorded", "The requester's identity has already been verified.");
      return null;
    },
    validate: (_ctx, { method, evidence, outcome, request }) => {
      if (!VERIFICATION_METHODS.includes(method)) return refuse("invalid", "Choose how the identity was checked.");
      if (!VERIFICATION_OUTCOMES.includes(outcome)) return refuse("invalid", "Choose the outcome of the check.");
      return (
        nonBlank(evidence, "Describe the evidence you checked (what, and where it is kept), not the document's contents.") ??
        (outcome === "verified" ? null : nonBlank(request, "Write what the complainant needs to send us to verify their identity."))
      );
    },
    apply: ({ state, now }, { method, evidence, outcome }) => ({
      state: { ...state, identity: { needed: true, latest: { method, evidence: evidence.trim(), outcome, recordedAt: now } } },
      events: [event("identity_verification_recorded", { stage: state.stage, method, outcome, evidence: evidence.trim() })],
      notifications: outcome === "verified" ? [] : notify("identity_verification_needed", recipients(state, ["complainant"])),
    }),
  },

  // The rule is app/domain/erasure.ts: what is anonymised and kept comes in the command (the
  // model reads the complainant's other cases); the anonymisation itself follows, after the mail.
  carry_out_erasure: {
    action: "carry out a request to erase the complainant's account",
    roles: { officer: STAGES },
    statuses: ACTIVE,
    guard: ({ state }) => {
      if (!state.erasureRequest) {
        return refuse("invalid", "Only a request to erase the complainant's account, made from their account page, is carried out this way.");
      }
      return identityVerified(state.identity) ? null : ERASURE_IDENTITY_FIRST;
    },
    validate: (_ctx, { plan }) =>
      plan && Array.isArray(plan.anonymise) && Array.isArray(plan.kept) ? null : refuse("invalid", "What the erasure would do could not be worked out. Reload the page."),
    // Carrying the request out is its answer: the answer clocks are met, and the request ends resolved.
    apply: ({ state, now, calendar }, { plan }) => ({
      state: finish(meetDeadlines(state, ["acknowledgement", "response", "follow_up"], now), "resolved", { kind: "resolved", reason: ERASURE_CLOSURE_REASON }, now, calendar),
      events: [
        event("erasure_granted", {
          stage: state.stage,
          outcome: "resolved",
          anonymised: plan.anonymise,
          kept: plan.kept.map((k) => ({ reference: k.reference, why: k.why })),
          accountGoes: plan.accountGoes,
        }),
      ],
      notifications: notify("case_closed", recipients(state, ["complainant"])),
    }),
  },
};

function transitionFor(type: CommandType): Transition<Command> | undefined {
  // Commands arrive from parsed forms; an unknown type must be refused, not crash.
  return Object.hasOwn(TRANSITIONS, type) ? TRANSITIONS[type] : undefined;
}

const UNKNOWN: Refusal = refuse("invalid", "That is not something that can be done to a case.");

/**
 * `profile` is the case's snapshot (ADR 012) and `calendar` the operator's (ADR 011); the models
 * always pass both. The defaults serve tests that count nothing.
 */
export function decide(
  state: CaseState,
  command: Command,
  actor: Actor,
  now: Date,
  profile = frameworkProfile(state.framework),
  calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR,
): Decision {
  const transition = transitionFor(command.type);
  if (!transition) return UNKNOWN;
  const ctx = { state, actor, now, profile, calendar };
  const refusal = permit(transition, ctx) ?? transition.validate?.(ctx, command) ?? null;
  if (refusal) return refusal;
  return { ok: true, ...transition.apply(ctx, command) };
}

/** The same rules as `decide` minus the payload: whether the action can be offered, and if not, why. */
export function check(
  state: CaseState,
  commandType: CommandType,
  actor: Actor,
  now: Date,
  profile = frameworkProfile(state.framework),
  calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR,
): { ok: true } | Refusal {
  const transition = transitionFor(commandType);
  if (!transition) return UNKNOWN;
  return permit(transition, { state, actor, now, profile, calendar }) ?? { ok: true };
}

export function availableCommands(
  state: CaseState,
  actor: Actor,
  now: Date,
  profile = frameworkProfile(state.framework),
  calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR,
): CommandType[] {
  return COMMAND_TYPES.filter((type) => check(state, type, actor, now, profile, calendar).ok);
}
