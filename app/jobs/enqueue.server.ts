import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { TemplateInput, TemplateName } from "../../emails";
import { appUrl, operator } from "../config/operator.server";
import { messageIdDomain, newMessageId } from "../mail/message-id";
import { deliveryJobKey, parseMailJob, SEND_MAIL_MAX_ATTEMPTS, SEND_MAIL_TASK } from "./mail-job";

import type { MailJob } from "./mail-job";

export type { MailJob } from "./mail-job";

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
  mail: { template: N; to: string; data: TemplateInput<N> },
): Promise<{ jobId: string; deliveryId: string; messageId: string }> {
  const [queued] = await enqueueMails(trx, [mail as MailJob]);
  if (!queued) throw new Error("enqueueMails returned no delivery");
  return queued;
}

/**
 * Queue several e-mails at once, with the same guarantees as enqueueMail: one insert for their
 * deliveries and one `graphile_worker.add_jobs()` for their jobs, whatever their number (a filing
 * mails the complainant, every officer and the client's liaisons).
 */
export async function enqueueMails(trx: Kysely<Database>, mails: MailJob[]): Promise<{ jobId: string; deliveryId: string; messageId: string }[]> {
  if (mails.length === 0) return [];
  const domain = messageIdDomain(operator.mailFrom, appUrl());
  const rows = mails.map((mail) => {
    const parsed = parseMailJob(mail);
    const data = parsed.data as Record<string, unknown>;
    const reference = typeof data.reference === "string" ? data.reference : null;
    return {
      message_id: newMessageId(domain),
      // The case the mail is about, found by its reference in the same transaction (sign-in links have none).
      case_id: reference ? sql<string | null>`(select id from cases where reference = ${reference})` : null,
      template: parsed.template,
      recipient: parsed.to,
      data: JSON.stringify(data),
      status: "queued" as const,
    };
  });
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
