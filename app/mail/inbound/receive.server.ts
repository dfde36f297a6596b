import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { replyAddressMayPost, unvouchedMailReason, type Actor, type Audience } from "~/domain";
import { asSystem } from "~/db/actor.server";
import type { Database } from "~/db/schema";
import { operator } from "~/config/operator.server";
import { performCaseCommandIn, recordEvents } from "~/models/case-commands.server";
import { findReplyToken, tokenInAddress } from "~/mail/reply-tokens.server";
import { inboundAttachmentOutcomes, saveInboundAttachments } from "./attachments.server";
import { classifyMail, type MailKind } from "./classify";
import { inboundMailMaxBytes } from "./limits";
import { cleanText, parseInbound, type ParsedInbound } from "./parse.server";
import { newTextOfReply } from "./quoted-text";
import { referencesInSubject } from "./subject";

// The one pipeline every inbound message goes through, whether it came by webhook or by the
// built-in SMTP listener: keep the original, classify, match to a case, then post it on the case
// (through the case commands, like a web reply), record it (auto-replies, bounces), or put it in
// the officer's intake queue. All of it in one transaction.

export type Via = "webhook" | "smtp";

export type ReceiveResult =
  | { status: "stored"; id: string; kind: MailKind | "unreadable"; outcome: Outcome; reference: string | null }
  | { status: "duplicate"; id: string };

type Outcome = Database["inbound_mails"]["outcome"];

interface Sender {
  id: string;
  role: "officer" | "liaison" | "complainant";
  email: string;
  client_id: string | null;
}

type Match =
  // Only a reply address posts (ADR 060). forParties: the mail went to the sender's "for all
  // parties" reply address (staff only have one).
  | { found: true; by: "token"; caseId: string; reference: string; user: Sender; forParties?: boolean }
  // caseId/reference: the case it seems to belong to, suggested to the officer in intake.
  | { found: false; caseId: string | null; reference: string | null; reason: string };

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function ownAddresses(): string[] {
  const addresses = [operator.mailFrom, operator.email].map((a) => (/<([^<>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase());
  return [...new Set(addresses)];
}

/** The holder of a reply address, with what decides whether they may still write. */
async function tokenHolder(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.id", "users.role", "users.email", "users.client_id", "users.active", "clients.active as client_active"])
    .where("users.id", "=", id)
    .executeTakeFirst();
}

async function userByEmail(trx: Transaction<Database>, email: string | null): Promise<Sender | null> {
  if (!email) return null;
  return (await trx.selectFrom("users").select(["id", "role", "email", "client_id"]).where("email", "=", email.toLowerCase()).executeTakeFirst()) ?? null;
}

/** Whether this person takes part in the case: its complainant, a liaison of its client, or the officer. */
function isParty(c: { complainant_id: string; client_id: string | null }, user: Sender): boolean {
  if (user.role === "officer") return true;
  if (user.role === "complainant") return c.complainant_id === user.id;
  return c.client_id !== null && user.client_id === c.client_id;
}

async function matchCase(trx: Transaction<Database>, mail: ParsedInbound, envelopeTo: string[]): Promise<Match> {
  // 1. The per-case, per-person reply token in the address it was sent to: the only proof that
  // the mail answers one we sent to that person. The first known token decides case and sender;
  // when the same person's "for all parties" address of that case is among the recipients too
  // (sent to both, or only to it), the message is for all parties.
  const tokens = [...new Set([...envelopeTo, ...mail.recipients].map(tokenInAddress).filter((t): t is string => t !== null))].slice(0, 20);
  const known = [];
  for (const token of tokens) {
    const found = await findReplyToken(trx, token);
    if (found) known.push(found);
  }
  const first = known[0];
  if (first) {
    const holder = await tokenHolder(trx, first.userId);
    const c = await trx.selectFrom("cases").select("reference").where("id", "=", first.caseId).executeTakeFirst();
    if (holder && c) {
      if (!replyAddressMayPost({ role: holder.role, active: holder.active, clientActive: holder.client_active })) {
        return { found: false, caseId: first.caseId, reference: c.reference, reason: `Sent to a reply address of case ${c.reference} whose holder's account (or client) is deactivated: not posted.` };
      }
      const forParties = known.some((k) => k.caseId === first.caseId && k.userId === first.userId && k.forParties);
      const user: Sender = { id: holder.id, role: holder.role, email: holder.email, client_id: holder.client_id };
      return { found: true, by: "token", caseId: first.caseId, reference: c.reference, user, forParties };
    }
  }
  // Everything else only suggests a case to the officer: From, subject and threading headers are
  // the sender's own words, and can be forged (ADR 060).
  const sender = await userByEmail(trx, mail.fromAddress);
  // 2. Threading: a reply to one of our mails names its Message-ID.
  if (mail.threadIds.length > 0) {
    const delivery = await trx
      .selectFrom("mail_deliveries")
      .innerJoin("cases", "cases.id", "mail_deliveries.case_id")
      .select(["cases.id", "cases.reference", "cases.complainant_id", "cases.client_id"])
      .where("mail_deliveries.message_id", "in", mail.threadIds.slice(0, 100))
      .orderBy("mail_deliveries.queued_at", "desc")
      .executeTakeFirst();
    if (delivery) {
      return { found: false, caseId: delivery.id, reference: delivery.reference, reason: unvouchedMailReason("thread", delivery.reference, sender !== null && isParty(delivery, sender)) };
    }
  }
  // 3. A case reference in the subject.
  for (const reference of referencesInSubject(mail.subject).slice(0, 5)) {
    const c = await trx.selectFrom("cases").select(["id", "reference", "complainant_id", "client_id"]).where("reference", "=", reference).executeTakeFirst();
    if (!c) continue;
    return { found: false, caseId: c.id, reference: c.reference, reason: unvouchedMailReason("subject", c.reference, sender !== null && isParty(c, sender)) };
  }
  // 4. A complainant's address: their latest case.
  if (sender?.role === "complainant") {
    const c = await trx.selectFrom("cases").select(["id", "reference"]).where("complainant_id", "=", sender.id).orderBy("opened_at", "desc").executeTakeFirst();
    if (c) return { found: false, caseId: c.id, reference: c.reference, reason: unvouchedMailReason("sender", c.reference, true) };
  }
  return { found: false, caseId: null, reference: null, reason: "Matches no case: a new inquiry, or a reply we could not place." };
}

function actorOf(user: Sender): Actor | null {
  switch (user.role) {
    case "officer":
      return { role: "officer", userId: user.id };
    case "complainant":
      return { role: "complainant", userId: user.id };
    case "liaison":
      return user.client_id ? { role: "liaison", userId: user.id, clientId: user.client_id } : null;
  }
}

/**
 * A complainant's reply is for everyone on the case; staff replying by mail write to staff only,
 * unless they wrote to their "for all parties" reply address (named in every mail they get).
 */
function audienceOf(user: Sender, forParties: boolean): Audience {
  return user.role === "complainant" || forParties ? "parties" : "staff";
}

/** The text posted on a case: the new part of the reply. */
export function postedText(mail: ParsedInbound): string {
  const text = newTextOfReply(mail.text);
  if (text) return text;
  return mail.attachments.length > 0 ? "(The e-mail had no text, only attachments.)" : "(The e-mail had no text.)";
}

async function recordBounce(trx: Transaction<Database>, mail: ParsedInbound, match: Match, now: Date): Promise<{ caseId: string | null; note: string }> {
  // The delivery the report is about: by the returned message's Message-ID, else by the reply token.
  const ids = [...mail.reportedMessageIds, ...mail.threadIds].slice(0, 100);
  let delivery = ids.length
    ? await trx.selectFrom("mail_deliveries").select(["id", "case_id", "recipient", "template"]).where("message_id", "in", ids).executeTakeFirst()
    : undefined;
  if (!delivery && match.found) {
    delivery = await trx
      .selectFrom("mail_deliveries")
      .select(["id", "case_id", "recipient", "template"])
      .where("case_id", "=", match.caseId)
      .where("recipient", "=", match.user.email)
      .orderBy("queued_at", "desc")
      .executeTakeFirst();
  }
  if (!delivery) return { caseId: match.caseId, note: "A delivery report about no mail of ours that we could find." };
  const detail = cleanText(mail.reportedDiagnostic ?? mail.subject, 500) || "undeliverable";
  await trx.updateTable("mail_deliveries").set({ bounced_at: now, bounce_detail: detail }).where("id", "=", delivery.id).execute();
  if (delivery.case_id) {
    await recordEvents(trx, delivery.case_id, null, [{ type: "mail_undeliverable", payload: { recipient: delivery.recipient, template: delivery.template, detail } }], now);
  }
  return { caseId: delivery.case_id, note: `Bounce of the ${delivery.template} mail to ${delivery.recipient}.` };
}

async function processMail(trx: Transaction<Database>, id: string, mail: ParsedInbound, kind: MailKind, envelopeTo: string[], now: Date) {
  const match = await matchCase(trx, mail, envelopeTo);
  const base = { case_id: match.caseId, matched_by: match.found ? match.by : null, user_id: match.found ? match.user.id : null };
  if (kind !== "message") {
    // Machines' mail is kept and never answered or posted: nothing is enqueued, so no loop can start.
    if (kind === "bounce") {
      const bounce = await recordBounce(trx, mail, match, now);
      return { ...base, case_id: bounce.caseId, outcome: "bounce_recorded" as const, note: bounce.note };
    }
    return { ...base, outcome: "recorded" as const, note: kind === "loop" ? "Sent from our own address: not processed." : "An automatic reply: recorded, not posted or answered." };
  }

  let reason = match.found ? "" : match.reason;
  if (match.found) {
    const actor = actorOf(match.user);
    const row = await trx.selectFrom("cases").select("version").where("id", "=", match.caseId).forUpdate().executeTakeFirstOrThrow();
    if (actor) {
      const outcome = await performCaseCommandIn(trx, {
        actor,
        reference: match.reference,
        expectedVersion: row.version,
        command: { type: "post_message", audience: audienceOf(match.user, match.forParties === true), channel: "email" },
        body: postedText(mail),
        now,
      });
      if (outcome.ok) {
        const files = outcome.messageId
          ? (await saveInboundAttachments(trx, { caseId: match.caseId, messageId: outcome.messageId, attachments: mail.attachments, uploadedBy: actor.userId, now })).outcomes
          : [];
        return { ...base, outcome: "posted" as const, message_ref: outcome.messageId ?? null, note: null, attachments: JSON.stringify(files) };
      }
      reason = outcome.kind === "refused" ? `Could not be posted on case ${match.reference}: ${outcome.refusal.reason}` : `The sender cannot write on case ${match.reference}.`;
    } else {
      reason = `The sender cannot write on case ${match.reference}.`;
    }
  }
  await trx
    .insertInto("intake_items")
    .values({
      inbound_mail_id: id,
      received_at: now,
      from_address: mail.fromAddress ?? "",
      from_name: mail.fromName ?? "",
      subject: mail.subject,
      body: mail.text,
      reason,
    })
    .execute();
  return { ...base, outcome: "intake" as const, note: reason };
}

/**
 * Stores and processes one raw message. The same Message-ID (or, without one, the same bytes)
 * delivered again is stored once: the second call answers "duplicate".
 */
export async function receiveInboundMail(raw: Buffer, opts: { via: Via; envelopeFrom?: string | null; envelopeTo?: string[]; now: Date }): Promise<ReceiveResult> {
  let mail: ParsedInbound | null = null;
  try {
    mail = await parseInbound(raw);
  } catch {
    mail = null;
  }
  const envelopeTo = (opts.envelopeTo ?? []).map((a) => cleanText(a, 320).toLowerCase()).slice(0, 100);
  const keep = inboundMailMaxBytes();
  const dedupKey = mail?.messageId ? `message-id:${mail.messageId}` : `sha256:${sha256(raw)}`;
  const kind: MailKind | "unreadable" = mail
    ? classifyMail({
        headers: mail.headers,
        contentType: mail.contentType,
        fromAddress: mail.fromAddress,
        returnPath: opts.envelopeFrom !== undefined && opts.envelopeFrom !== null ? opts.envelopeFrom.toLowerCase() : mail.returnPath,
        ownAddresses: ownAddresses(),
      })
    : "unreadable";

  // Mail arrives without a signed-in person: the system identity (ADR 018). The case commands it
  // performs for the sender still scope by the sender's actor in code (casesVisibleTo).
  return asSystem("inbound mail", async (trx): Promise<ReceiveResult> => {
      const inserted = await trx
        .insertInto("inbound_mails")
        .values({
          dedup_key: dedupKey,
          message_id: mail?.messageId ?? null,
          received_at: opts.now,
          via: opts.via,
          envelope_from: opts.envelopeFrom ? cleanText(opts.envelopeFrom, 320) : null,
          envelope_to: envelopeTo,
          from_address: mail?.fromAddress ?? null,
          from_name: mail?.fromName ?? null,
          subject: mail?.subject ?? null,
          raw: raw.length > keep ? raw.subarray(0, keep) : raw,
          raw_size: raw.length,
          raw_truncated: raw.length > keep,
          kind,
          outcome: "recorded",
          full_text: mail?.text ?? "",
          new_text: mail && kind === "message" ? postedText(mail) : "",
        })
        .onConflict((oc) => oc.column("dedup_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) {
        const earlier = await trx.selectFrom("inbound_mails").select("id").where("dedup_key", "=", dedupKey).executeTakeFirstOrThrow();
        return { status: "duplicate", id: earlier.id };
      }
      if (!mail || kind === "unreadable") {
        await trx.updateTable("inbound_mails").set({ note: "The message could not be read." }).where("id", "=", inserted.id).execute();
        return { status: "stored", id: inserted.id, kind, outcome: "recorded", reference: null };
      }
      const processed = await processMail(trx, inserted.id, mail, kind, envelopeTo, opts.now);
      // Files of mail not posted on a case are only in the original; each is still listed, with
      // the reason when the rules would refuse it, so nothing is dropped without staff seeing it.
      const result = "attachments" in processed ? processed : { ...processed, attachments: JSON.stringify(await inboundAttachmentOutcomes(mail.attachments)) };
      await trx.updateTable("inbound_mails").set(result).where("id", "=", inserted.id).execute();
      const reference = result.case_id ? ((await trx.selectFrom("cases").select("reference").where("id", "=", result.case_id).executeTakeFirst())?.reference ?? null) : null;
      return { status: "stored", id: inserted.id, kind, outcome: result.outcome, reference };
  });
}

/**
 * When processing failed unexpectedly (a bug, not bad input), the original is still kept, marked
 * failed, so nothing that reached us is lost and the sender's provider is not asked to retry forever.
 */
export async function keepFailedInboundMail(raw: Buffer, opts: { via: Via; now: Date; error: unknown }): Promise<string> {
  const keep = inboundMailMaxBytes();
  const row = await asSystem("inbound mail", (trx) =>
    trx
    .insertInto("inbound_mails")
    .values({
      dedup_key: `failed:${sha256(raw)}:${opts.now.getTime()}`,
      received_at: opts.now,
      via: opts.via,
      raw: raw.length > keep ? raw.subarray(0, keep) : raw,
      raw_size: raw.length,
      raw_truncated: raw.length > keep,
      kind: "unreadable",
      outcome: "failed",
      note: cleanText(opts.error instanceof Error ? opts.error.message : String(opts.error), 1000),
    })
    .returning("id")
    .executeTakeFirstOrThrow(),
  );
  return row.id;
}
