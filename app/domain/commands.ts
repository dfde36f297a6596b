import type { ErasurePlan } from "./erasure";
import type { VerificationMethod, VerificationOutcome } from "./identity";
import type { OwnerCandidate } from "./triage";
import type { ArbitrationExclusion, Audience, Channel, ClosureKind, DeadlineKind, Remedy } from "./types";

/** The channels a logged letter or call can have, and which way it went (in: to us). */
export const CONTACT_CHANNELS = ["postal", "phone"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const DIRECTIONS = ["in", "out"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * A step that happened outside this website and that staff record afterwards (ADR 035): the day
 * it happened (ISO date, operator's zone; not in the future, not before the case opened) and the
 * outside body's reference, where it gives one. Absent `occurredOn` means today: the complainant's
 * own escalation on the website, and callers outside the forms (seed, scripts).
 */
export interface OutsideStep {
  occurredOn?: string;
  externalReference?: string | null;
}

// What a person asks to do to a case. The text of messages and answers is stored by the model;
// the domain needs only what decides whether the request is allowed and what it changes.
export type Command =
  | { type: "acknowledge" }
  | { type: "request_information"; message: string }
  | {
      type: "post_message";
      audience: Audience;
      channel: Channel;
      /**
       * The officer posts an e-mail that is the complainant's own reply (attached from intake,
       * ADR 066): it resumes a paused clock like theirs would, from when it arrived.
       */
      complainantReplyReceivedAt?: Date;
    }
  | { type: "answer"; message: string; /** The answer refuses the request, so carries nothing out. */ declines?: boolean }
  | { type: "accept_answer" }
  | { type: "reject_answer"; reason?: string }
  | ({ type: "escalate" } & OutsideStep)
  | ({ type: "record_dma_referral" } & OutsideStep)
  | { type: "record_dma_outcome"; summary: string; /** The decision orders the organization to act: its compliance clock starts. */ requiresAction?: boolean }
  // DPF Annex I: the day a data protection authority referred the complaint to Commerce (ISO date, operator's zone) and its reference.
  | { type: "record_dpa_referral"; referredOn: string; reference: string }
  // The same, corrected after it was recorded (a wrong day or reference); the period is counted again.
  | { type: "correct_dpa_referral"; referredOn: string; reference: string; reason: string }
  | ({ type: "record_arbitration_notice" } & OutsideStep)
  | { type: "record_prerequisites"; companyContacted: boolean; dmaContacted: boolean; exclusion: ArbitrationExclusion | null }
  | ({ type: "record_award"; remedies: Remedy[]; summary: string; monetaryAmount?: number | null } & OutsideStep)
  | { type: "confirm_award_compliance" }
  | { type: "withdraw"; reason?: string }
  | { type: "close"; kind: ClosureKind; reason: string }
  | { type: "reopen"; reason: string }
  | { type: "assign"; clientId: string | null; liaisonId: string | null; liaisonClientId: string | null }
  /** The model looks the candidate up; null when no active officer or liaison has that id. */
  | { type: "set_owner"; ownerId: string | null; candidate: OwnerCandidate | null }
  | { type: "extend_deadline"; kind: DeadlineKind; dueAt: Date; reason: string }
  // A letter or telephone call handled outside the app, logged by the officer with when it happened.
  | { type: "log_contact"; channel: ContactChannel; direction: Direction; occurredAt: Date; audience: Audience; summary: string }
  | {
      type: "record_identity_verification";
      method: VerificationMethod;
      evidence: string;
      outcome: VerificationOutcome;
      /** What the complainant must send, when the outcome is not "verified"; it becomes a message to them. */
      request?: string;
    }
  /** The officer carries out a request to erase the account (ADR 051); the model finds what it does to the complainant's cases. */
  | { type: "carry_out_erasure"; plan: ErasurePlan };

export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

// A record rather than an array so the compiler notices a command added to the union but not here.
const EVERY_COMMAND: Record<CommandType, true> = {
  acknowledge: true,
  request_information: true,
  post_message: true,
  answer: true,
  accept_answer: true,
  reject_answer: true,
  escalate: true,
  record_dma_referral: true,
  record_dma_outcome: true,
  record_dpa_referral: true,
  correct_dpa_referral: true,
  record_arbitration_notice: true,
  record_prerequisites: true,
  record_award: true,
  confirm_award_compliance: true,
  withdraw: true,
  close: true,
  reopen: true,
  assign: true,
  set_owner: true,
  extend_deadline: true,
  log_contact: true,
  record_identity_verification: true,
  carry_out_erasure: true,
};

export const COMMAND_TYPES = Object.keys(EVERY_COMMAND) as readonly CommandType[];
