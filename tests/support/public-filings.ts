// The background half of the public complaint form (ADR 032), run by a test as the worker would.
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server";
import { PUBLIC_FILING_TASK, processPublicFiling, type FilingResult } from "../../app/models/public-filing.server";

/** The queued `public_filing` jobs, oldest first: their ids and the submissions they name. */
export async function queuedFilingJobs(): Promise<{ jobId: string; filingId: string; attempts: number }[]> {
  const { rows } = await sql<{ job_id: string; filing_id: string; attempts: number }>`
    select j.id::text as job_id, j.payload->>'filingId' as filing_id, j.attempts
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = ${PUBLIC_FILING_TASK} order by j.id
  `.execute(db());
  return rows.map((r) => ({ jobId: r.job_id, filingId: r.filing_id, attempts: r.attempts }));
}

/**
 * Runs every queued filing job (as the worker does, as the tables' owner) and removes it from the
 * queue, so no later test file's worker meets it. Returns what each one did, by reference.
 */
export async function runFilingJobs(now = new Date()): Promise<Record<string, FilingResult>> {
  const results: Record<string, FilingResult> = {};
  for (const job of await queuedFilingJobs()) {
    const result = await processPublicFiling(job.filingId, now, db());
    const filing = await db().selectFrom("public_filings").select("reference").where("id", "=", job.filingId).executeTakeFirst();
    results[filing?.reference ?? job.filingId] = result;
    await sql`delete from graphile_worker._private_jobs where id = ${job.jobId}::bigint`.execute(db());
  }
  return results;
}
