import { sql, type Kysely } from "kysely";
import type { Actor } from "~/domain";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { asActor, asSystem } from "./scope.server";
import { queueDeliveryJob } from "~/jobs/enqueue.server";

/** The mail queue in figures, for /healthz: no addresses, no references. */
export interface MailQueueHealth {
  queued: number;
  failed: number;
  /** Age in whole seconds of the oldest mail not yet sent (0 when none waits). */
  oldestQueuedSeconds: number;
}

export async function mailQueueHealth(): Promise<MailQueueHealth> {
  const row = await asSystem("health check", (trx) => trx
    .selectFrom("mail_deliveries")
    .select([
      sql<number>`count(*) filter (where status = 'queued')::int`.as("queued"),
      sql<number>`count(*) filter (where status = 'failed')::int`.as("failed"),
      sql<number>`coalesce(floor(extract(epoch from now() - min(queued_at) filter (where status = 'queued'))), 0)::int`.as("oldest"),
    ])
    // Served by the (status, queued_at) index: sent mail, the bulk of the table, is not read.
    .where("status", "in", ["queued", "failed"])
    .executeTakeFirstOrThrow());
  return { queued: row.queued, failed: row.failed, oldestQueuedSeconds: Math.max(0, row.oldest) };
}

export interface DeliveryProblem {
  id: string;
  status: "queued" | "failed";
  reference: string | null;
  template: string;
  recipient: string;
  attempts: number;
  lastError: string | null;
  queuedAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  failedAt: Date | null;
}

const PROBLEM_LIMIT = 200;

/**
 * Mail the Security Officer should know about: every delivery kept as failed, and mail still being
 * retried after an error. Officer only (the route checks; recipients are other people's addresses).
 */
export async function listDeliveryProblems(
  actor: Extract<Actor, { role: "officer" }>,
): Promise<{ failed: DeliveryProblem[]; retrying: DeliveryProblem[]; bounced: BouncedDelivery[] }> {
  const rows = await asActor(actor, (trx) => trx
    .selectFrom("mail_deliveries")
    .leftJoin("cases", "cases.id", "mail_deliveries.case_id")
    .select([
      "mail_deliveries.id",
      "mail_deliveries.status",
      "cases.reference",
      "mail_deliveries.template",
      "mail_deliveries.recipient",
      "mail_deliveries.attempts",
      "mail_deliveries.last_error",
      "mail_deliveries.queued_at",
      "mail_deliveries.last_attempt_at",
      "mail_deliveries.next_attempt_at",
      "mail_deliveries.failed_at",
    ])
    .where((eb) => eb.or([eb("mail_deliveries.status", "=", "failed"), eb.and([eb("mail_deliveries.status", "=", "queued"), eb("mail_deliveries.last_error", "is not", null)])]))
    .orderBy("mail_deliveries.queued_at", "desc")
    .limit(PROBLEM_LIMIT)
    .execute());
  const problems: DeliveryProblem[] = rows.map((r) => ({
    id: r.id,
    status: r.status as "queued" | "failed",
    reference: r.reference,
    template: r.template,
    recipient: r.recipient,
    attempts: r.attempts,
    lastError: r.last_error,
    queuedAt: new Date(r.queued_at),
    lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at) : null,
    nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
    failedAt: r.failed_at ? new Date(r.failed_at) : null,
  }));
  const bounced = await listBounces(actor);
  return { failed: problems.filter((p) => p.status === "failed"), retrying: problems.filter((p) => p.status === "queued"), bounced };
}

export interface BouncedDelivery {
  id: string;
  reference: string | null;
  template: string;
  recipient: string;
  sentAt: Date | null;
  bouncedAt: Date;
  detail: string | null;
}

/**
 * Mail that was handed over and came back as undeliverable (a bounce, ADR 015), newest first: the
 * sender's mail system took it, so it is "sent", yet the recipient never got it.
 */
async function listBounces(actor: Extract<Actor, { role: "officer" }>): Promise<BouncedDelivery[]> {
  const rows = await asActor(actor, (trx) => trx
    .selectFrom("mail_deliveries")
    .leftJoin("cases", "cases.id", "mail_deliveries.case_id")
    .select(["mail_deliveries.id", "cases.reference", "mail_deliveries.template", "mail_deliveries.recipient", "mail_deliveries.sent_at", "mail_deliveries.bounced_at", "mail_deliveries.bounce_detail"])
    .where("mail_deliveries.bounced_at", "is not", null)
    .orderBy("mail_deliveries.bounced_at", "desc")
    .limit(PROBLEM_LIMIT)
    .execute());
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    template: r.template,
    recipient: r.recipient,
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
    bouncedAt: new Date(r.bounced_at!),
    detail: r.bounce_detail,
  }));
}

export type ResendOutcome = { ok: true; reference: string | null } | { ok: false; reason: string };

/**
 * The officer sends a failed mail again: the same delivery (same Message-ID) is queued once more with
 * a fresh retry window, and, when it is about a case, the case's audit trail records who did it.
 * A mail that is no longer failed (sent meanwhile, or already queued again by a second click) is left alone.
 */
export async function resendDelivery(actor: Extract<Actor, { role: "officer" }>, deliveryId: string, now: Date): Promise<ResendOutcome> {
  return asActor(
    actor,
    async (trx) => {
      const delivery = await trx
        .updateTable("mail_deliveries")
        // queued_at starts a fresh retry window; files_at keeps the moment whose files the mail carries.
        .set({ status: "queued", queued_at: now, files_at: sql`coalesce(files_at, queued_at)`, failed_at: null, next_attempt_at: null, sending_since: null, updated_at: now })
        .where("id", "=", deliveryId)
        .where("status", "=", "failed")
        .returning(["id", "case_id", "template", "recipient"])
        .executeTakeFirst();
      if (!delivery) {
        const exists = await trx.selectFrom("mail_deliveries").select("status").where("id", "=", deliveryId).executeTakeFirst();
        return { ok: false as const, reason: exists ? "This mail is no longer failed: it was sent or queued again meanwhile." : "There is no such mail." };
      }
      await queueDeliveryJob(trx, delivery.id);
      let reference: string | null = null;
      if (delivery.case_id) {
        const kase = await trx.selectFrom("cases").select("reference").where("id", "=", delivery.case_id).executeTakeFirstOrThrow();
        reference = kase.reference;
        await trx
          .insertInto("case_events")
          .values({
            case_id: delivery.case_id,
            type: "mail_resent",
            actor_id: actor.userId,
            actor_role: actor.role,
            // No address in the audit trail: liaisons read it too. The delivery row holds the recipient.
            payload: JSON.stringify({ deliveryId: delivery.id, template: delivery.template }),
            created_at: now,
          })
          .execute();
      }
      return { ok: true as const, reference };
    });
}

export interface CaseDelivery {
  recipient: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
  /** A delivery report (bounce) came back for it: the address does not take our mail. */
  bouncedAt: Date | null;
  bounceDetail: string | null;
}

/** One notification about a case: a template queued at one moment, to one or more recipients. */
export interface CaseMailing {
  template: string;
  queuedAt: Date;
  deliveries: CaseDelivery[];
}

/**
 * The latest mailings about one case with each recipient's delivery state, newest first (the
 * officer's timeline): at most `limit` mailings, queued before `until` when given. One command
 * mails every officer and liaison at once; grouped, they are one line, not one per person.
 */
export async function listCaseMailings(caseId: string, page: { until: Date | null; limit: number }, on: Kysely<Database> = db()): Promise<CaseMailing[]> {
  let query = on
    .selectFrom("mail_deliveries")
    .select([
      "template",
      "queued_at",
      sql<{ recipient: string; status: CaseDelivery["status"]; attempts: number; sent_at: string | null; last_error: string | null; bounced_at: string | null; bounce_detail: string | null }[]>`json_agg(json_build_object(
        'recipient', recipient, 'status', status, 'attempts', attempts, 'sent_at', sent_at, 'last_error', last_error,
        'bounced_at', bounced_at, 'bounce_detail', bounce_detail
      ) order by recipient)`.as("deliveries"),
    ])
    .where("case_id", "=", caseId);
  if (page.until) query = query.where("queued_at", "<", page.until);
  const rows = await query.groupBy(["queued_at", "template"]).orderBy("queued_at", "desc").orderBy("template", "desc").limit(page.limit).execute();
  return rows.map((r) => ({
    template: r.template,
    queuedAt: new Date(r.queued_at),
    deliveries: r.deliveries.map((d) => ({
      recipient: d.recipient,
      status: d.status,
      attempts: d.attempts,
      sentAt: d.sent_at ? new Date(d.sent_at) : null,
      lastError: d.last_error,
      bouncedAt: d.bounced_at ? new Date(d.bounced_at) : null,
      bounceDetail: d.bounce_detail,
    })),
  }));
}
