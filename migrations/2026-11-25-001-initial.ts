import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("clients")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('officer', 'liaison', 'complainant')`))
    .addColumn("email", "text", (c) => c.notNull().unique().check(sql`email = lower(email)`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("client_id", "uuid", (c) => c.references("clients.id"))
    .addColumn("country", "text")
    .addColumn("email_verified_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_liaison_has_client", sql`(role = 'liaison') = (client_id is not null)`)
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the session id, never the id itself
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_id").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_tokens")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("redirect_to", "text")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`create sequence case_reference_seq`.execute(db);

  await db.schema
    .createTable("cases")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("framework", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull().check(sql`stage in ('client', 'company', 'dma', 'arbitration')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(
        sql`status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered', 'resolved', 'withdrawn', 'closed')`,
      ),
    )
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("client_id", "uuid", (c) => c.references("clients.id"))
    .addColumn("liaison_id", "uuid", (c) => c.references("users.id"))
    .addColumn("complainant_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("desired_outcome", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("earlier_contact", "text")
    .addColumn("submission_key", "text", (c) => c.unique())
    .addColumn("stage_entered_at", "timestamptz", (c) => c.notNull())
    .addColumn("stages_visited", sql`text[]`, (c) => c.notNull())
    .addColumn("answer_rejected", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("arbitration", "jsonb", (c) => c.notNull())
    .addColumn("closure", "jsonb")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("opened_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cases_client_id").on("cases").column("client_id").execute();
  await db.schema.createIndex("cases_complainant_id").on("cases").column("complainant_id").execute();
  await db.schema.createIndex("cases_stage_status").on("cases").columns(["stage", "status"]).execute();

  await db.schema
    .createTable("case_deadlines")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("met_at", "timestamptz")
    .addColumn("paused_at", "timestamptz")
    .addColumn("explanation", "text", (c) => c.notNull())
    .addUniqueConstraint("case_deadlines_case_stage_kind", ["case_id", "stage", "kind"])
    .execute();
  await db.schema.createIndex("case_deadlines_open_due").on("case_deadlines").columns(["due_at"]).where(sql.ref("met_at"), "is", null).execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("author_id", "uuid", (c) => c.references("users.id"))
    .addColumn("author_role", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull().check(sql`audience in ('parties', 'staff', 'internal')`))
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('web', 'email', 'postal', 'phone')`))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("messages_case_id").on("messages").columns(["case_id", "created_at"]).execute();

  await db.schema
    .createTable("case_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("case_id", "uuid", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("actor_role", "text")
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_events_case_id").on("case_events").columns(["case_id", "id"]).execute();
  // The timeline is an audit trail: rows are never rewritten.
  await sql`
    create function case_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'case_events is append-only'; end $$;
  `.execute(db);
  await sql`
    create trigger case_events_no_update before update or delete on case_events
    for each row execute function case_events_append_only();
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["case_events", "messages", "case_deadlines", "cases", "sign_in_tokens", "sessions", "users", "clients"]) {
    await db.schema.dropTable(t).cascade().execute();
  }
  await sql`drop sequence case_reference_seq`.execute(db);
  await sql`drop function case_events_append_only`.execute(db);
}
