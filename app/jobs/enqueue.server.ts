import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { TemplateInput, TemplateName } from "../../emails";
import { parseMailJob, SEND_MAIL_MAX_ATTEMPTS, SEND_MAIL_TASK } from "./mail-job";

export type { MailJob } from "./mail-job";

/**
 * Queue one e-mail as a `send_mail` job, INSIDE the caller's transaction: the job row is
 * written by `graphile_worker.add_job()` on the same connection, so it commits or rolls back
 * with the change that caused it (a rolled-back change sends no mail; a committed one cannot
 * lose its mail). Pass the transaction (`db().transaction().execute(async (trx) => ...)`).
 *
 * The payload is validated here (template name, address, the template's zod schema), so a bad
 * payload fails the caller's transaction instead of failing eight times in the worker.
 * The worker retries a failed send up to 8 attempts with graphile-worker's exponential backoff.
 */
export async function enqueueMail<N extends TemplateName>(
  trx: Kysely<Database>,
  mail: { template: N; to: string; data: TemplateInput<N> },
): Promise<{ jobId: string }> {
  const parsed = parseMailJob(mail);
  // Store what was validated: unknown keys are dropped by the schemas, dates become ISO strings.
  const payload = JSON.stringify({ template: parsed.template, to: parsed.to, data: parsed.data });
  const result = await sql<{ id: string }>`
    select (graphile_worker.add_job(
      ${SEND_MAIL_TASK},
      ${payload}::json,
      max_attempts => ${SEND_MAIL_MAX_ATTEMPTS}::int
    )).id::text as id
  `.execute(trx);
  const id = result.rows[0]?.id;
  if (!id) throw new Error("graphile_worker.add_job returned no job");
  return { jobId: id };
}
