import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { TemplateInput, TemplateName } from "../../emails";
import { appUrl, operator } from "../config/operator.server";
import { messageIdDomain, newMessageId } from "../mail/message-id";
import { deliveryJobKey, parseMailJob, SEND_MAIL_MAX_ATTEMPTS, SEND_MAIL_TASK } from "./mail-job";

export type { MailJob } from "./mail-job";

/**
 * Queue one e-mail, INSIDE the caller's transaction: a `mail_deliveries` row (with the Message-ID
 * every attempt will use) and a `send_mail` job that names it, written by
 * `graphile_worker.add_job()` on the same connection. Both commit or roll back with the change that
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
  const parsed = parseMailJob(mail);
  const data = parsed.data as Record<string, unknown>;
  const reference = typeof data.reference === "string" ? data.reference : null;
  const messageId = newMessageId(messageIdDomain(operator.mailFrom, appUrl()));
  const delivery = await trx
    .insertInto("mail_deliveries")
    .values({
      message_id: messageId,
      // The case the mail is about, found by its reference in the same transaction (sign-in links have none).
      case_id: reference ? sql<string | null>`(select id from cases where reference = ${reference})` : null,
      template: parsed.template,
      recipient: parsed.to,
      data: JSON.stringify(data),
      status: "queued",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { jobId } = await queueDeliveryJob(trx, delivery.id);
  return { jobId, deliveryId: delivery.id, messageId };
}

/** Adds (or moves) the one `send_mail` job of a delivery; `runAt` defaults to now. */
export async function queueDeliveryJob(trx: Kysely<Database>, deliveryId: string, runAt?: Date): Promise<{ jobId: string }> {
  const payload = JSON.stringify({ deliveryId });
  const result = await sql<{ id: string }>`
    select (graphile_worker.add_job(
      ${SEND_MAIL_TASK},
      ${payload}::json,
      run_at => ${runAt ?? null}::timestamptz,
      max_attempts => ${SEND_MAIL_MAX_ATTEMPTS}::int,
      job_key => ${deliveryJobKey(deliveryId)}
    )).id::text as id
  `.execute(trx);
  const id = result.rows[0]?.id;
  if (!id) throw new Error("graphile_worker.add_job returned no job");
  return { jobId: id };
}
