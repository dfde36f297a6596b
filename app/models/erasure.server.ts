import { sql, type Kysely } from "kysely";
import { planErasure, type ErasureCaseFacts, type ErasurePlan, type Status } from "~/domain";
import type { Database } from "~/db/schema";

// A request to erase the complainant's account (ADR 051; the rule is app/domain/erasure.ts). Here:
// what carrying it out would do, read from the complainant's cases, and the job that does it.
// The anonymisation itself is the retention sweep's (carryOutErasure in retention.server.ts).

/** The background task that anonymises once the closing mail has gone (app/jobs/tasks/erasure.server.ts). */
export const ERASURE_TASK = "carry_out_erasure";
/** Only errors of our own database use these; waiting for the mail re-queues the job instead. */
export const ERASURE_MAX_ATTEMPTS = 25;
export const erasureJobKey = (caseId: string) => `erasure:${caseId}`;

export type ErasureCaseRow = ErasureCaseFacts & { id: string };

/** Every case of the complainant, oldest first, with what the erasure's rule reads. */
export async function erasureFactsOf(q: Kysely<Database>, complainantId: string): Promise<ErasureCaseRow[]> {
  const rows = await q
    .selectFrom("cases")
    .select(["id", "reference", "status", "legal_hold", "anonymised_at"])
    .where("complainant_id", "=", complainantId)
    .orderBy("opened_at")
    .orderBy("reference")
    .execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status as Status, legalHold: r.legal_hold != null, anonymised: r.anonymised_at != null }));
}

/** What carrying out the request `reference` of `complainantId` would do now (the officer reads the complainant's every case). */
export async function erasurePlanOf(q: Kysely<Database>, complainantId: string, reference: string): Promise<ErasurePlan> {
  return planErasure(await erasureFactsOf(q, complainantId), reference);
}

/**
 * Queues the anonymisation in the transaction that grants the request: the job runs on the
 * worker, as the tables' owner (re-sealing a case's events is the owner's, ADR 026). Its key keeps
 * one job per request however often it is queued.
 */
export async function queueErasureJob(trx: Kysely<Database>, caseId: string, runAt: Date | null = null): Promise<void> {
  const payload = JSON.stringify({ caseId });
  await sql`select recourse_add_job(${ERASURE_TASK}, ${payload}::json, ${runAt}::timestamptz, ${ERASURE_MAX_ATTEMPTS}::int, ${erasureJobKey(caseId)})`.execute(trx);
}
