import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { SIGN_IN_REQUEST_TASK } from "~/auth/sign-in.server";
import { pruneThrottles } from "~/security/throttle.server";

const DAY_MS = 86_400_000;

/**
 * How long spent credentials and unconfirmed filings are kept after they stop being usable. A day
 * for sessions and links (a person asking "why was I signed out?" can still be answered from the
 * row); 30 days for a held filing nobody confirmed, so the officer can still see it was attempted,
 * after which a stranger's text about someone else is not kept any longer; as long for a complaint
 * from the public form that could not be opened (ADR 059), counted from when the job refused it.
 */
export const KEEP_AFTER_EXPIRY = { sessionsAndLinksDays: 1, unconfirmedFilingsDays: 30, notOpenedFilingsDays: 30 } as const;

export interface TidyUpCounts {
  throttleCounters: number;
  sessions: number;
  signInTokens: number;
  signInChallenges: number;
  heldFilings: number;
  notOpenedFilings: number;
  abandonedSignInRequests: number;
}

/** Deletes what can no longer be used by anybody (run daily by the worker, as the owner). */
export async function tidyUp(db: Kysely<Database>, now: Date): Promise<TidyUpCounts> {
  const linksBefore = new Date(now.getTime() - KEEP_AFTER_EXPIRY.sessionsAndLinksDays * DAY_MS);
  const filingsBefore = new Date(now.getTime() - KEEP_AFTER_EXPIRY.unconfirmedFilingsDays * DAY_MS);
  const notOpenedBefore = new Date(now.getTime() - KEEP_AFTER_EXPIRY.notOpenedFilingsDays * DAY_MS);
  const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return db.transaction().execute(async (trx) => ({
    throttleCounters: await pruneThrottles(trx, now),
    sessions: deleted(await trx.deleteFrom("sessions").where("expires_at", "<", linksBefore).executeTakeFirst()),
    signInTokens: deleted(await trx.deleteFrom("sign_in_tokens").where("expires_at", "<", linksBefore).executeTakeFirst()),
    signInChallenges: deleted(await trx.deleteFrom("sign_in_challenges").where("expires_at", "<", linksBefore).executeTakeFirst()),
    heldFilings: deleted(
      await trx.deleteFrom("held_filings").where("expires_at", "<", filingsBefore).where("confirmed_at", "is", null).executeTakeFirst(),
    ),
    notOpenedFilings: await clearNotOpenedFilings(trx, notOpenedBefore),
    abandonedSignInRequests: await dropAbandonedSignInRequests(trx, linksBefore),
  }));
}

/**
 * A submission of the public form the job could not open as a case (`not_opened`) keeps the
 * address, the text and the files; nothing else ever clears them. After the period its files go
 * and its address and text are cleared; the row (reference, dates, outcome) stays, like a handled one.
 */
async function clearNotOpenedFilings(trx: Kysely<Database>, before: Date): Promise<number> {
  const due = trx.selectFrom("public_filings").select("id").where("outcome", "=", "not_opened").where("processed_at", "<", before);
  await trx.deleteFrom("public_filing_files").where("filing_id", "in", due).where("held_filing_id", "is", null).execute();
  const cleared = await trx
    .updateTable("public_filings")
    .set({ email: null, input: null })
    .where("outcome", "=", "not_opened")
    .where("processed_at", "<", before)
    .where((eb) => eb.or([eb("email", "is not", null), eb("input", "is not", null)]))
    .executeTakeFirst();
  return Number(cleared.numUpdatedRows);
}

/**
 * A /signin request the job queue gave up on stays in its table with the address it asked for
 * (graphile-worker keeps jobs that used up their attempts). A link that late is of no use: after
 * the same day as a spent link, the job goes (ADR 038).
 */
async function dropAbandonedSignInRequests(trx: Kysely<Database>, before: Date): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select jobs.id::text as id
    from graphile_worker._private_jobs as jobs
    join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
    where tasks.identifier = ${SIGN_IN_REQUEST_TASK} and jobs.attempts >= jobs.max_attempts
      and jobs.locked_at is null and jobs.updated_at < ${before}
  `.execute(trx);
  // What WorkerUtils.completeJobs() runs, on our own connection.
  if (rows.length) await sql`select graphile_worker.complete_jobs(${rows.map((r) => r.id)}::bigint[])`.execute(trx);
  return rows.length;
}
