import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// Every message that reaches us by mail (webhook or built-in SMTP listener), kept as received,
// with what became of it; the officer's intake queue of mail that matched no case; and a mark on
// an outgoing delivery that bounced.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("inbound_mails")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The Message-ID, or a hash of the raw bytes when there is none: a second delivery of the same
    // message (providers retry webhooks) is stored once.
    .addColumn("dedup_key", "text", (c) => c.notNull().unique())
    .addColumn("message_id", "text")
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("via", "text", (c) => c.notNull().check(sql`via in ('webhook', 'smtp')`))
    .addColumn("envelope_from", "text")
    .addColumn("envelope_to", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("from_address", "text")
    .addColumn("from_name", "text")
    .addColumn("subject", "text")
    // The original as it arrived (capped; raw_truncated says when it was cut).
    .addColumn("raw", "bytea", (c) => c.notNull())
    .addColumn("raw_size", "integer", (c) => c.notNull())
    .addColumn("raw_truncated", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('message', 'auto_reply', 'bounce', 'loop', 'unreadable')`))
    .addColumn("outcome", "text", (c) =>
      c.notNull().check(sql`outcome in ('posted', 'intake', 'recorded', 'bounce_recorded', 'failed')`),
    )
    .addColumn("matched_by", "text", (c) => c.check(sql`matched_by in ('token', 'thread', 'subject')`))
    .addColumn("case_id", "uuid", (c) => c.references("cases.id").onDelete("set null"))
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("message_ref", "uuid", (c) => c.references("messages.id").onDelete("set null"))
    // The whole text (HTML converted) and the new part without quoted history or signature.
    .addColumn("full_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("new_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("inbound_mails_case_id").on("inbound_mails").column("case_id").execute();
  await db.schema.createIndex("inbound_mails_received_at").on("inbound_mails").column("received_at").execute();

  await db.schema
    .createTable("intake_items")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("inbound_mail_id", "uuid", (c) => c.notNull().unique().references("inbound_mails.id").onDelete("cascade"))
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("from_address", "text", (c) => c.notNull())
    .addColumn("from_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("subject", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    // Why it is here, in words for the officer ("no case matched", "not a party to PS-...").
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open', 'case_opened', 'attached', 'discarded')`))
    .addColumn("case_id", "uuid", (c) => c.references("cases.id").onDelete("set null"))
    // The decision's audit: who, when, and (for a discard) why.
    .addColumn("decided_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("discard_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("intake_items_status_received_at").on("intake_items").columns(["status", "received_at"]).execute();

  await db.schema
    .alterTable("mail_deliveries")
    .addColumn("bounced_at", "timestamptz")
    .addColumn("bounce_detail", "text")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_deliveries").dropColumn("bounced_at").dropColumn("bounce_detail").execute();
  await db.schema.dropTable("intake_items").execute();
  await db.schema.dropTable("inbound_mails").execute();
}
