// Plain words for the ladder, shared by the UI, the mail and the sentences the domain writes.
// No operator or dispute-body names here: those are configuration (app/config/operator.server.ts).
import steps from "../i18n/messages/steps";
import { STAGES, type Role, type Stage, type Status } from "./types";

/** A step's number on the ladder, from 1 (the client company) to 4 (binding arbitration). */
export function stepNumber(stage: Stage): number {
  return STAGES.indexOf(stage) + 1;
}

/**
 * The step's one name, from the one table of steps (app/i18n/messages/steps.ts, ADR 034).
 * English unless told: the domain's sentences and the staff pages are English.
 */
export function stepName(stage: Stage, locale: StepLocale = "en"): string {
  return steps[locale][`steps.${stage}.name`];
}

/** Who answers at the step, mid-sentence: "move this case to …", "waiting for … to acknowledge". */
export function stepWho(stage: Stage, locale: StepLocale = "en"): string {
  return steps[locale][`steps.${stage}.who`];
}

type StepLocale = keyof typeof steps;

export const STATUS_LABELS: Record<Status, string> = {
  awaiting_acknowledgement: "Waiting for acknowledgement",
  in_progress: "In progress",
  awaiting_complainant: "Waiting for the complainant's reply",
  answered: "Answered",
  resolved: "Resolved",
  withdrawn: "Withdrawn",
  closed: "Closed",
};

/** Completes "while the case is …". */
export const STATUS_WHEREABOUTS: Record<Status, string> = {
  awaiting_acknowledgement: "waiting to be acknowledged",
  in_progress: "being worked on",
  awaiting_complainant: "waiting for the complainant's reply",
  answered: "waiting for the complainant to accept or reject the answer",
  resolved: "resolved",
  withdrawn: "withdrawn",
  closed: "closed",
};

export const ROLE_NAMES: Record<Role, string> = {
  officer: "the Security Officer",
  liaison: "the client company's liaison",
  complainant: "the person who made the complaint",
};
