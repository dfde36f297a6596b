import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// One row per notification, written in the same transaction as the change that causes it.
// The row, not graphile-worker's job, holds the mail's state (queued, sent, failed), so a mail
// is never dropped when its job ends, and a retried job can see that it was already sent.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_deliveries")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Chosen at enqueue and used on every attempt, so receivers can drop a repeat.
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    // Sign-in links belong to no case.
    .addColumn("case_id", "uuid", (c) => c.references("cases.id").onDelete("cascade"))
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    // The template's validated data; emptied once the mail is sent (it may hold a sign-in link).
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status in ('queued', 'sent', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("smtp_response", "text")
    .addColumn("queued_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_attempt_at", "timestamptz")
    // Set while one worker is sending; a second job for the same mail waits instead of sending too.
    .addColumn("sending_since", "timestamptz")
    .addColumn("next_attempt_at", "timestamptz")
    .addColumn("sent_at", "timestamptz")
    .addColumn("failed_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("mail_deliveries_case_id_queued_at").on("mail_deliveries").columns(["case_id", "queued_at"]).execute();
  // /healthz counts queued and failed mail and finds the oldest queued one; the officer lists failed ones.
  await db.schema.createIndex("mail_deliveries_status_queued_at").on("mail_deliveries").columns(["status", "queued_at"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_deliveries").execute();
}
