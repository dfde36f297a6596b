import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// The public doors (docs/decisions/020-throttles-and-held-filings.md) and identity verification
// (docs/decisions/021-identity-verification.md).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per throttled subject ("login:account:<email>", "signin:network:<prefix>", ...), so a
  // limit holds across every app process. Rows are small and pruned by age.
  await db.schema
    .createTable("throttle_counters")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("blocked_until", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("throttle_counters_updated_at").on("throttle_counters").column("updated_at").execute();

  // A public filing for an address we already know (a complainant's or a staff member's) waits
  // here, outside `cases`, until the link mailed to that address is used: no queue, portal, sweep
  // or search can see it before.
  await db.schema
    .createTable("held_filings")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("user_id", "uuid", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('known_address', 'staff_address')`))
    .addColumn("submission_key", "text", (c) => c.unique())
    .addColumn("input", "jsonb", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("mailed", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("case_id", "uuid", (c) => c.references("cases.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("held_filings_email_created").on("held_filings").columns(["email", "created_at"]).execute();
  await db.schema.createIndex("held_filings_created").on("held_filings").column("created_at").execute();

  // The latest identity verification recorded on a case (method, evidence, outcome, who, when);
  // every one is also a case event.
  await db.schema.alterTable("cases").addColumn("identity_verification", "jsonb").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").dropColumn("identity_verification").execute();
  await db.schema.dropTable("held_filings").execute();
  await db.schema.dropTable("throttle_counters").execute();
}
