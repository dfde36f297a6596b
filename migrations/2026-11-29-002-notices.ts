import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Every reminder, breach alert, escalation notice, wait reminder and closure proposal the deadline
// sweep sends, one row per (case, subject, kind, recipient). The unique key is what makes each
// notice go out exactly once: the row is inserted in the same transaction as its mail job, so two
// sweeps at once, a crash half-way or a restart cannot send it twice.
// Staff who chose a daily digest get a row with delivery 'digest' and no mail; the digest task
// marks it digested in the transaction that queues the digest mail.

const ACTIVE = sql`status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notices")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    // Which clock, stage visit or wait the notice is about (the clock's due date included).
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull().check(sql`delivery in ('mail', 'digest')`))
    // The line a digest shows for it.
    .addColumn("line", "text", (c) => c.notNull())
    .addColumn("mail_delivery_id", "uuid", (c) => c.references("mail_deliveries.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("digested_at", "timestamptz")
    .addUniqueConstraint("notices_once", ["case_id", "subject", "kind", "recipient_id"])
    .execute();
  await sql`create index notices_digest_pending on notices (recipient_id, created_at) where delivery = 'digest' and digested_at is null`.execute(db);

  // Staff choose one mail per event (each) or one summary a day (daily).
  await db.schema
    .alterTable("users")
    .addColumn("notification_mode", "text", (c) => c.notNull().defaultTo("each").check(sql`notification_mode in ('each', 'daily')`))
    .execute();

  // The queue header counts open cases whose answer was rejected; few cases, a small partial index.
  await sql`create index cases_answer_rejected on cases (id) where answer_rejected and ${ACTIVE}`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("cases_answer_rejected").execute();
  await db.schema.alterTable("users").dropColumn("notification_mode").execute();
  await db.schema.dropTable("notices").execute();
}
