import {
  needsIdentityVerification,
  nextRunningDeadline,
  type CaseState,
  type Deadline,
  type DeadlineComputation,
  type DeadlineKind,
  type FrameworkId,
  type FrameworkProfile,
  type IdentityVerification,
  type Stage,
  type Status,
} from "~/domain";
import type { CaseRow, DeadlineRow } from "~/db/schema";
import { profileFromJson } from "./clock-settings.server";

// The one place where a cases row and the domain's CaseState meet.

interface StoredArbitration {
  exclusion: CaseState["arbitration"]["exclusion"];
  /** `true` on rows written before the referral kept its day and reference. */
  dpaReferral: boolean | { referredOn: string | null; reference: string | null; periodEndsAt: string | null } | null;
  prerequisitesConfirmedAt: string | null;
  award: { remedies: NonNullable<CaseState["arbitration"]["award"]>["remedies"]; summary: string; decidedAt: string } | null;
}

export const EMPTY_ARBITRATION: StoredArbitration = { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: null, award: null };

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const optionalDate = (v: Date | string | null) => (v === null ? null : date(v));

export function deadlineFromRow(row: DeadlineRow): Deadline {
  return {
    stage: row.stage as Stage,
    kind: row.kind as DeadlineKind,
    startsAt: date(row.starts_at),
    dueAt: date(row.due_at),
    metAt: optionalDate(row.met_at),
    pausedAt: optionalDate(row.paused_at),
    stoppedAt: optionalDate(row.stopped_at),
    explanation: row.explanation,
    ...(row.computation ? { computation: row.computation as DeadlineComputation } : {}),
  };
}

/** The profile the case keeps (ADR 012): its snapshot, or the built-in default for a row that has none. */
export function profileOfRow(row: Pick<CaseRow, "profile" | "framework">): FrameworkProfile {
  return profileFromJson(row.profile, row.framework as FrameworkId);
}

/** A referral recorded before it kept a day (stored as `true`) counts as recorded with its period passed. */
function dpaReferralFromJson(stored: unknown): CaseState["arbitration"]["dpaReferral"] {
  if (stored === true) return { referredOn: null, reference: null, periodEndsAt: null };
  if (!stored || typeof stored !== "object") return null;
  const r = stored as { referredOn?: unknown; reference?: unknown; periodEndsAt?: unknown };
  return {
    referredOn: typeof r.referredOn === "string" ? r.referredOn : null,
    reference: typeof r.reference === "string" ? r.reference : null,
    periodEndsAt: typeof r.periodEndsAt === "string" ? new Date(r.periodEndsAt) : null,
  };
}

export function stateFromRow(row: CaseRow, deadlines: DeadlineRow[]): CaseState {
  const arb = { ...EMPTY_ARBITRATION, ...(row.arbitration as Partial<StoredArbitration>) };
  return {
    stage: row.stage as Stage,
    status: row.status as Status,
    framework: row.framework as FrameworkId,
    clientId: row.client_id,
    liaisonId: row.liaison_id,
    complainantId: row.complainant_id,
    stageEnteredAt: date(row.stage_entered_at),
    openedAt: date(row.opened_at),
    stagesVisited: row.stages_visited as Stage[],
    answerRejected: row.answer_rejected,
    deadlines: deadlines.map(deadlineFromRow),
    arbitration: {
      exclusion: arb.exclusion,
      dpaReferral: dpaReferralFromJson(arb.dpaReferral),
      prerequisitesConfirmedAt: arb.prerequisitesConfirmedAt ? new Date(arb.prerequisitesConfirmedAt) : null,
      award: arb.award ? { ...arb.award, decidedAt: new Date(arb.award.decidedAt) } : null,
    },
    closure: (row.closure as CaseState["closure"]) ?? null,
    identity: { needed: needsIdentityVerification(row.category), latest: verificationFromRow(row.identity_verification) },
    ownerId: row.owner_id ?? null,
    anonymised: row.anonymised_at != null,
    erasureRequest: row.erasure_request === true,
  };
}

type StoredVerification = Omit<IdentityVerification, "recordedAt"> & { recordedAt: string };

function verificationFromRow(value: unknown): IdentityVerification | null {
  if (!value || typeof value !== "object") return null;
  const v = value as StoredVerification;
  return { method: v.method, evidence: v.evidence, outcome: v.outcome, recordedAt: new Date(v.recordedAt) };
}

/** Every write of a case's state goes through here, so the stored next deadline cannot fall behind. */
export function stateColumns(state: CaseState) {
  const arbitration: StoredArbitration = {
    exclusion: state.arbitration.exclusion,
    dpaReferral: state.arbitration.dpaReferral
      ? { referredOn: state.arbitration.dpaReferral.referredOn, reference: state.arbitration.dpaReferral.reference, periodEndsAt: state.arbitration.dpaReferral.periodEndsAt?.toISOString() ?? null }
      : null,
    prerequisitesConfirmedAt: state.arbitration.prerequisitesConfirmedAt?.toISOString() ?? null,
    award: state.arbitration.award ? { ...state.arbitration.award, decidedAt: state.arbitration.award.decidedAt.toISOString() } : null,
  };
  return {
    stage: state.stage,
    status: state.status,
    framework: state.framework,
    client_id: state.clientId,
    liaison_id: state.liaisonId,
    complainant_id: state.complainantId,
    stage_entered_at: state.stageEnteredAt,
    stages_visited: state.stagesVisited,
    answer_rejected: state.answerRejected,
    arbitration: JSON.stringify(arbitration),
    closure: state.closure ? JSON.stringify(state.closure) : null,
    next_due_at: nextRunningDeadline(state),
    // Only when the state carries it (as identity below): a writer unaware of owners never clears one.
    ...(state.ownerId !== undefined ? { owner_id: state.ownerId } : {}),
    // Only when the state carries it, so that a writer unaware of it never erases a verification.
    ...(state.identity?.latest
      ? { identity_verification: JSON.stringify({ ...state.identity.latest, recordedAt: state.identity.latest.recordedAt.toISOString() } satisfies StoredVerification) }
      : {}),
  };
}

export function deadlineColumns(caseId: string, d: Deadline) {
  return {
    case_id: caseId,
    stage: d.stage,
    kind: d.kind,
    starts_at: d.startsAt,
    due_at: d.dueAt,
    met_at: d.metAt,
    paused_at: d.pausedAt,
    stopped_at: d.stoppedAt ?? null,
    explanation: d.explanation,
    computation: d.computation ? JSON.stringify(d.computation) : null,
  };
}
