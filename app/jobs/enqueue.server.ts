import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { TemplateInput, TemplateName } from "../../emails";
import { appUrl, operator } from "../config/operator.server";
import { isTimeZone } from "../domain/calendar";
import { mailInvitesReplies } from "../domain/inbound-mail";
import { inboundMailConfig } from "../mail/inbound-config";
import { messageIdDomain, newMessageId } from "../mail/message-id";
import { replyAddress, replyTokenFor } from "../mail/reply-tokens.server";
import { deliveryJobKey, parseMailJob, SEND_MAIL_MAX_ATTEMPTS, SEND_MAIL_TASK } from "./mail-job";

import type { MailJob } from "./mail-job";

export type { MailJob } from "./mail-job";

/** A notification, optionally with the recipient's user id (for the reply token; found by address when left out). */
export type QueuedMail = MailJob & { userId?: string | undefined };

/**
 * Queue one e-mail, INSIDE the caller's transaction: a `mail_deliveries` row (with the Message-ID
 * every attempt will use) and a `send_mail` job that names it, written by
 * `graphile_worker.add_job()` on the same connection (through recourse_add_jobs/recourse_add_job,
 * which run as the tables' owner: graphile-worker's tables refuse the app role, ADR 018). Both commit or roll back with the change that
 * caused them (a rolled-back change sends no mail; a committed one cannot lose its mail).
 * Pass the transaction (`db().transaction().execute(async (trx) => ...)`).
 *
 * The data is validated here (template name, address, the template's zod schema), so bad data fails
 * the caller's transaction instead of failing in the worker. Unknown keys are dropped.
 */
export async function enqueueMail<N extends TemplateName>(
  trx: Kysely<Database>,
  mail: { template: N; to: string; data: TemplateInput<N>; userId?: string | undefined },
): Promise<{ jobId: string; deliveryId: string; messageId: string }> {
  const [queued] = await enqueueMails(trx, [mail as QueuedMail]);
  if (!queued) throw new Error("enqueueMails returned no delivery");
  return queued;
}

/**
 * Queue several e-mails at once, with the same guarantees as enqueueMail: one insert for their
 * deliveries and one `graphile_worker.add_jobs()` for their jobs, whatever their number (a filing
 * mails the complainant, every officer and the client's liaisons).
 */
export async function enqueueMails(trx: Kysely<Database>, mails: QueuedMail[]): Promise<{ jobId: string; deliveryId: string; messageId: string }[]> {
  if (mails.length === 0) return [];
  const domain = messageIdDomain(operator.mailFrom, appUrl());
  // Every date in a mail is written in the operator's zone as it is now, when the mail is caused;
  // templates without dates drop the key. A caller that names a zone keeps it.
  const zone = await operatorZone(trx);
  const parsed = mails.map((mail) => ({ ...parseMailJob({ ...mail, data: { zone, ...(mail.data as object) } }), userId: mail.userId }));
  await writeInCaseLanguage(trx, mails, parsed);
  const rows = await withThreading(trx, parsed.map((p) => ({ ...p, data: p.data as Record<string, unknown>, messageId: newMessageId(domain) })));
  const deliveries = await trx.insertInto("mail_deliveries").values(rows).returning(["id", "message_id"]).execute();
  const specs = deliveries.map((d) => ({
    identifier: SEND_MAIL_TASK,
    payload: { deliveryId: d.id },
    max_attempts: SEND_MAIL_MAX_ATTEMPTS,
    job_key: deliveryJobKey(d.id),
  }));
  const jobs = await sql<{ id: string; key: string }>`
    select id::text as id, key from recourse_add_jobs(${JSON.stringify(specs)}::json)
  `.execute(trx);
  const jobByKey = new Map(jobs.rows.map((j) => [j.key, j.id]));
  return deliveries.map((d) => {
    const jobId = jobByKey.get(deliveryJobKey(d.id));
    if (!jobId) throw new Error("graphile_worker.add_jobs returned no job for a delivery");
    return { jobId, deliveryId: d.id, messageId: d.message_id };
  });
}

/**
 * Mail to the complainant about a case goes in the case's language (cases.language, ADR 033):
 * the language they filed in, or last chose on the case page. A caller that names a locale keeps
 * it; staff mail stays English.
 */
async function writeInCaseLanguage(trx: Kysely<Database>, given: QueuedMail[], parsed: { data: unknown }[]): Promise<void> {
  const referenceOf = parsed.map((p, i) => {
    const data = p.data as Record<string, unknown>;
    const named = (given[i]?.data as Record<string, unknown> | undefined)?.locale;
    return data.audience === "complainant" && typeof data.reference === "string" && named === undefined ? data.reference : null;
  });
  const references = [...new Set(referenceOf.filter((r): r is string => r !== null))];
  if (references.length === 0) return;
  const cases = await trx.selectFrom("cases").select(["reference", "language"]).where("reference", "in", references).execute();
  const languageOf = new Map(cases.map((c) => [c.reference, c.language]));
  parsed.forEach((p, i) => {
    const language = languageOf.get(referenceOf[i] ?? "");
    if (language) (p.data as Record<string, unknown>).locale = language;
  });
}

/** The zone of the clock settings (ADR 011), read in the caller's transaction; New York when unset. */
async function operatorZone(trx: Kysely<Database>): Promise<string> {
  const row = await trx.selectFrom("clock_settings").select("zone").where("id", "=", 1).executeTakeFirst();
  return row && isTimeZone(row.zone) ? row.zone : "America/New_York";
}

interface Threadable {
  template: string;
  to: string;
  data: Record<string, unknown>;
  userId: string | undefined;
  messageId: string;
}

/**
 * The delivery rows of a batch, with their threading fixed now (like the Message-ID, the same on every
 * attempt). Mail clients thread one case per recipient: In-Reply-To names the previous mail of that
 * case to that recipient, References the first and the previous one. Reply-To is the recipient's
 * per-case address, and the template is told (replyByMail) that it may say "reply to this e-mail",
 * only when inbound mail is configured and the case has not ended (ADR 066); otherwise no mail
 * promises a reply channel.
 */
async function withThreading(trx: Kysely<Database>, mails: Threadable[]) {
  const references = [...new Set(mails.map((m) => m.data.reference).filter((r): r is string => typeof r === "string"))];
  const cases = references.length
    ? await trx.selectFrom("cases").select(["id", "reference", "status"]).where("reference", "in", references).execute()
    : [];
  const caseIdOf = new Map(cases.map((c) => [c.reference, c.id]));
  const statusOf = new Map(cases.map((c) => [c.id, c.status]));
  const caseIds = cases.map((c) => c.id);
  const recipients = [...new Set(mails.map((m) => m.to.toLowerCase()))];

  // The thread so far of each (case, recipient): its first and its latest Message-ID.
  const threadKey = (caseId: string, recipient: string) => `${caseId} ${recipient.toLowerCase()}`;
  const threads = new Map<string, { first: string; last: string }>();
  if (caseIds.length) {
    const earlier = await sql<{ case_id: string; recipient: string; first: string; last: string }>`
      select case_id, lower(recipient) as recipient,
             (array_agg(message_id order by queued_at, id))[1] as first,
             (array_agg(message_id order by queued_at desc, id desc))[1] as last
      from mail_deliveries
      where case_id = any(${caseIds}::uuid[]) and lower(recipient) = any(${recipients}::text[])
      group by case_id, lower(recipient)
    `.execute(trx);
    for (const t of earlier.rows) threads.set(threadKey(t.case_id, t.recipient), { first: t.first, last: t.last });
  }

  const inbound = inboundMailConfig();
  const users = new Map<string, string>();
  const staff = new Set<string>();
  if (inbound && caseIds.length) {
    const found = await trx.selectFrom("users").select(["id", "email", "role"]).where("email", "in", recipients).execute();
    for (const u of found) {
      users.set(u.email.toLowerCase(), u.id);
      if (u.role !== "complainant") staff.add(u.id);
    }
  }

  const rows = [];
  for (const mail of mails) {
    const caseId = typeof mail.data.reference === "string" ? (caseIdOf.get(mail.data.reference) ?? null) : null;
    let inReplyTo: string | null = null;
    let refs: string | null = null;
    let replyTo: string | null = null;
    const data = { ...mail.data };
    if (caseId) {
      const key = threadKey(caseId, mail.to);
      const thread = threads.get(key);
      if (thread) {
        inReplyTo = thread.last;
        refs = [...new Set([thread.first, thread.last])].join(" ");
      }
      threads.set(key, { first: thread?.first ?? mail.messageId, last: mail.messageId });
      const userId = mail.userId ?? users.get(mail.to.toLowerCase());
      if (inbound && userId && mailInvitesReplies(mail.template, statusOf.get(caseId) ?? null)) replyTo = replyAddress(await replyTokenFor(trx, caseId, userId), inbound.replyDomain);
      // Case templates carry replyByMail (caseMailFields); the address decides it, not the caller.
      // Staff reply to staff only; their mail also names a second address that reaches everyone.
      if ("replyByMail" in data) {
        data.replyByMail =
          replyTo !== null && userId && staff.has(userId)
            ? { everyone: replyAddress(await replyTokenFor(trx, caseId, userId, true), inbound!.replyDomain)! }
            : replyTo !== null;
      }
    }
    rows.push({
      message_id: mail.messageId,
      case_id: caseId,
      template: mail.template,
      recipient: mail.to,
      data: JSON.stringify(data),
      status: "queued" as const,
      in_reply_to: inReplyTo,
      references: refs,
      reply_to: replyTo,
    });
  }
  return rows;
}

/** Adds (or moves) the one `send_mail` job of a delivery; `runAt` defaults to now. */
export async function queueDeliveryJob(trx: Kysely<Database>, deliveryId: string, runAt?: Date): Promise<{ jobId: string }> {
  const payload = JSON.stringify({ deliveryId });
  const result = await sql<{ id: string }>`
    select recourse_add_job(${SEND_MAIL_TASK}, ${payload}::json, ${runAt ?? null}::timestamptz, ${SEND_MAIL_MAX_ATTEMPTS}::int, ${deliveryJobKey(deliveryId)})::text as id
  `.execute(trx);
  const id = result.rows[0]?.id;
  if (!id) throw new Error("graphile_worker.add_job returned no job");
  return { jobId: id };
}
