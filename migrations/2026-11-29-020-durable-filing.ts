import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The public complaint form answers before the work (docs/decisions/032-public-filing-in-the-background.md):
// the request stores the submission here, with its reserved reference and its files, and queues one
// job in the same transaction; the job opens the case, or holds it (held_filings), whatever the
// address turns out to be. Once the job has put the text and the files where they belong, it clears
// them here: the row keeps only the reference and the form's submission key (a second post of the
// same form gets the same reference) and what became of it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("public_filings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("submission_key", "text", (c) => c.notNull().unique())
    // The form's input and address until the job has run (null afterwards).
    .addColumn("email", "text")
    .addColumn("input", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("processed_at", "timestamptz")
    .addColumn("outcome", "text", (c) => c.check(sql`outcome in ('opened', 'held', 'not_opened')`))
    .addColumn("case_id", "uuid", (c) => c.references("cases.id").onDelete("set null"))
    .addColumn("held_filing_id", "uuid", (c) => c.references("held_filings.id").onDelete("set null"))
    .execute();

  // Files sent with the form. Moved to `attachments` when the case opens; a held filing keeps them
  // (held_filing_id) until it is confirmed, and they go with it when it is deleted.
  await db.schema
    .createTable("public_filing_files")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("filing_id", "uuid", (c) => c.notNull().references("public_filings.id").onDelete("cascade"))
    .addColumn("held_filing_id", "uuid", (c) => c.references("held_filings.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("public_filing_files_filing").on("public_filing_files").columns(["filing_id", "position"]).execute();
  await db.schema.createIndex("public_filing_files_held").on("public_filing_files").column("held_filing_id").execute();

  // A held filing can be discarded by the officer, with a reason (who and when are recorded).
  await db.schema
    .alterTable("held_filings")
    .addColumn("discarded_at", "timestamptz")
    .addColumn("discarded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("discard_reason", "text")
    .execute();

  // Row-level security as ADR 018 "Adding a table": filings not yet anyone's case are the officer's
  // and the system identity's only (like held_filings).
  for (const table of ["public_filings", "public_filing_files"]) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_actor`)} on ${sql.table(table)} to recourse_app using (recourse_actor_sees_all())`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("held_filings").dropColumn("discard_reason").dropColumn("discarded_by").dropColumn("discarded_at").execute();
  await db.schema.dropTable("public_filing_files").execute();
  await db.schema.dropTable("public_filings").execute();
}
