import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// Issue 7's gaps (ADR 024):
// - mail_deliveries.files_at: the moment whose files a mail carries. A mail carries the files saved
//   in the same transaction as its delivery (attachments.created_at = queued_at); a resend moves
//   queued_at to the moment of the resend and so lost them. The resend keeps the first moment here.
// - mail_reply_tokens.for_parties: a second reply address per staff member and case; mail to it
//   is posted for all parties ("reply to the complainant too"), mail to the first for staff only.
// - inbound_mails.attachments: what became of each file of an inbound mail (saved, or refused and
//   why), so a refused file is shown to staff instead of silently dropped.
// No new table: the existing policies (RLS, ADR 018) cover the new columns.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_deliveries").addColumn("files_at", "timestamptz").execute();

  await db.schema
    .alterTable("mail_reply_tokens")
    .addColumn("for_parties", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable("mail_reply_tokens").dropConstraint("mail_reply_tokens_case_user").execute();
  await db.schema
    .alterTable("mail_reply_tokens")
    .addUniqueConstraint("mail_reply_tokens_case_user_audience", ["case_id", "user_id", "for_parties"])
    .execute();

  await db.schema
    .alterTable("inbound_mails")
    .addColumn("attachments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("inbound_mails").dropColumn("attachments").execute();
  await db.deleteFrom("mail_reply_tokens").where("for_parties", "=", true).execute();
  await db.schema.alterTable("mail_reply_tokens").dropConstraint("mail_reply_tokens_case_user_audience").execute();
  await db.schema.alterTable("mail_reply_tokens").addUniqueConstraint("mail_reply_tokens_case_user", ["case_id", "user_id"]).execute();
  await db.schema.alterTable("mail_reply_tokens").dropColumn("for_parties").execute();
  await db.schema.alterTable("mail_deliveries").dropColumn("files_at").execute();
}
