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

export function eventVisibleTo(actor: Actor, event: { type: string; payload: Record<string, unknown> }): boolean {
  // A posted message's event must not reveal that a note the reader cannot see exists.
  if (event.type === "message_posted" || event.type === "contact_logged") {
    return visibleAudiences(actor).includes(event.payload.audience as Audience);
  }
  return actor.role !== "complainant" || !STAFF_ONLY_EVENTS.has(event.type);
}

/**
 * Event types a case page leaves out for this reader, so that the page can be cut in SQL:
 * a posted message is on the timeline as the message itself (its event stays in the audit
 * trail), and the complainant does not see the staff's bookkeeping.
 */
export function eventTypesLeftOffTimeline(actor: Actor): string[] {
  return [...new Set(["message_posted", "contact_logged", ...AUDIT_ONLY_EVENTS, ...(actor.role === "complainant" ? STAFF_ONLY_EVENTS : [])])];
}
