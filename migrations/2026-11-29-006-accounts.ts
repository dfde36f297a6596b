import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
// Staff accounts managed in the app: active flags, TOTP second factor, recovery codes, invitations,
// a half-signed-in step between password and code, session times, and an append-only admin trail.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("clients")
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("deactivated_at", "timestamptz")
    .execute();

  await db.schema
    .alterTable("users")
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("deactivated_at", "timestamptz")
    // Base32 TOTP key (RFC 6238); null until the person enrols.
    .addColumn("totp_secret", "text")
    .addColumn("totp_enabled_at", "timestamptz")
    // The last 30-second step a code was accepted for: a code is never accepted twice.
    .addColumn("totp_last_step", "bigint")
    .addColumn("last_sign_in_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("recovery_codes_user_code", ["user_id", "code_hash"])
    .execute();

  await db.schema
    .createTable("staff_invites")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("totp_secret", "text", (c) => c.notNull())
    .addColumn("invited_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("staff_invites_user_id").on("staff_invites").column("user_id").execute();

  // Password checked, second factor not yet: not a session, it opens no page.
  await db.schema
    .createTable("sign_in_challenges")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the token in the pending cookie
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("enrol_secret", "text") // set when the person has no second factor yet
    .addColumn("next", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable("sessions")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("absolute_expires_at", "timestamptz")
    .addColumn("user_agent", "text")
    .addColumn("ip_address", "text")
    .execute();
  await sql`update sessions set absolute_expires_at = expires_at`.execute(db);
  await sql`alter table sessions alter column absolute_expires_at set not null`.execute(db);

  await db.schema
    .createTable("admin_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_id", "uuid", (c) => c.references("users.id"))
    .addColumn("user_id", "uuid", (c) => c.references("users.id"))
    .addColumn("client_id", "uuid", (c) => c.references("clients.id"))
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("admin_events_created").on("admin_events").column("created_at").execute();
  await sql`
    create function admin_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'admin_events is append-only'; end $$;
  `.execute(db);
  await sql`
    create trigger admin_events_no_update before update or delete on admin_events
    for each row execute function admin_events_append_only();
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("admin_events").execute();
  await sql`drop function admin_events_append_only`.execute(db);
  await db.schema.dropTable("sign_in_challenges").execute();
  await db.schema.dropTable("staff_invites").execute();
  await db.schema.dropTable("recovery_codes").execute();
  for (const c of ["created_at", "last_seen_at", "absolute_expires_at", "user_agent", "ip_address"]) {
    await db.schema.alterTable("sessions").dropColumn(c).execute();
  }
  for (const c of ["active", "deactivated_at", "totp_secret", "totp_enabled_at", "totp_last_step", "last_sign_in_at"]) {
    await db.schema.alterTable("users").dropColumn(c).execute();
  }
  await db.schema.alterTable("clients").dropColumn("active").dropColumn("deactivated_at").execute();
}
