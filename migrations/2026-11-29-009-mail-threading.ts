import type { Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// The threading headers of each mail, fixed at enqueue like its Message-ID, so every attempt of one
// mail carries the same ones: In-Reply-To (the previous mail of that case to that recipient),
// References (the first and the previous one) and Reply-To (the recipient's per-case reply address,
// null when inbound mail is off and the mail promises no reply channel).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("mail_deliveries")
    .addColumn("in_reply_to", "text")
    .addColumn("references", "text")
    .addColumn("reply_to", "text")
    .execute();
  // The first and the previous mail of a case to one recipient are found at enqueue through the
  // existing index on (case_id, queued_at): a case has few mails.
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_deliveries").dropColumn("in_reply_to").dropColumn("references").dropColumn("reply_to").execute();
}
