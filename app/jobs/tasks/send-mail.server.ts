import type { Task } from "graphile-worker";
import { sql, type Kysely } from "kysely";
import type { Database, MailDeliveryRow } from "../../db/schema";
import { renderEmail, type TemplateInput } from "../../../emails";
import { sendMail, type SentMail } from "../../mail/transport.server";
import { attachmentsForDelivery } from "../../mail/attachments.server";
import { deliveryJobKey, parseMailJob, sendMailPayloadSchema } from "../mail-job";
import { nextAttemptAt, type MailRetryPolicy } from "../mail-retry";
import { queueDeliveryJob } from "../enqueue.server";

export interface SendMailDeps {
  db: Kysely<Database>;
  retry: MailRetryPolicy;
  /** One attempt (render, connect, send) may take this long; then it counts as failed. */
  sendTimeoutMs: number;
  /** A delivery marked as being sent longer ago than this belongs to a worker that died. */
  staleLockMs: number;
}

/** Thrown when another job is sending the same mail right now; graphile-worker tries again later. */
export class DeliveryBusyError extends Error {}

const ERROR_LIMIT = 500;

/** The error to keep on the delivery: the SMTP server's or the network's words, shortened. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, ERROR_LIMIT) || "unknown error";
}

/** The send took longer than the send timeout; it goes on, and the server may still accept it. */
class SendTimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(`no answer from the mail server within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Claims a queued delivery for one attempt: counts it and marks it as being sent. Returns null when
 * there is nothing to send (already sent, given up, or gone). Throws DeliveryBusyError when another
 * worker is sending it right now (its mark is younger than the stale-lock limit).
 */
async function claim(deps: SendMailDeps, deliveryId: string): Promise<MailDeliveryRow | null> {
  const staleSeconds = deps.staleLockMs / 1000;
  const claimed = await deps.db
    .updateTable("mail_deliveries")
    .set({ attempts: sql`attempts + 1`, last_attempt_at: sql`now()`, sending_since: sql`now()`, updated_at: sql`now()` })
    .where("id", "=", deliveryId)
    .where("status", "=", "queued")
    .where((eb) => eb.or([eb("sending_since", "is", null), eb("sending_since", "<", sql<Date>`now() - make_interval(secs => ${staleSeconds})`)]))
    .returningAll()
    .executeTakeFirst();
  if (claimed) return claimed;
  const current = await deps.db.selectFrom("mail_deliveries").select("status").where("id", "=", deliveryId).executeTakeFirst();
  if (current?.status === "queued") throw new DeliveryBusyError(`delivery ${deliveryId} is being sent by another worker`);
  return null;
}

/**
 * Records that the server accepted the mail. This is what keeps a retried job from sending it
 * again, so a short database hiccup here is waited out rather than turned into a second send.
 * A next attempt already scheduled for this delivery (an attempt timed out, or its worker died, and
 * another attempt got the mail through) is removed: nothing is left to send it again.
 */
async function recordSent(deps: SendMailDeps, deliveryId: string, sent: SentMail): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.db
        .updateTable("mail_deliveries")
        .set({
          status: "sent",
          sent_at: sql`now()`,
          smtp_response: sent.response?.slice(0, ERROR_LIMIT) ?? null,
          // The data may hold a sign-in link; a sent mail needs it no more.
          data: "{}",
          sending_since: null,
          next_attempt_at: null,
          last_error: null,
          updated_at: sql`now()`,
        })
        .where("id", "=", deliveryId)
        .execute();
      // graphile-worker's own way: deletes the job if it waits, or stops it from retrying if it runs.
      await sql`select graphile_worker.remove_job(${deliveryJobKey(deliveryId)})`.execute(deps.db);
      return;
    } catch (error) {
      if (Date.now() - started > deps.sendTimeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 1_000)));
    }
  }
}

/**
 * Records a failed attempt: schedules the next one (same delivery, same Message-ID), or keeps the mail as failed.
 * `stillSending`: the attempt timed out but its SMTP conversation goes on (a slow server may yet answer
 * 250 to the data it already has), so the delivery stays marked as being sent: the next attempt waits
 * (DeliveryBusyError) until this one ends (settleLateSend) or its mark is stale, instead of sending a
 * second copy while the first may still be accepted.
 */
async function recordFailure(deps: SendMailDeps, delivery: MailDeliveryRow, error: unknown, stillSending = false): Promise<void> {
  const now = new Date();
  const next = nextAttemptAt({ queuedAt: new Date(delivery.queued_at), failedAttempts: delivery.attempts }, now, deps.retry);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("mail_deliveries")
      .set({
        status: next ? "queued" : "failed",
        last_error: describeError(error),
        ...(stillSending ? {} : { sending_since: null }),
        next_attempt_at: next,
        failed_at: next ? null : now,
        updated_at: sql`now()`,
      })
      .where("id", "=", delivery.id)
      .execute();
    // The job running now completes; this one (same key, so never two waiting) makes the next attempt.
    if (next) await queueDeliveryJob(trx, delivery.id, next);
  });
  // The error itself stays in the database: an SMTP reply may quote the recipient's address.
  console.error(
    `[mail] delivery ${delivery.id}: attempt ${delivery.attempts} failed; ` +
      (next ? `next attempt at ${next.toISOString()}` : "retry window over, kept as failed for the Security Officer"),
  );
}

/**
 * The end of an attempt that outlived the send timeout. Accepted: the delivery is sent (whatever was
 * recorded meanwhile; that is what happened). Refused or broken: its mark is lifted so the scheduled
 * attempt may go, unless a later attempt has claimed the delivery since (the attempt count names this one).
 */
async function settleLateSend(deps: SendMailDeps, delivery: MailDeliveryRow, sending: Promise<SentMail>, failureRecorded: Promise<void>): Promise<void> {
  // After the timeout's record, never before it: that record would overwrite "sent".
  await failureRecorded.catch(() => {});
  try {
    let sent: SentMail;
    try {
      sent = await sending;
    } catch (error) {
      await deps.db
        .updateTable("mail_deliveries")
        .set({ sending_since: null, last_error: describeError(error), updated_at: sql`now()` })
        .where("id", "=", delivery.id)
        .where("attempts", "=", delivery.attempts)
        .where("status", "!=", "sent")
        .execute();
      return;
    }
    await recordSent(deps, delivery.id, sent);
  } catch (error) {
    // The database is away (or the worker stopping): the mark goes stale and the next attempt sends again, same Message-ID.
    console.error(`[mail] delivery ${delivery.id}: could not record the end of attempt ${delivery.attempts}: ${describeError(error)}`);
  }
}

/**
 * `send_mail`: send the delivery the job names, once.
 * - A delivery that is already sent (or failed) is left alone: a retried or duplicated job does nothing.
 * - The Message-ID is the delivery's, the same on every attempt, so a receiver can drop a repeat.
 * - An SMTP or rendering failure is recorded on the delivery with the next attempt (capped backoff,
 *   see mail-retry.ts), and the job completes; after the retry window the delivery stays `failed`.
 * - Only a failure of our own database makes the job throw, for graphile-worker to retry.
 */
export function makeSendMailTask(deps: SendMailDeps): Task {
  return async (payload) => {
    const { deliveryId } = sendMailPayloadSchema.parse(payload);
    const delivery = await claim(deps, deliveryId);
    if (!delivery) return;

    let sent: SentMail;
    let sending: Promise<SentMail> | undefined;
    try {
      const mail = parseMailJob({ template: delivery.template, to: delivery.recipient, data: delivery.data });
      const rendered = renderEmail(mail.template, mail.data as TemplateInput<typeof mail.template>);
      sending = sendMail({
        to: mail.to,
        ...rendered,
        messageId: delivery.message_id,
        // Threading and Reply-To were fixed at enqueue (enqueue.server.ts), the same on every attempt.
        inReplyTo: delivery.in_reply_to ?? undefined,
        references: delivery.references ?? undefined,
        replyTo: delivery.reply_to ?? undefined,
        headers: { "X-Recourse-Template": mail.template },
        ...(await attachmentsForDelivery(deps.db, delivery, rendered)),
      });
      sent = await withTimeout(sending, deps.sendTimeoutMs);
    } catch (error) {
      const stillSending = error instanceof SendTimeoutError ? sending : undefined;
      const recorded = recordFailure(deps, delivery, error, stillSending !== undefined);
      if (stillSending) void settleLateSend(deps, delivery, stillSending, recorded);
      await recorded;
      return;
    }
    await recordSent(deps, delivery.id, sent);
  };
}
