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

  // --- search and counts behind row-level security -------------------------------------------------
  // Under RLS PostgreSQL evaluates the policy before any qual that is not leakproof: LIKE and @@
  // are not, so on cases and messages they could never be index conditions (measured at 100,000
  // cases: 0.3 s for a reference, 30 s for a word), and the policy, evaluated per row, made the
  // grouped count a 0.4 s sequential scan. These functions run as the tables' owner and restate
  // the walls themselves, once per call instead of per row: the officer and the system see every
  // case; a liaison their client's cases, and of the messages only parties' messages and staff
  // notes written for their client (never an internal note, never another client's note); anyone
  // else nothing. They return case ids (and counts), which the queue then reads through RLS.
  await sql`
    create function recourse_search_words(words text) returns setof uuid
    language plpgsql stable security definer set search_path = public, pg_catalog rows 200
    as $$
    declare
      q_en tsquery := plainto_tsquery('english'::regconfig, words);
      q_simple tsquery := plainto_tsquery('simple'::regconfig, words);
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
    begin
      if actor_role in ('officer', 'system') then
        return query
          select c.id from cases c where to_tsvector('english'::regconfig, c.description || ' ' || c.desired_outcome) @@ q_en
          union select c.id from users u join cases c on c.complainant_id = u.id where to_tsvector('simple'::regconfig, u.name) @@ q_simple
          union select m.case_id from messages m where to_tsvector('english'::regconfig, m.body) @@ q_en;
      elsif actor_role = 'liaison' and actor_client is not null then
        return query
          select c.id from cases c where c.client_id = actor_client and to_tsvector('english'::regconfig, c.description || ' ' || c.desired_outcome) @@ q_en
          union select c.id from users u join cases c on c.complainant_id = u.id where c.client_id = actor_client and to_tsvector('simple'::regconfig, u.name) @@ q_simple
          union select m.case_id from messages m join cases c on c.id = m.case_id
            where c.client_id = actor_client and to_tsvector('english'::regconfig, m.body) @@ q_en
              and (m.audience = 'parties' or (m.audience = 'staff' and m.client_id = actor_client));
      end if;
    end $$
  `.execute(db);
  // A reference or an address by its beginning; the pattern is a LIKE prefix the caller escaped.
  // EXECUTE plans with the pattern's value, so the text_pattern_ops indexes serve it.
  await sql`
    create function recourse_search_prefix(kind text, pattern text) returns setof uuid
    language plpgsql stable security definer set search_path = public, pg_catalog rows 10
    as $$
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      scope text;
    begin
      if actor_role in ('officer', 'system') then scope := 'true';
      elsif actor_role = 'liaison' and actor_client is not null then scope := 'c.client_id = $2';
      else return;
      end if;
      if kind = 'reference' then
        return query execute 'select c.id from cases c where c.reference like $1 and ' || scope using pattern, actor_client;
      elsif kind = 'email' then
        return query execute 'select c.id from users u join cases c on c.complainant_id = u.id where u.email like $1 and ' || scope using pattern, actor_client;
      end if;
    end $$
  `.execute(db);
  await sql`
    create function recourse_queue_counts(at timestamptz, week_end timestamptz)
    returns table (stage text, status text, n bigint, overdue bigint, week bigint, rejected bigint, mine bigint, unowned bigint)
    language plpgsql stable security definer set search_path = public, pg_catalog
    as $$
    #variable_conflict use_column
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      me uuid := recourse_actor_user_id();
    begin
      if actor_role in ('officer', 'system') then
        return query
          select c.stage, c.status, count(*), count(*) filter (where c.next_due_at < at),
            count(*) filter (where c.next_due_at >= at and c.next_due_at < week_end), count(*) filter (where c.answer_rejected),
            count(*) filter (where c.owner_id = me), count(*) filter (where c.owner_id is null)
          from cases c group by c.stage, c.status;
      elsif actor_role = 'liaison' and actor_client is not null then
        return query
          select c.stage, c.status, count(*), count(*) filter (where c.next_due_at < at),
            count(*) filter (where c.next_due_at >= at and c.next_due_at < week_end), count(*) filter (where c.answer_rejected),
            count(*) filter (where c.owner_id = me), count(*) filter (where c.owner_id is null)
          from cases c where c.client_id = actor_client group by c.stage, c.status;
      end if;
    end $$
  `.execute(db);
  for (const fn of ["recourse_search_words(text)", "recourse_search_prefix(text, text)", "recourse_queue_counts(timestamptz, timestamptz)"]) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
    await sql.raw(`grant execute on function ${fn} to recourse_app`).execute(db);
  }

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
  await sql`drop function if exists recourse_search_words(text)`.execute(db);
  await sql`drop function if exists recourse_search_prefix(text, text)`.execute(db);
  await sql`drop function if exists recourse_queue_counts(timestamptz, timestamptz)`.execute(db);
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
