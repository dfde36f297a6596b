import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The walls in the database (docs/decisions/018 and 019).
//
// 1. Row-level security. The app's queries run as the role recourse_app, which owns no table, is no
//    superuser and cannot bypass RLS. Each transaction names its actor with
//    set_config('recourse.actor_role' | 'recourse.actor_user_id' | 'recourse.actor_client_id', ..., true);
//    the policies below read them. Without an actor a query sees nothing. The owner of the tables
//    (the DATABASE_URL user: migrations, the job queue's worker) is exempt as owner (RLS is not
//    forced), which is the "own role" of those paths.
// 2. Staff notes record the client they were written for (messages.client_id).
// 3. A hash chain per case over case_events (seq, hash), computed by a BEFORE INSERT trigger.

/** Tables that hang off a case through case_id; their rows are visible when their case is. */
const CASE_CHILDREN = ["case_deadlines", "case_events", "mail_reply_tokens"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // --- the app role -----------------------------------------------------------------------------
  await sql`
    do $$
    begin
      if not exists (select from pg_roles where rolname = 'recourse_app') then
        begin
          create role recourse_app nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
        exception when insufficient_privilege then
          raise exception 'the database user % may not create the role recourse_app: give it CREATEROLE, or run as a superuser once: create role recourse_app nologin nobypassrls; grant recourse_app to %;', current_user, current_user;
        end;
      end if;
    end $$;
  `.execute(db);
  // The owner switches into the app role (connection option -c role=recourse_app) unless the app is
  // given a login of its own (DATABASE_APP_URL).
  if (!(await isMember(db))) await sql`grant recourse_app to current_user`.execute(db);

  await sql`grant usage on schema public to recourse_app`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to recourse_app`.execute(db);
  await sql`grant usage, select on all sequences in schema public to recourse_app`.execute(db);
  await sql`revoke all on table kysely_migration, kysely_migration_lock from recourse_app`.execute(db);
  // Tables and sequences the owner creates later are reachable too (their policies still decide rows).
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to recourse_app`.execute(db);
  await sql`alter default privileges in schema public grant usage, select on sequences to recourse_app`.execute(db);

  // --- the job queue, through the owner ---------------------------------------------------------
  // graphile-worker's tables refuse every role but their owner (row-level security without
  // policies), and the app role queues mail inside its own transactions. These two functions run as
  // the owner and do only what add_jobs/add_job do. plpgsql: the graphile_worker schema is created
  // after our migrations on a new database, and a plpgsql body is resolved only when it runs.
  await sql`
    create function recourse_add_jobs(specs json) returns table (id bigint, key text)
    language plpgsql security definer set search_path = pg_catalog, pg_temp
    as $$
    begin
      return query
        select j.id, j.key from graphile_worker.add_jobs(
          (select array_agg(json_populate_record(null::graphile_worker.job_spec, spec)) from json_array_elements(specs) spec)
        ) j;
    end $$
  `.execute(db);
  await sql`
    create function recourse_add_job(identifier text, payload json, run_at timestamptz, max_attempts integer, job_key text) returns bigint
    language plpgsql security definer set search_path = pg_catalog, pg_temp
    as $$
    begin
      return (graphile_worker.add_job(identifier, payload, run_at => run_at, max_attempts => max_attempts, job_key => job_key)).id;
    end $$
  `.execute(db);
  await sql`revoke all on function recourse_add_jobs(json), recourse_add_job(text, json, timestamptz, integer, text) from public`.execute(db);
  await sql`grant execute on function recourse_add_jobs(json), recourse_add_job(text, json, timestamptz, integer, text) to recourse_app`.execute(db);

  // --- the actor, as the policies read it -----------------------------------------------------------
  // Empty or unset means "no actor": every policy is then false.
  await sql`
    create function recourse_actor_role() returns text language sql stable parallel safe
    as $$ select nullif(current_setting('recourse.actor_role', true), '') $$
  `.execute(db);
  await sql`
    create function recourse_actor_user_id() returns uuid language sql stable parallel safe
    as $$ select nullif(current_setting('recourse.actor_user_id', true), '')::uuid $$
  `.execute(db);
  await sql`
    create function recourse_actor_client_id() returns uuid language sql stable parallel safe
    as $$ select nullif(current_setting('recourse.actor_client_id', true), '')::uuid $$
  `.execute(db);
  // Officers and the named system identity (filing, sign-in links, seeds, health checks) see every case.
  await sql`
    create function recourse_actor_sees_all() returns boolean language sql stable parallel safe
    as $$ select coalesce(recourse_actor_role() in ('officer', 'system'), false) $$
  `.execute(db);

  // --- staff notes belong to a client ------------------------------------------------------------
  await db.schema.alterTable("messages").addColumn("client_id", "uuid", (c) => c.references("clients.id")).execute();
  await sql`update messages m set client_id = c.client_id from cases c where c.id = m.case_id and m.audience = 'staff'`.execute(db);

  // --- policies -----------------------------------------------------------------------------------
  await sql`alter table cases enable row level security`.execute(db);
  await sql`
    create policy cases_actor on cases to recourse_app
    using (
      recourse_actor_sees_all()
      or (recourse_actor_role() = 'liaison' and client_id = recourse_actor_client_id())
      or (recourse_actor_role() = 'complainant' and complainant_id = recourse_actor_user_id())
    )
  `.execute(db);

  // A child row is visible (and writable) when its case is: the subquery on cases runs under the
  // cases policy of the same actor. Adding a table that hangs off a case is these three lines.
  for (const table of CASE_CHILDREN) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_actor`)} on ${sql.table(table)} to recourse_app
      using (recourse_actor_sees_all() or exists (select 1 from cases where cases.id = case_id))`.execute(db);
  }

  // Mail about a case: visible where the case is (an action's mail is written, and returned, in the
  // actor's transaction); the page shows deliveries to the officer only. Mail about no case (sign-in
  // links) only to the officer and the system identity.
  await sql`alter table mail_deliveries enable row level security`.execute(db);
  await sql`create policy mail_deliveries_actor on mail_deliveries to recourse_app
    using (recourse_actor_sees_all() or (case_id is not null and exists (select 1 from cases where cases.id = case_id)))`.execute(db);

  // Messages: parties' messages to everyone who sees the case; staff notes to the liaisons of the
  // client they were written for; internal notes to the operator only.
  await sql`alter table messages enable row level security`.execute(db);
  await sql`create policy messages_actor on messages to recourse_app
    using (
      recourse_actor_sees_all()
      or (
        exists (select 1 from cases where cases.id = case_id)
        and (
          audience = 'parties'
          or (audience = 'staff' and recourse_actor_role() = 'liaison' and client_id = recourse_actor_client_id())
        )
      )
    )`.execute(db);

  // --- the hash chain -----------------------------------------------------------------------------
  await db.schema.alterTable("case_events").addColumn("seq", "integer").addColumn("hash", "text").execute();
  // What is hashed, in one place for the trigger, the backfill and the verifier: the event's
  // content and row id, its position in its case's chain, and the previous event's hash. (The row
  // id, not a comparison of ids, pins the order the timeline shows: ids are drawn before the
  // trigger's lock, so concurrent inserts may take seq and id in different orders.) jsonb's text form is
  // canonical (keys sorted, one spelling per value), the time is written in UTC to the microsecond.
  await sql`
    create function case_event_hash(
      id bigint, case_id uuid, seq integer, type text, actor_id uuid, actor_role text, payload jsonb, created_at timestamptz, previous text
    ) returns text language sql immutable parallel safe
    as $$
      select encode(sha256(convert_to(jsonb_build_array(
        id, case_id::text, seq, type, actor_id::text, actor_role, payload,
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        previous
      )::text, 'UTF8')), 'hex')
    $$
  `.execute(db);

  // Backfill: number each case's events in the order the timeline shows them, then chain them.
  await sql`alter table case_events disable trigger case_events_no_update`.execute(db);
  await sql`
    update case_events e set seq = n.seq
    from (select id, row_number() over (partition by case_id order by created_at, id)::int as seq from case_events) n
    where n.id = e.id
  `.execute(db);
  await sql`
    do $$
    declare
      r record;
      previous text := null;
      current_case uuid := null;
    begin
      for r in select * from case_events order by case_id, seq loop
        if current_case is distinct from r.case_id then
          previous := null;
          current_case := r.case_id;
        end if;
        previous := case_event_hash(r.id, r.case_id, r.seq, r.type, r.actor_id, r.actor_role, r.payload, r.created_at, previous);
        update case_events set hash = previous where id = r.id;
      end loop;
    end $$;
  `.execute(db);
  await sql`alter table case_events enable trigger case_events_no_update`.execute(db);
  await sql`alter table case_events alter column seq set not null, alter column hash set not null`.execute(db);
  await sql`alter table case_events add constraint case_events_case_seq unique (case_id, seq)`.execute(db);

  // Runs as the owner (security definer): it must see the case's last event whoever inserts.
  // The advisory lock serialises inserts per case (two transactions would otherwise both take the
  // same previous event); it is released at commit.
  await sql`
    create function case_events_chain() returns trigger language plpgsql security definer
    set search_path = public, pg_temp
    as $$
    declare
      last record;
    begin
      perform pg_advisory_xact_lock(hashtextextended('recourse.case_events:' || new.case_id::text, 0));
      select seq, hash into last from case_events where case_id = new.case_id order by seq desc limit 1;
      new.seq := coalesce(last.seq, 0) + 1;
      new.hash := case_event_hash(new.id, new.case_id, new.seq, new.type, new.actor_id, new.actor_role, new.payload, new.created_at, last.hash);
      return new;
    end $$
  `.execute(db);
  await sql`create trigger case_events_chain before insert on case_events for each row execute function case_events_chain()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function isMember(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ member: boolean }>`select pg_has_role(current_user, 'recourse_app', 'member') as member`.execute(db);
  return rows[0]?.member === true;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger case_events_chain on case_events`.execute(db);
  await sql`drop function case_events_chain()`.execute(db);
  await sql`alter table case_events drop constraint case_events_case_seq`.execute(db);
  await sql`alter table case_events drop column seq, drop column hash`.execute(db);
  await sql`drop function recourse_add_jobs(json)`.execute(db);
  await sql`drop function recourse_add_job(text, json, timestamptz, integer, text)`.execute(db);
  await sql`drop function case_event_hash(bigint, uuid, integer, text, uuid, text, jsonb, timestamptz, text)`.execute(db);
  for (const table of ["cases", "messages", "mail_deliveries", ...CASE_CHILDREN]) {
    await sql`drop policy if exists ${sql.id(`${table}_actor`)} on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
  }
  await db.schema.alterTable("messages").dropColumn("client_id").execute();
  for (const fn of ["recourse_actor_sees_all", "recourse_actor_role", "recourse_actor_user_id", "recourse_actor_client_id"]) {
    await sql`drop function ${sql.raw(fn)}()`.execute(db);
  }
  await sql`alter default privileges in schema public revoke all on tables from recourse_app`.execute(db);
  await sql`alter default privileges in schema public revoke all on sequences from recourse_app`.execute(db);
  await sql`revoke all on all tables in schema public from recourse_app`.execute(db);
  await sql`revoke all on all sequences in schema public from recourse_app`.execute(db);
  await sql`revoke usage on schema public from recourse_app`.execute(db);
  // The role is the cluster's, shared by other databases: it stays.
}
