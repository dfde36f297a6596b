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

/** The framework profiles: the policy's Privacy Shield, the EU-U.S. DPF, the Swiss-U.S. DPF and the UK Extension. */
export const FRAMEWORK_IDS = ["privacy_shield", "dpf", "swiss_dpf", "uk_extension"] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

// follow_up: after the complainant rejects an answer, the answering side's time to answer again.
// award_compliance: after an arbitration award (or a dispute-body decision that requires action),
// the organization's time to carry it out (ADR 023).
export const DEADLINE_KINDS = ["acknowledgement", "response", "review", "award", "follow_up", "award_compliance"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  stage: Stage;
  kind: DeadlineKind;
  startsAt: Date;
  dueAt: Date;
  metAt: Date | null;
  pausedAt: Date | null;
  /**
   * When the clock stopped unmet because the case ended (closed, resolved, withdrawn; ADR 053):
   * it no longer runs, and it is judged at this moment. Absent or null while it runs; a reopened
   * case's clocks run again.
   */
  stoppedAt?: Date | null;
  /** How the date was worked out, in words a complainant can check. */
  explanation: string;
  /** The same, as data (start, cut-off, unit, days skipped, pauses, extensions); absent on deadlines counted before it was kept. */
  computation?: DeadlineComputation;
}

export type PeriodUnit = "business_days" | "calendar_days";

export interface Period {
  count: number;
  unit: PeriodUnit;
}

/** A stretch of time the clock stood still while we waited for the complainant. */
export interface ClockPause {
  from: string;
  /** Null while the clock is still stopped. */
  to: string | null;
  /** Days (in the clock's unit) given back on resumption. */
  addedDays: number;
}

export interface ClockExtension {
  at: string;
  /** The new last day, ISO date in the operator's zone. */
  dueDay: string;
  /** The last day it replaced. */
  fromDay: string;
  reason: string;
}

/** Everything `computeDeadline` used, stored with the deadline (jsonb) so the sentence can be rebuilt and checked. All instants ISO strings. */
export interface DeadlineComputation {
  receivedAt: string;
  zone: string;
  cutoff: string;
  /** The day of receipt in the zone. */
  receivedDay: string;
  /** The day counting starts from: the day of receipt, or the next working day. */
  startDay: string;
  cutoffApplied: boolean;
  /** Days off passed over to reach the start day. */
  startSkipped: { day: string; name: string }[];
  period: Period;
  /** Holidays and closures passed over while counting business days (weekends are implied). */
  skipped: { day: string; name: string }[];
  /** The last day before pauses and extensions. */
  baseDueDay: string;
  /** The last day now. */
  dueDay: string;
  /** Why the period applies, e.g. "Privacy Shield Supplemental Principle 11(d)(i)". */
  why: string;
  /** What happened on the day of receipt, e.g. "your complaint reached us". */
  received: string;
  pauses: ClockPause[];
  extensions: ClockExtension[];
}

/** Annex I: the panel may order only individual-specific, non-monetary relief. */
export const REMEDIES = ["access", "correction", "deletion", "return_of_data"] as const;
export type Remedy = (typeof REMEDIES)[number];

// not_pursued: the complainant stopped answering; the sweep proposes it, the officer decides.
export const CLOSURE_KINDS = ["out_of_scope", "duplicate", "unfounded", "settled", "not_pursued"] as const;
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

/**
 * DPF Annex I: the complainant raised the complaint through a data protection authority, which
 * referred it to the U.S. Department of Commerce; Commerce then has the profile's period (90 days)
 * before binding arbitration may be invoked (ADR 023).
 */
export interface DpaReferral {
  /** The day the DPA referred the complaint to Commerce (ISO date, operator's zone); null on a referral recorded before dates were kept. */
  referredOn: string | null;
  /** The DPA's or Commerce's reference. */
  reference: string | null;
  /** The last moment of Commerce's period; arbitration is open after it. Null: recorded before dates were kept (treated as passed). */
  periodEndsAt: Date | null;
}

export interface ArbitrationFacts {
  exclusion: ArbitrationExclusion | null;
  dpaReferral: DpaReferral | null;
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
  /** When the case was opened; steps recorded afterwards cannot be dated before it (ADR 035). */
  openedAt: Date;
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
  /** Who works the case (triage, ADR 025); absent when the state was built without it. */
  ownerId?: string | null;
  /** The retention sweep anonymised the case (ADR 026): what remains is statistics, not a case to work. */
  anonymised?: boolean;
  /** The complainant's request to erase their account, filed from their page (ADR 051). */
  erasureRequest?: boolean;
}

export function isTerminal(status: Status): status is Outcome {
  return (OUTCOMES as readonly Status[]).includes(status);
}

export function isActive(status: Status): status is ActiveStatus {
  return !isTerminal(status);
}
