import { visibleAudiences } from "./permissions";
import type { Actor, Audience } from "./types";

// Who sees a case event. Messages carry their own audience; events are the case's own
// steps, which the complainant follows too, except the staff's bookkeeping.
const STAFF_ONLY_EVENTS = new Set(["assigned", "dpa_referral_recorded", "dpa_referral_corrected", "prerequisites_confirmed", "mail_resent", "mail_undeliverable", "intake_attached", "identity_verification_recorded", "owner_changed", "identity_revealed", "legal_hold_placed", "legal_hold_lifted", "attachments_refused"]);

/**
 * Staff looking at a complainant's identity (ADR 028): in the audit trail and the officer's log of
 * reveals, on no case page's timeline (it is not a step of the case).
 */
const AUDIT_ONLY_EVENTS = ["identity_revealed"];

/**
 * Staff events about one message (an e-mail attached from intake, files of a mail refused): they
 * carry the message's audience and, for a staff note, its client (`clientId`), and staff see them
 * only where they may read the message.
 */
const EVENTS_ABOUT_A_MESSAGE = new Set(["intake_attached", "attachments_refused"]);

/**
 * Whether the reader may read a message written for `audience`; a staff note belongs to the client
 * it was written for, so after a reassignment the new client's liaisons do not read it.
 */
export function messageReadableBy(actor: Actor, message: { audience: unknown; clientId?: unknown }): boolean {
  if (!visibleAudiences(actor).includes(message.audience as Audience)) return false;
  return actor.role !== "liaison" || message.audience !== "staff" || message.clientId === actor.clientId;
}

export function eventVisibleTo(actor: Actor, event: { type: string; payload: Record<string, unknown> }): boolean {
  // A posted message's event must not reveal that a note the reader cannot see exists.
  if (event.type === "message_posted" || event.type === "contact_logged") {
    return visibleAudiences(actor).includes(event.payload.audience as Audience);
  }
  if (actor.role === "complainant") return !STAFF_ONLY_EVENTS.has(event.type);
  // Nor may its bookkeeping. Such an event written before it carried the audience names none: the
  // officer's only (the officer reads every message).
  if (actor.role === "liaison" && EVENTS_ABOUT_A_MESSAGE.has(event.type)) {
    return messageReadableBy(actor, { audience: event.payload.audience, clientId: event.payload.clientId });
  }
  return true;
}

/**
 * The facts of an event the complainant is not given (on their page and in their export): who sent
 * the e-mail a case was opened from may be someone else (a lawyer, a relative) whose address is not
 * theirs to have.
 */
const FACTS_KEPT_FROM_THE_COMPLAINANT: Readonly<Record<string, readonly string[]>> = { opened_from_intake: ["from"] };

/** The payload of an event without the facts this reader is not given. */
export function eventFactsFor(actor: Actor, event: { type: string; payload: Record<string, unknown> }): Record<string, unknown> {
  const kept = actor.role === "complainant" ? FACTS_KEPT_FROM_THE_COMPLAINANT[event.type] : undefined;
  if (!kept) return event.payload;
  return Object.fromEntries(Object.entries(event.payload).filter(([key]) => !kept.includes(key)));
}

/**
 * Event types a case page leaves out for this reader, so that the page can be cut in SQL:
 * a posted message is on the timeline as the message itself (its event stays in the audit
 * trail), and the complainant does not see the staff's bookkeeping.
 */
export function eventTypesLeftOffTimeline(actor: Actor): string[] {
  return [...new Set(["message_posted", "contact_logged", ...AUDIT_ONLY_EVENTS, ...(actor.role === "complainant" ? STAFF_ONLY_EVENTS : [])])];
}
