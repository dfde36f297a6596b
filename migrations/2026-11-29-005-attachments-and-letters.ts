import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// Attachments: files uploaded with a message (or with the complaint itself, message_id null),
// stored in PostgreSQL. A file inherits the audience of its message; see ADR 016.
// Letters and calls: a message logged by the officer says when it happened and which way it went.
// Cases opened by staff: how the complaint arrived, when, and the dispute body's own number.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("attachments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    // null: the file came with the complaint form, and is seen by everyone on the case.
    .addColumn("message_id", "uuid", (c) => c.references("messages.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("safe_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    // now(): the transaction's start, the same instant as the mail queued with the message.
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("attachments_case_id").on("attachments").columns(["case_id", "created_at"]).execute();
  await db.schema.createIndex("attachments_message_id").on("attachments").column("message_id").execute();

  await db.schema
    .alterTable("messages")
    .addColumn("occurred_at", "timestamptz")
    .addColumn("direction", "text", (c) => c.check(sql`direction in ('in', 'out')`))
    .execute();

  await db.schema
    .alterTable("cases")
    .addColumn("received_via", "text", (c) => c.check(sql`received_via in ('web', 'email', 'postal', 'phone', 'referral')`))
    .addColumn("received_at", "timestamptz")
    .addColumn("dispute_reference", "text")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").dropColumn("received_via").dropColumn("received_at").dropColumn("dispute_reference").execute();
  await db.schema.alterTable("messages").dropColumn("occurred_at").dropColumn("direction").execute();
  await db.schema.dropTable("attachments").execute();
}
