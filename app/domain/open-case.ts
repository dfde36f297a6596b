import { WEEKENDS_ONLY_CALENDAR, type OperatorCalendar } from "./calendar";
import { deadlinesForStage } from "./deadlines";
import { notify, recipients, type Effects } from "./effects";
import type { FrameworkProfile } from "./frameworks";
import { stepWho } from "./labels";
import { refuse, type Refusal } from "./refusals";
import type { Actor, CaseState, FrameworkId, Stage } from "./types";

export interface OpenCaseInput {
  framework: FrameworkId;
  clientId: string | null;
  complainantId: string;
  /** Staff only: a case that first reaches us at a later step, such as a referral from the dispute body. */
  startStage?: Stage;
  /**
   * Staff only: when the complaint reached us (the date of a letter's arrival, a call, a
   * referral). The clocks start then, not when it is typed in.
   */
  receivedAt?: Date;
  /** Staff only, for the record: how it arrived and the dispute body's own case number. */
  receivedVia?: ReceivedVia;
  disputeReference?: string | null;
}

/** How a complaint opened by staff reached us. */
export const RECEIVED_VIA = ["postal", "phone", "email", "referral"] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

/** How far back a receipt time may go: older than this is almost surely a typing mistake. */
function earliestReceipt(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

export type OpenCaseResult = ({ ok: true } & Effects) | Refusal;

/**
 * `actor` is null for a complaint filed by the public without an account. `profile` is the one
 * `chooseFramework` picked for the complainant's country (ADR 012); the case keeps it as its
 * snapshot. `calendar` counts the first clocks from `now`, the moment of receipt (ADR 011).
 */
export function openCase(input: OpenCaseInput, actor: Actor | null, now: Date, profile: FrameworkProfile, calendar: OperatorCalendar = WEEKENDS_ONLY_CALENDAR): OpenCaseResult {
  if (profile.id !== input.framework) {
    return refuse("invalid", "The case's framework does not match the rules it is being opened under.");
  }
  if (actor?.role === "liaison") {
    return refuse("not_allowed_for_role", "A complaint is filed by the person concerned or logged by the Security Officer.");
  }
  if (actor?.role === "complainant" && actor.userId !== input.complainantId) {
    return refuse("not_your_case", "You can only file a complaint in your own name.");
  }
  // The policy sends concerns to the client first; a complaint about the operator itself starts with it.
  const naturalStart: Stage = input.clientId ? "client" : "company";
  const stage = input.startStage ?? naturalStart;
  if (stage !== naturalStart && actor?.role !== "officer") {
    return refuse(
      "not_allowed_for_role",
      `A complaint starts with ${stepWho(naturalStart)}; only the Security Officer can record a case that arrives at a later step.`,
    );
  }
  if (stage === "client" && !input.clientId) return refuse("invalid", "A case with the client company needs a client.");
  if (input.receivedAt !== undefined) {
    if (actor?.role !== "officer") return refuse("not_allowed_for_role", "Only the Security Officer can record when a complaint was received.");
    if (!(input.receivedAt instanceof Date) || Number.isNaN(input.receivedAt.getTime())) return refuse("invalid", "Enter when the complaint was received.");
    if (input.receivedAt.getTime() > now.getTime()) return refuse("invalid", "The time the complaint was received cannot be in the future.");
    if (input.receivedAt.getTime() < earliestReceipt(now).getTime()) return refuse("invalid", "The time the complaint was received cannot be more than a year ago.");
  }
  // The clocks run from receipt; without a receipt time, receipt is now.
  const received = input.receivedAt ?? now;

  const state: CaseState = {
    stage,
    status: "awaiting_acknowledgement",
    framework: input.framework,
    clientId: input.clientId,
    liaisonId: null,
    complainantId: input.complainantId,
    stageEnteredAt: received,
    openedAt: now,
    stagesVisited: [stage],
    answerRejected: false,
    deadlines: deadlinesForStage(stage, received, profile, calendar),
    arbitration: { exclusion: null, dpaReferral: null, prerequisitesConfirmedAt: null, award: null },
    closure: null,
  };
  return {
    ok: true,
    state,
    events: [
      {
        type: "case_filed",
        payload: {
          framework: input.framework,
          stage,
          clientId: input.clientId,
          complainantId: input.complainantId,
          filedBy: actor?.role ?? "public",
          ...(input.receivedAt ? { receivedAt: input.receivedAt.toISOString() } : {}),
          ...(input.receivedVia ? { receivedVia: input.receivedVia } : {}),
          ...(input.disputeReference ? { disputeReference: input.disputeReference } : {}),
        },
      },
    ],
    // The complainant gets the receipt even when an officer logs the complaint for them. Staff
    // hear of it as a new message (the complaint is the first one); there is no new-case template.
    notifications: [
      ...notify("acknowledgement", ["complainant"]),
      ...notify("new_case", recipients(state, ["officer", "liaisons"])),
    ],
  };
}
