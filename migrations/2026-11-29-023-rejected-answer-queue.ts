import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The officer's "answer rejected" view (open cases whose answer the complainant rejected, in
// deadline order) walked cases_open_due and skipped every open case without a rejected answer:
// a few hundred rows for a page at 100,000 cases, more where rejected answers are rare. A partial
// index of exactly those cases gives the page from its first rows (queue-plans.test.ts bounds it).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cases_rejected_due on cases (due_key, id)
    where answer_rejected and status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index cases_rejected_due`.execute(db);
}
