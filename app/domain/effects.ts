import { readersOf } from "./permissions";
import type { Audience, CaseState, Role } from "./types";

/** The model adds the actor and the time; the payload must survive JSON (dates as ISO strings). */
export interface DomainEvent {
  type: string;
  payload: Record<string, unknown>;
}

// Exactly the templates under emails/; a new one needs its template there first.
export const NOTIFICATION_TEMPLATES = [
  "acknowledgement",
  "new_case",
  "case_acknowledged",
  "new_reply",
  "stage_change",
  "escalation_notice",
  "information_requested",
  "answer_given",
  "case_closed",
  "deadline_extended",
  "escalation_available",
  "identity_verification_needed",
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export type Recipient = "complainant" | "liaisons" | "officer";

export interface Notification {
  template: NotificationTemplate;
  to: Recipient[];
  /**
   * Normally the person who acted is not told of their own action; a confirmation they need
   * (where their escalation went, and its new deadlines) is sent to them all the same.
   */
  evenToActor?: true;
}

export interface Effects {
  state: CaseState;
  events: DomainEvent[];
  notifications: Notification[];
}

const RECIPIENT_OF: Record<Role, Recipient> = { complainant: "complainant", liaison: "liaisons", officer: "officer" };

/**
 * The groups concerned, less the liaisons of a case that has no client. The person who acted is
 * in a group too; the model leaves them out when it addresses the mail, not the domain.
 */
export function recipients(state: CaseState, groups: readonly Recipient[]): Recipient[] {
  return groups.filter((group) => group !== "liaisons" || state.clientId !== null);
}

/** Internal notes are the officer's own record and notify nobody. */
export function readersToTell(state: CaseState, audience: Audience): Recipient[] {
  if (audience === "internal") return [];
  return recipients(state, readersOf(audience).map((role) => RECIPIENT_OF[role]));
}

/** A notification nobody would receive is dropped rather than sent to an empty list. */
export function notify(template: NotificationTemplate, to: Recipient[], options: { evenToActor?: true } = {}): Notification[] {
  return to.length > 0 ? [{ template, to, ...options }] : [];
}
