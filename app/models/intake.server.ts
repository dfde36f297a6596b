import type { Kysely, Transaction } from "kysely";
import { AUDIENCES, attachedAsComplainantsReply, type Actor, type Audience } from "~/domain";
import type { Database } from "~/db/schema";
import { parseInbound } from "~/mail/inbound/parse.server";
import { inboundAttachmentOutcomes, saveInboundAttachments } from "~/mail/inbound/attachments.server";
import { performCaseCommandIn, recordEvents } from "./case-commands.server";
import { fileComplaint, type ComplaintInput, type FileOutcome } from "./complaints.server";
import { asActor } from "./scope.server";

// The officer's intake queue: mail that matched no case, or came from someone not party to the
// case it named. Each item ends in one decision, recorded with who took it and when: a case
// opened from it, attached to an existing case, or discarded with a reason.

type Officer = Extract<Actor, { role: "officer" }>;

export interface IntakeSummary {
  id: string;
  receivedAt: Date;
  fromAddress: string;
  fromName: string;
  subject: string;
  reason: string;
  status: "open" | "case_opened" | "attached" | "discarded";
  reference: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface IntakeDetail extends IntakeSummary {
  body: string;
  discardReason: string | null;
  attachmentCount: number;
  attachmentNames: string[];
  /** Files the type and size rules refuse: they stay in the original only, never on a case. */
  refusedAttachments: { name: string; reason: string }[];
  /** The case the mail seems to belong to (its thread, subject or sender), for the officer to confirm. */
  suggestedReference: string | null;
}

const LIST_LIMIT = 200;

function summaryQuery(on: Kysely<Database>) {
  return on
    .selectFrom("intake_items")
    .leftJoin("cases", "cases.id", "intake_items.case_id")
    .leftJoin("users", "users.id", "intake_items.decided_by")
    .select([
      "intake_items.id",
      "intake_items.received_at",
      "intake_items.from_address",
      "intake_items.from_name",
      "intake_items.subject",
      "intake_items.reason",
      "intake_items.status",
      "intake_items.decided_at",
      "intake_items.body",
      "intake_items.discard_reason",
      "intake_items.inbound_mail_id",
      "cases.reference",
      "users.name as decided_by_name",
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["executeTakeFirstOrThrow"]>>;

function summary(r: SummaryRow): IntakeSummary {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at),
    fromAddress: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    reason: r.reason,
    status: r.status,
    reference: r.reference,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    decidedBy: r.decided_by_name,
  };
}

/** Open items oldest first (they wait longest), then the latest decisions. The intake queue is the officer's (RLS, migration 010). */
export async function listIntake(actor: Officer): Promise<{ open: IntakeSummary[]; decided: IntakeSummary[] }> {
  const [open, decided] = await asActor(actor, (trx) =>
    Promise.all([
      summaryQuery(trx).where("intake_items.status", "=", "open").orderBy("intake_items.received_at", "asc").limit(LIST_LIMIT).execute(),
      summaryQuery(trx).where("intake_items.status", "!=", "open").orderBy("intake_items.decided_at", "desc").limit(50).execute(),
    ]),
  );
  return { open: open.map(summary), decided: decided.map(summary) };
}

export async function intakeItem(actor: Officer, id: string): Promise<IntakeDetail | null> {
  const found = await asActor(actor, async (trx) => {
    const row = await summaryQuery(trx).where("intake_items.id", "=", id).executeTakeFirst();
    if (!row) return null;
    const suggested = await trx
      .selectFrom("inbound_mails")
      .innerJoin("cases", "cases.id", "inbound_mails.case_id")
      .select("cases.reference")
      .where("inbound_mails.id", "=", row.inbound_mail_id)
      .executeTakeFirst();
    return { row, attachments: await attachmentsOf(row.inbound_mail_id, trx), suggestedReference: suggested?.reference ?? null };
  });
  if (!found) return null;
  const { row, attachments, suggestedReference } = found;
  return {
    ...summary(row),
    body: row.body,
    discardReason: row.discard_reason,
    attachmentCount: attachments.length,
    attachmentNames: attachments.map((a) => a.filename ?? "(no name)"),
    refusedAttachments: (await inboundAttachmentOutcomes(attachments)).flatMap((o) => (o.outcome === "refused" ? [{ name: o.name, reason: o.reason ?? "" }] : [])),
    suggestedReference,
  };
}

/** The attachments of the kept original, parsed again (the queue keeps no second copy). */
async function attachmentsOf(inboundMailId: string, q: Pick<Transaction<Database>, "selectFrom">) {
  const mail = await q.selectFrom("inbound_mails").select("raw").where("id", "=", inboundMailId).executeTakeFirst();
  if (!mail) return [];
  try {
    return (await parseInbound(Buffer.from(mail.raw))).attachments;
  } catch {
    return [];
  }
}

export type IntakeDecision = { ok: true; reference: string | null } | { ok: false; reason: string; field?: string };

const ALREADY_DECIDED: IntakeDecision = { ok: false, reason: "This e-mail has already been dealt with; the page now shows what was decided." };

async function lockOpenItem(trx: Transaction<Database>, id: string) {
  return trx.selectFrom("intake_items").selectAll().where("id", "=", id).where("status", "=", "open").forUpdate().executeTakeFirst();
}

/**
 * Opens a case from the e-mail, its clocks counted from the mail's arrival. The item's id is the
 * filing's submission key, so a repeated click (or a retry after a failure between the two
 * steps) files one case.
 */
export async function openCaseFromIntake(actor: Officer, id: string, input: Omit<ComplaintInput, "submissionKey">, now: Date): Promise<IntakeDecision | Extract<FileOutcome, { ok: false }>> {
  const item = await asActor(actor, (trx) => trx.selectFrom("intake_items").select(["status", "received_at", "case_id"]).where("id", "=", id).executeTakeFirst());
  if (!item) return { ok: false, reason: "There is no such e-mail in the intake queue." };
  if (item.status !== "open") return ALREADY_DECIDED;
  const receivedAt = new Date(item.received_at);
  const filed = await fileComplaint({ ...input, submissionKey: id }, now, {
    actor,
    startStage: input.clientId ? "client" : "company",
    receivedVia: "email",
    receivedAt,
  });
  if (!filed.ok) return filed;
  return asActor(actor, async (trx): Promise<IntakeDecision> => {
      const open = await lockOpenItem(trx, id);
      if (!open) return ALREADY_DECIDED;
      const c = await trx.selectFrom("cases").select("id").where("reference", "=", filed.reference).executeTakeFirstOrThrow();
      await trx
        .updateTable("intake_items")
        .set({ status: "case_opened", case_id: c.id, decided_by: actor.userId, decided_at: now })
        .where("id", "=", id)
        .execute();
      await trx.updateTable("inbound_mails").set({ case_id: c.id }).where("id", "=", open.inbound_mail_id).execute();
      await recordEvents(trx, c.id, actor, [{ type: "opened_from_intake", payload: { intakeId: id, from: open.from_address, receivedAt: receivedAt.toISOString() } }], now);
      // The mail's files come with the complaint, under the rules a posted mail's files meet (ADR 066).
      const files = await saveInboundAttachments(trx, { caseId: c.id, messageId: null, attachments: await attachmentsOf(open.inbound_mail_id, trx), uploadedBy: actor.userId, now });
      if (files.outcomes.length > 0) {
        await trx.updateTable("inbound_mails").set({ attachments: JSON.stringify(files.outcomes) }).where("id", "=", open.inbound_mail_id).execute();
      }
      return { ok: true, reference: filed.reference };
    });
}

/** Posts the e-mail on an existing case as a message the officer files, for the audience chosen. */
export async function attachIntakeToCase(actor: Officer, id: string, reference: string, audience: Audience, now: Date): Promise<IntakeDecision> {
  if (!AUDIENCES.includes(audience)) return { ok: false, field: "audience", reason: "Choose who may read it." };
  return asActor(actor, async (trx): Promise<IntakeDecision> => {
      const item = await lockOpenItem(trx, id);
      if (!item) {
        const exists = await trx.selectFrom("intake_items").select("id").where("id", "=", id).executeTakeFirst();
        return exists ? ALREADY_DECIDED : { ok: false, reason: "There is no such e-mail in the intake queue." };
      }
      const c = await trx.selectFrom("cases").select(["id", "version", "complainant_id"]).where("reference", "=", reference.trim().toUpperCase()).forUpdate().executeTakeFirst();
      if (!c) return { ok: false, field: "reference", reason: "There is no case with that reference." };
      const complainant = await trx.selectFrom("users").select("email").where("id", "=", c.complainant_id).executeTakeFirst();
      // The complainant's own mail, attached for everyone, is their reply: it resumes a paused clock (ADR 066).
      const isComplainantsReply = attachedAsComplainantsReply({ fromAddress: item.from_address, audience }, complainant?.email ?? null);
      const sender = item.from_name ? `${item.from_name} <${item.from_address}>` : item.from_address || "an unknown sender";
      const body = `E-mail from ${sender}, received ${new Date(item.received_at).toISOString()}${item.subject ? `, subject "${item.subject}"` : ""}:\n\n${item.body || "(no text)"}`;
      const outcome = await performCaseCommandIn(trx, {
        actor,
        reference: reference.trim().toUpperCase(),
        expectedVersion: c.version,
        command: { type: "post_message", audience, channel: "email", ...(isComplainantsReply ? { complainantReplyReceivedAt: new Date(item.received_at) } : {}) },
        body,
        now,
      });
      if (!outcome.ok) {
        return { ok: false, reason: outcome.kind === "refused" ? outcome.refusal.reason : outcome.kind === "conflict" ? outcome.reason : "There is no case with that reference." };
      }
      if (outcome.messageId) {
        await saveInboundAttachments(trx, { caseId: c.id, messageId: outcome.messageId, attachments: await attachmentsOf(item.inbound_mail_id, trx), now });
      }
      await trx
        .updateTable("intake_items")
        .set({ status: "attached", case_id: c.id, decided_by: actor.userId, decided_at: now })
        .where("id", "=", id)
        .execute();
      await trx.updateTable("inbound_mails").set({ case_id: c.id, message_ref: outcome.messageId ?? null }).where("id", "=", item.inbound_mail_id).execute();
      // Seen by those who may read the message it became (ADR 060).
      const message = outcome.messageId ? await trx.selectFrom("messages").select(["audience", "client_id"]).where("id", "=", outcome.messageId).executeTakeFirst() : undefined;
      await recordEvents(
        trx,
        c.id,
        actor,
        [{ type: "intake_attached", payload: { intakeId: id, from: item.from_address, messageId: outcome.messageId ?? null, audience: message?.audience ?? audience, clientId: message?.client_id ?? null } }],
        now,
      );
      return { ok: true, reference: outcome.reference };
    });
}

export async function discardIntake(actor: Officer, id: string, reason: string, now: Date): Promise<IntakeDecision> {
  const text = reason.trim();
  if (!text) return { ok: false, field: "reason", reason: "Say why it is discarded." };
  return asActor(actor, async (trx): Promise<IntakeDecision> => {
    const updated = await trx
      .updateTable("intake_items")
      .set({ status: "discarded", discard_reason: text, decided_by: actor.userId, decided_at: now })
      .where("id", "=", id)
      .where("status", "=", "open")
      .returning("id")
      .executeTakeFirst();
    if (updated) return { ok: true, reference: null };
    const exists = await trx.selectFrom("intake_items").select("id").where("id", "=", id).executeTakeFirst();
    return exists ? ALREADY_DECIDED : { ok: false, reason: "There is no such e-mail in the intake queue." };
  });
}
