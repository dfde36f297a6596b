import type { IdentityFacts } from "./identity";

// The vocabulary of a case. Everything here is plain data so that the model layer can persist it
// and the UI can render it without knowing the rules.

export const STAGES = ["client", "company", "dma", "arbitration"] as const;
export type Stage = (typeof STAGES)[number];

export const ACTIVE_STATUSES = ["awaiting_acknowledgement", "in_progress", "awaiting_complainant", "answered"] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

export const OUTCOMES = ["resolved", "withdrawn", "closed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Status = ActiveStatus | Outcome;
export const STATUSES: readonly Status[] = [...ACTIVE_STATUSES, ...OUTCOMES];

export const ROLES = ["officer", "liaison", "complainant"] as const;
export type Role = (typeof ROLES)[number];

export type Actor =
  | { role: "officer"; userId: string }
  | { role: "liaison"; userId: string; clientId: string }
  | { role: "complainant"; userId: string };

export type FrameworkId = "privacy_shield" | "dpf";

export const DEADLINE_KINDS = ["acknowledgement", "response", "review", "award"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  stage: Stage;
  kind: DeadlineKind;
  startsAt: Date;
  dueAt: Date;
  metAt: Date | null;
  pausedAt: Date | null;
  /** How the date was worked out, in words a complainant can check. */
  explanation: string;
}

/** Annex I: the panel may order only individual-specific, non-monetary relief. */
export const REMEDIES = ["access", "correction", "deletion", "return_of_data"] as const;
export type Remedy = (typeof REMEDIES)[number];

export const CLOSURE_KINDS = ["out_of_scope", "duplicate", "unfounded", "settled"] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

export const ARBITRATION_EXCLUSIONS = ["already_arbitrated", "court_judgment", "settled"] as const;
export type ArbitrationExclusion = (typeof ARBITRATION_EXCLUSIONS)[number];

export const AUDIENCES = ["parties", "staff", "internal"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CHANNELS = ["web", "email", "postal", "phone"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ArbitrationAward {
  remedies: Remedy[];
  summary: string;
  decidedAt: Date;
}

export interface ArbitrationFacts {
  exclusion: ArbitrationExclusion | null;
  dpaReferral: boolean;
  prerequisitesConfirmedAt: Date | null;
  award: ArbitrationAward | null;
}

export interface Closure {
  kind: ClosureKind | "withdrawn" | "resolved";
  reason: string;
}

export interface CaseState {
  stage: Stage;
  status: Status;
  framework: FrameworkId;
  clientId: string | null;
  liaisonId: string | null;
  complainantId: string;
  stageEnteredAt: Date;
  /** In order, including the current stage. */
  stagesVisited: Stage[];
  /** The complainant rejected the answer at the current stage. */
  answerRejected: boolean;
  /** Every stage's deadlines; a stage's deadlines stay when the case moves on, as history. */
  deadlines: Deadline[];
  arbitration: ArbitrationFacts;
  closure: Closure | null;
  /** Whether the request needs the requester's identity verified, and the latest verification (identity.ts). */
  identity?: IdentityFacts;
}

export function isTerminal(status: Status): status is Outcome {
  return (OUTCOMES as readonly Status[]).includes(status);
}

export function isActive(status: Status): status is ActiveStatus {
  return !isTerminal(status);
}
