import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The queues fast again under row-level security (issue 5 parts 6-7, issue 9 part 1; ADR 029).
//
// 1. Policies the planner can use. The actor's settings are read through uncorrelated scalar
//    subqueries, `(select recourse_actor_sees_all())`, which PostgreSQL computes ONCE per query
//    (an InitPlan) instead of once per row; the liaison's and the complainant's walls become a
//    plain `column = (select ...)` (uuid equality, leakproof) through helpers that give the value
//    only to the role it belongs to. Same rows as before for every actor.
// 2. The queue's sort key as a stored column, due_key = coalesce(next_due_at, 'infinity'). Under
//    RLS a query's condition becomes an index condition only if it is leakproof, and PostgreSQL
//    counts a COALESCE expression as leaky: "due this week" and every keyset cursor on the old
//    expression indexes were filters over all open cases (0.43 s for "due this week" at 100,000).
//    A comparison of a plain timestamptz column is leakproof, so the same ranges are index ranges.
// 3. Counts per filter from tables kept by triggers on cases, written at commit (deferred
//    constraint triggers: a count row is locked while the transaction commits, not for its whole
//    length, so concurrent filings for one client do not queue behind each other):
//    - case_counts: cases per client, stage, status, owner, answer rejected and "has a running
//      deadline" (dated), and the same summed over every client (total, what the officer reads:
//      stage/status pairs x owners rows, whatever the number of cases and clients);
//    - case_due_counts: running deadlines per client, stage, status and UTC day they fall on, and
//      the same summed over every client (total). Overdue and "due this week" are time-based:
//      overdue = dated - due at or after now; the whole days after today from these rows (only
//      the days ahead, a few weeks of rows), the rest of today and the start of the week's last
//      day (under a day of deadlines each) as index ranges on next_due_at.
//    The old function grouped every case on every page (0.26 s at 100,000 cases).

const ACTIVE = sql`status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`;
/** Tables whose policy is "the officer/system, or whoever sees the case" (migration 007, 010). */
const CASE_CHILDREN = ["case_deadlines", "case_events", "mail_reply_tokens", "notices"] as const;
const KEY = sql.raw("total, client_id, stage, status, owner_id, answer_rejected, dated");
const DUE_KEY = sql.raw("total, client_id, stage, status, due_day");
const SORT_KEY = sql`(coalesce(next_due_at, 'infinity'::timestamptz))`;
/** The expression indexes of migrations 001 and 013 that the stored key replaces (cases_queue_open stays: the sweep's horizon query spells the expression). */
const EXPRESSION_INDEXES: [name: string, columns: string, where: "active" | "unowned" | null][] = [
  ["cases_queue_open_stage", "stage,", "active"],
  ["cases_queue_open_client", "client_id,", "active"],
  ["cases_queue_status", "status,", null],
  ["cases_queue_all", "", null],
  ["cases_queue_client", "client_id,", null],
  ["cases_queue_open_owner", "owner_id,", "active"],
  ["cases_queue_open_unowned", "", "unowned"],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // --- the actor, as a value a policy compares a column with ----------------------------------------
  await sql`
    create function recourse_actor_liaison_client_id() returns uuid language sql stable parallel safe
    as $$ select case when recourse_actor_role() = 'liaison' then recourse_actor_client_id() end $$
  `.execute(db);
  await sql`
    create function recourse_actor_complainant_id() returns uuid language sql stable parallel safe
    as $$ select case when recourse_actor_role() = 'complainant' then recourse_actor_user_id() end $$
  `.execute(db);

  // --- policies: the actor once per query -------------------------------------------------------------
  await sql`
    alter policy cases_actor on cases using (
      (select recourse_actor_sees_all())
      or client_id = (select recourse_actor_liaison_client_id())
      or complainant_id = (select recourse_actor_complainant_id())
    )
  `.execute(db);
  for (const table of CASE_CHILDREN) {
    await sql`alter policy ${sql.id(`${table}_actor`)} on ${sql.table(table)}
      using ((select recourse_actor_sees_all()) or exists (select 1 from cases where cases.id = case_id))`.execute(db);
  }
  await sql`alter policy mail_deliveries_actor on mail_deliveries
    using ((select recourse_actor_sees_all()) or (case_id is not null and exists (select 1 from cases where cases.id = case_id)))`.execute(db);
  await sql`alter policy messages_actor on messages
    using (
      (select recourse_actor_sees_all())
      or (
        exists (select 1 from cases where cases.id = case_id)
        and (audience = 'parties' or (audience = 'staff' and client_id = (select recourse_actor_liaison_client_id())))
      )
    )`.execute(db);

  // --- the sort key, stored -------------------------------------------------------------------------------
  await sql`alter table cases add column due_key timestamptz generated always as (coalesce(next_due_at, 'infinity'::timestamptz)) stored not null`.execute(db);
  for (const [name] of EXPRESSION_INDEXES) await sql`drop index ${sql.id(name)}`.execute(db);
  await sql`create index cases_open_due on cases (due_key, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_open_stage_due on cases (stage, due_key, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_open_client_due on cases (client_id, due_key, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_open_owner_due on cases (owner_id, due_key, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_open_unowned_due on cases (due_key, id) where owner_id is null and ${ACTIVE}`.execute(db);
  await sql`create index cases_status_due on cases (status, due_key, id)`.execute(db);
  await sql`create index cases_all_due on cases (due_key, id)`.execute(db);
  await sql`create index cases_client_due on cases (client_id, due_key, id)`.execute(db);

  // --- counts per filter --------------------------------------------------------------------------------
  await sql`
    create table case_counts (
      -- false: one client's cases (client_id null: the operator's own); true: every client's, summed
      total boolean not null,
      client_id uuid,
      stage text not null,
      status text not null,
      owner_id uuid,
      answer_rejected boolean not null,
      -- next_due_at is not null: the case has a running deadline
      dated boolean not null,
      n bigint not null,
      constraint case_counts_key unique nulls not distinct (total, client_id, stage, status, owner_id, answer_rejected, dated)
    )
  `.execute(db);
  // total: the row sums every client (client_id null), so the officer's counts read a few hundred
  // rows whatever the number of clients.
  await sql`
    create table case_due_counts (
      total boolean not null,
      client_id uuid,
      stage text not null,
      status text not null,
      due_day date not null,
      n bigint not null,
      constraint case_due_counts_key unique nulls not distinct (total, client_id, stage, status, due_day)
    )
  `.execute(db);
  // Per-client counts are the client's business: the same walls as its cases (ADR 018). Only the
  // trigger (as the owner) writes them.
  // The officer's rows of the days ahead (a few weeks of days per stage and status).
  await sql`create index case_due_counts_total_day on case_due_counts (due_day) where total`.execute(db);
  for (const table of ["case_counts", "case_due_counts"]) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_actor`)} on ${sql.table(table)} for select to recourse_app
      using ((select recourse_actor_sees_all()) or client_id = (select recourse_actor_liaison_client_id()))`.execute(db);
    await sql`revoke all on ${sql.table(table)} from recourse_app`.execute(db);
    await sql`grant select on ${sql.table(table)} to recourse_app`.execute(db);
  }

  // One delta per changed row, as an upsert: -1 on the old key, +1 on the new one.
  await sql`
    create function case_counts_track() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$
    declare
      same_case boolean := tg_op = 'UPDATE'
        and (old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at is null)
          is not distinct from (new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at is null);
      old_day date := case when tg_op <> 'INSERT' then (old.next_due_at at time zone 'UTC')::date end;
      new_day date := case when tg_op <> 'DELETE' then (new.next_due_at at time zone 'UTC')::date end;
      same_due boolean := tg_op = 'UPDATE'
        and (old.client_id, old.stage, old.status, old_day) is not distinct from (new.client_id, new.stage, new.status, new_day);
    begin
      if tg_op <> 'INSERT' and not same_case then
        insert into case_counts (${KEY}, n) values
          (false, old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at is not null, -1),
          (true, null, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at is not null, -1)
        on conflict on constraint case_counts_key do update set n = case_counts.n - 1;
      end if;
      if tg_op <> 'DELETE' and not same_case then
        insert into case_counts (${KEY}, n) values
          (false, new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at is not null, 1),
          (true, null, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at is not null, 1)
        on conflict on constraint case_counts_key do update set n = case_counts.n + 1;
      end if;
      if old_day is not null and not same_due then
        insert into case_due_counts (${DUE_KEY}, n) values (false, old.client_id, old.stage, old.status, old_day, -1), (true, null, old.stage, old.status, old_day, -1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n - 1;
      end if;
      if new_day is not null and not same_due then
        insert into case_due_counts (${DUE_KEY}, n) values (false, new.client_id, new.stage, new.status, new_day, 1), (true, null, new.stage, new.status, new_day, 1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n + 1;
      end if;
      return null;
    end $$
  `.execute(db);
  // From scratch, for a bulk load that turned the triggers off (the benchmark's seed), and here.
  await sql`
    create function case_counts_rebuild() returns void language plpgsql security definer
    set search_path = public, pg_catalog
    as $$
    begin
      lock table case_counts, case_due_counts in exclusive mode;
      delete from case_counts;
      delete from case_due_counts;
      insert into case_counts (${KEY}, n)
        select false, client_id, stage, status, owner_id, answer_rejected, next_due_at is not null, count(*) from cases group by 2, 3, 4, 5, 6, 7
        union all
        select true, null, stage, status, owner_id, answer_rejected, next_due_at is not null, count(*) from cases group by 3, 4, 5, 6, 7;
      insert into case_due_counts (${DUE_KEY}, n)
        select false, client_id, stage, status, (next_due_at at time zone 'UTC')::date, count(*)
        from cases where next_due_at is not null group by 2, 3, 4, 5
        union all
        select true, null, stage, status, (next_due_at at time zone 'UTC')::date, count(*)
        from cases where next_due_at is not null group by 3, 4, 5;
    end $$
  `.execute(db);
  await sql`revoke all on function case_counts_rebuild() from public`.execute(db);
  await sql`
    create function case_counts_clear() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$ begin delete from case_counts; delete from case_due_counts; return null; end $$
  `.execute(db);
  await sql`select case_counts_rebuild()`.execute(db);
  // Deferred to the commit: the count rows are locked only while the transaction commits.
  await sql`create constraint trigger case_counts_insert after insert on cases deferrable initially deferred
    for each row execute function case_counts_track()`.execute(db);
  await sql`create constraint trigger case_counts_delete after delete on cases deferrable initially deferred
    for each row execute function case_counts_track()`.execute(db);
  await sql`create constraint trigger case_counts_update after update of client_id, stage, status, owner_id, answer_rejected, next_due_at on cases
    deferrable initially deferred for each row
    when ((old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at)
      is distinct from (new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at))
    execute function case_counts_track()`.execute(db);
  await sql`create trigger case_counts_truncate after truncate on cases for each statement execute function case_counts_clear()`.execute(db);

  // The parts of a day at the edges of "overdue" and "this week": short ranges of these indexes.
  await sql`create index cases_next_due on cases (next_due_at) include (stage, status) where next_due_at is not null`.execute(db);
  await sql`create index cases_client_next_due on cases (client_id, next_due_at) include (stage, status) where next_due_at is not null`.execute(db);
  // Superseded by case_counts (it served the old grouped count only).
  await sql`drop index if exists cases_triage_counts`.execute(db);

  // Same signature and rows as migration 013's; the walls stated here once per call as before.
  await sql`
    create or replace function recourse_queue_counts(at timestamptz, week_end timestamptz)
    returns table (stage text, status text, n bigint, overdue bigint, week bigint, rejected bigint, mine bigint, unowned bigint)
    language plpgsql stable security definer set search_path = public, pg_catalog
    as $$
    #variable_conflict use_column
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      me uuid := recourse_actor_user_id();
      everyone boolean := coalesce(actor_role in ('officer', 'system'), false);
      day0 date := (at at time zone 'UTC')::date;
      day1 date := (week_end at time zone 'UTC')::date;
      start0 timestamptz := day0::timestamp at time zone 'UTC';
      start1 timestamptz := day1::timestamp at time zone 'UTC';
    begin
      if not (everyone or (actor_role = 'liaison' and actor_client is not null)) then
        return;
      end if;
      -- overdue = cases with a running deadline - those due at or after at; this week = due in
      -- [at, week_end). Whole UTC days after at's day come from case_due_counts (only the days
      -- ahead: a few weeks of rows, whatever the number of cases); the rest of at's day and the
      -- start of week_end's day are two short ranges of next_due_at. week_end must fall on a
      -- later UTC day than at (the page asks for seven days).
      return query
        with stored as (
          select k.stage, k.status, sum(k.n) as n, sum(k.n) filter (where k.dated) as dated,
            sum(k.n) filter (where k.answer_rejected) as rejected,
            sum(k.n) filter (where k.owner_id = me) as mine, sum(k.n) filter (where k.owner_id is null) as unowned
          from case_counts k
          where k.total = everyone and (everyone or k.client_id = actor_client)
          group by k.stage, k.status
        ), days as (
          select d.stage, d.status, sum(d.n) as ahead, sum(d.n) filter (where d.due_day < day1) as week
          from case_due_counts d
          where d.total and everyone and d.due_day > day0
          group by d.stage, d.status
          union all
          select d.stage, d.status, sum(d.n), sum(d.n) filter (where d.due_day < day1)
          from case_due_counts d
          where not d.total and not everyone and d.client_id = actor_client and d.due_day > day0
          group by d.stage, d.status
        ), edge_rows as (
          select c.stage, c.status, true as today from cases c
          where everyone and c.next_due_at >= at and c.next_due_at < start0 + interval '1 day'
          union all
          select c.stage, c.status, false from cases c
          where everyone and c.next_due_at >= start1 and c.next_due_at < week_end
          union all
          select c.stage, c.status, true from cases c
          where not everyone and c.client_id = actor_client and c.next_due_at >= at and c.next_due_at < start0 + interval '1 day'
          union all
          select c.stage, c.status, false from cases c
          where not everyone and c.client_id = actor_client and c.next_due_at >= start1 and c.next_due_at < week_end
        ), edges as (
          select r.stage, r.status, count(*) filter (where r.today) as today, count(*) filter (where not r.today) as last_day
          from edge_rows r group by r.stage, r.status
        )
        select s.stage, s.status, s.n::bigint,
          (coalesce(s.dated, 0) - coalesce(d.ahead, 0) - coalesce(e.today, 0))::bigint,
          (coalesce(d.week, 0) + coalesce(e.today, 0) + coalesce(e.last_day, 0))::bigint,
          coalesce(s.rejected, 0)::bigint, coalesce(s.mine, 0)::bigint, coalesce(s.unowned, 0)::bigint
        from stored s
          left join days d on d.stage = s.stage and d.status = s.status
          left join edges e on e.stage = s.stage and e.status = s.status
        where s.n > 0;
    end $$
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function recourse_queue_counts(at timestamptz, week_end timestamptz)
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
  await sql`create index cases_triage_counts on cases (client_id, stage, status)
    include (next_due_at, answer_rejected, owner_id, complainant_id)`.execute(db);
  await sql`drop index cases_client_next_due`.execute(db);
  await sql`drop index cases_next_due`.execute(db);
  for (const name of ["case_counts_insert", "case_counts_delete", "case_counts_update", "case_counts_truncate"]) {
    await sql`drop trigger ${sql.id(name)} on cases`.execute(db);
  }
  await sql`drop table case_counts`.execute(db);
  await sql`drop table case_due_counts`.execute(db);
  // The column's indexes go with it.
  await sql`alter table cases drop column due_key`.execute(db);
  for (const [name, columns, where] of EXPRESSION_INDEXES) {
    const condition = where === "active" ? sql` where ${ACTIVE}` : where === "unowned" ? sql` where owner_id is null and ${ACTIVE}` : sql``;
    await sql`create index ${sql.id(name)} on cases (${sql.raw(columns)} ${SORT_KEY}, id)${condition}`.execute(db);
  }
  await sql`drop function case_counts_track()`.execute(db);
  await sql`drop function case_counts_rebuild()`.execute(db);
  await sql`drop function case_counts_clear()`.execute(db);

  await sql`
    alter policy cases_actor on cases using (
      recourse_actor_sees_all()
      or (recourse_actor_role() = 'liaison' and client_id = recourse_actor_client_id())
      or (recourse_actor_role() = 'complainant' and complainant_id = recourse_actor_user_id())
    )
  `.execute(db);
  for (const table of CASE_CHILDREN) {
    await sql`alter policy ${sql.id(`${table}_actor`)} on ${sql.table(table)}
      using (recourse_actor_sees_all() or exists (select 1 from cases where cases.id = case_id))`.execute(db);
  }
  await sql`alter policy mail_deliveries_actor on mail_deliveries
    using (recourse_actor_sees_all() or (case_id is not null and exists (select 1 from cases where cases.id = case_id)))`.execute(db);
  await sql`alter policy messages_actor on messages
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
  await sql`drop function recourse_actor_liaison_client_id()`.execute(db);
  await sql`drop function recourse_actor_complainant_id()`.execute(db);
}
