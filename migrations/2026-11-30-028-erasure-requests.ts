import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Carrying out a request to erase the complainant's account (ADR 051).
// - cases.erasure_request marks the case a complainant opened from /my/export ("erase my
//   account"), so the officer can carry it out and the page can find the one still open. The
//   requests made before this migration are found by the text the page filed them with.
// - A partial index finds a complainant's open request (at most one is allowed, checked under a
//   lock of their user row when a new one is filed).
// - The event that ends a granted request, 'erasure_granted', counts as an ending like
//   'answer_accepted': the report facts' triggers (migration 018) learn it, in their own
//   definitions (replaced by text, so the rest of each function stays as 018 wrote it).

const ERASURE_DESCRIPTION =
  "I ask you to erase my account and to remove or anonymise the personal data you hold about me. (Request made from my account page.)";

const OLD_ENDING = "('closed', 'withdrawn', 'answer_accepted', 'award_complied_with')";
const NEW_ENDING = "('closed', 'withdrawn', 'answer_accepted', 'award_complied_with', 'erasure_granted')";
const ENDING_FUNCTIONS = ["case_facts_ended()", "recourse_facts_rebuild()"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function replaceEnding(db: Kysely<any>, from: string, to: string): Promise<void> {
  for (const fn of ENDING_FUNCTIONS) {
    const { rows } = await sql<{ src: string }>`select pg_get_functiondef(${fn}::regprocedure) as src`.execute(db);
    const src = rows[0]?.src ?? "";
    if (!src.includes(from)) throw new Error(`the ending events of ${fn} are not as expected`);
    await sql.raw(src.replaceAll(from, to)).execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").addColumn("erasure_request", "boolean", (c) => c.notNull().defaultTo(false)).execute();
  await sql`update cases set erasure_request = true
    where category = 'request_removal' and client_id is null and description = ${ERASURE_DESCRIPTION}`.execute(db);
  await sql`create index cases_open_erasure_requests on cases (complainant_id)
    where erasure_request and status not in ('resolved', 'withdrawn', 'closed')`.execute(db);
  await replaceEnding(db, OLD_ENDING, NEW_ENDING);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await replaceEnding(db, NEW_ENDING, OLD_ENDING);
  await sql`drop index if exists cases_open_erasure_requests`.execute(db);
  await db.schema.alterTable("cases").dropColumn("erasure_request").execute();
}
