import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// One unguessable token per case and recipient, carried in the Reply-To address of every mail
// about that case (case+TOKEN@reply-domain). A reply to it lands on that case as that person.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("mail_reply_tokens")
    // Lower-case base32: mail systems may change the case of a local part.
    .addColumn("token", "text", (c) => c.primaryKey())
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("mail_reply_tokens_case_user", ["case_id", "user_id"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_reply_tokens").execute();
}
