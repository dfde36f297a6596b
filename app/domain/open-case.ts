import { WEEKENDS_ONLY_CALENDAR, type OperatorCalendar } from "./calendar";
import { deadlinesForStage } from "./deadlines";
import { notify, recipients, type Effects } from "./effects";
import type { FrameworkProfile } from "./frameworks";
import { STAGE_PARTIES } from "./labels";
import { refuse, type Refusal } from "./refusals";
import type { Actor, CaseState, FrameworkId, Stage } from "./types";

export interface OpenCaseInput {
  framework: FrameworkId;
  clientId: string | null;
  complainantId: string;
  /** Staff only: a case that first reaches us at a later step, such as a referral from the dispute body. */
  startStage?: Stage;
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
      `A complaint starts with ${STAGE_PARTIES[naturalStart]}; only the Security Officer can record a case that arrives at a later step.`,
    );
  }
  if (stage === "client" && !input.clientId) return refuse("invalid", "A case with the client company needs a client.");

  const state: CaseState = {
    stage,
    status: "awaiting_acknowledgement",
    framework: input.framework,
    clientId: input.clientId,
    liaisonId: null,
    complainantId: input.complainantId,
    stageEnteredAt: now,
    stagesVisited: [stage],
    answerRejected: false,
    deadlines: deadlinesForStage(stage, now, profile, calendar),
    arbitration: { exclusion: null, dpaReferral: false, prerequisitesConfirmedAt: null, award: null },
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
