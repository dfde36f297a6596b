import { isTerminal, type Status } from "./types";

// Which inbound mail may write on a case (ADR 060). A From line, a subject and threading headers
// are written by the sender and prove nothing: anyone can send "From: <the complainant>" with
// "Re: PS-2026-000123". Only the per-case, per-person reply address proves that the mail answers
// one we sent to that person; all else that points at a case waits for the officer in intake.

/** The person a reply address was made for, as the database has them now. */
export interface ReplyAddressHolder {
  role: "officer" | "liaison" | "complainant";
  active: boolean;
  /** The liaison's client is active (null for people without a client). */
  clientActive: boolean | null;
}

/**
 * Whether mail to this person's reply address is posted as them. A deactivated account, or a
 * liaison of a deactivated client, cannot sign in; an old notification in their mailbox must not
 * let them write on the case either.
 */
export function replyAddressMayPost(holder: ReplyAddressHolder): boolean {
  if (!holder.active) return false;
  return holder.role !== "liaison" || holder.clientActive === true;
}

/** How a mail that no reply address vouches for still points at a case. */
export type CaseHint = "thread" | "subject" | "sender";

/**
 * Why such a mail is in intake, for the officer: the case it seems to belong to and what points
 * there. No address in it (the officer's lists show reasons as they are, ADR 028).
 */
export function unvouchedMailReason(hint: CaseHint, reference: string, senderIsParty: boolean): string {
  if (!senderIsParty) {
    return hint === "thread"
      ? `Replies in the thread of case ${reference}, but the sender is not a party to that case.`
      : `Names case ${reference} in its subject, but the sender is not a party to that case.`;
  }
  const what =
    hint === "thread" ? `Replies in the thread of case ${reference}` : hint === "subject" ? `Names case ${reference} in its subject` : `Comes from the address of the complainant of case ${reference}`;
  return `${what}, but was not sent to a reply address of ours: a sender's address can be forged, so it was not posted. Attach it to the case if it is genuine.`;
}

/**
 * Whether an intake e-mail the officer attaches counts as the complainant's reply (ADR 066): it
 * goes to all parties and comes from the complainant's own address. The From alone posts nothing
 * (above); the officer's decision to attach it for everyone is what vouches for it, and then it
 * resumes a paused clock as the complainant's reply would.
 */
export function attachedAsComplainantsReply(mail: { fromAddress: string; audience: string }, complainantEmail: string | null): boolean {
  const from = mail.fromAddress.trim().toLowerCase();
  return mail.audience === "parties" && from !== "" && complainantEmail !== null && from === complainantEmail.trim().toLowerCase();
}

/**
 * Whether a mail about a case may invite a reply by mail (a per-case Reply-To, "your reply is added
 * to case …"). Not once the case has ended, nor in the mail that says it has (ADR 066): an ended
 * case takes only the officer's internal notes, so a reply would go to intake, not to the case.
 */
export function mailInvitesReplies(template: string, status: string | null): boolean {
  if (template === "case_closed") return false;
  return status === null || !isTerminal(status as Status);
}
