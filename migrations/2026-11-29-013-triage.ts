import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Triage at scale (issue 9, item 1; ADR 025):
// - an owner per case (an officer, or a liaison of the case's client), with the indexes behind
//   the "mine" and "unassigned" views;
// - full-text search: GIN expression indexes over the complaint's text, the messages' bodies and
//   the complainant's name; prefix indexes for references and e-mail addresses;
// - sorting the open queue by opened and last activity (keyset indexes, as for the deadline);
// - the counts beside the filters, from one index-only grouped scan;
// - saved filters, each user's own (row-level security by the actor's user id, ADR 018).
//
// The search expressions are spelled exactly as app/models/queues.server.ts spells them (the
// planner matches index expressions structurally). 'english' for free text (stemming: "deleted"
// finds "delete"), 'simple' for names (no stemming of proper names).

const ACTIVE = sql`status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`;
const SORT_KEY = sql`(coalesce(next_due_at, 'infinity'::timestamptz))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // --- owner ---------------------------------------------------------------------------------------
  await db.schema.alterTable("cases").addColumn("owner_id", "uuid", (c) => c.references("users.id")).execute();
  await sql`create index cases_queue_open_owner on cases (owner_id, ${SORT_KEY}, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_unowned on cases (${SORT_KEY}, id) where owner_id is null and ${ACTIVE}`.execute(db);

  // --- sort by opened / last activity (open cases; a liaison's within the client) -----------------
  await sql`create index cases_queue_open_opened on cases (opened_at, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_activity on cases (updated_at, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_client_opened on cases (client_id, opened_at, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_client_activity on cases (client_id, updated_at, id) where ${ACTIVE}`.execute(db);

  // --- counts per filter: one grouped index-only scan (client first for the liaison). It covers
  // every column the counts and the cases policy read (complainant_id is the policy's), so the
  // scan never visits the table; next_due_at plain, as an expression would not count as covered.
  await sql`create index cases_triage_counts on cases (client_id, stage, status)
    include (next_due_at, answer_rejected, owner_id, complainant_id)`.execute(db);

  // --- search ------------------------------------------------------------------------------------
  await sql`create index cases_search_text on cases using gin (to_tsvector('english'::regconfig, description || ' ' || desired_outcome))`.execute(db);
  await sql`create index cases_reference_prefix on cases (reference text_pattern_ops)`.execute(db);
  await sql`create index messages_search_text on messages using gin (to_tsvector('english'::regconfig, body))`.execute(db);
  await sql`create index users_search_name on users using gin (to_tsvector('simple'::regconfig, name))`.execute(db);
  await sql`create index users_email_prefix on users (email text_pattern_ops)`.execute(db);

  // --- saved filters -------------------------------------------------------------------------------
  await db.schema
    .createTable("saved_filters")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("user_id", "uuid", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 80`))
    .addColumn("query", "text", (c) => c.notNull().check(sql`length(query) <= 2000`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("saved_filters_user_name", ["user_id", "name"])
    .execute();
  // A query string can hold a searched name or address: each person sees and changes only their own.
  await sql`alter table saved_filters enable row level security`.execute(db);
  await sql`create policy saved_filters_actor on saved_filters to recourse_app
    using (user_id = recourse_actor_user_id()) with check (user_id = recourse_actor_user_id())`.execute(db);
  await sql`grant select, insert, update, delete on saved_filters to recourse_app`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("saved_filters").ifExists().execute();
  for (const name of [
    "cases_queue_open_owner",
    "cases_queue_open_unowned",
    "cases_queue_open_opened",
    "cases_queue_open_activity",
    "cases_queue_open_client_opened",
    "cases_queue_open_client_activity",
    "cases_triage_counts",
    "cases_search_text",
    "cases_reference_prefix",
    "messages_search_text",
    "users_search_name",
    "users_email_prefix",
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  await db.schema.alterTable("cases").dropColumn("owner_id").execute();
}
