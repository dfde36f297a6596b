import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The queue's counts follow every filter of the page (ADR 050; the tables and triggers of
// migration 017, ADR 029).
//
// 1. recourse_queue_counts(at, week_end, only_client, owner_is, due_is, rejected_only): each
//    option's count is the count the page would list with that option chosen and the other
//    filters as they are. The client filter reads one client's rows of the count tables (the
//    walls as before: a liaison only ever their own client); the owner filter ('mine',
//    'unassigned') and "answer rejected" are columns of case_counts; overdue / due soon under an
//    owner or "answer rejected" need the running deadlines per day by those too:
//    - case_due_counts gets answer_rejected in its key (at most twice the rows);
//    - case_owner_due_counts: the same per owner, read only for the actor (mine) and for nobody
//      (unassigned), the days ahead only: never every owner's rows.
//    The edges of a day (the rest of today, the start of the window's last day) are read from
//    cases as before; their indexes now include owner_id and answer_rejected, so they stay
//    index-only. The old two-argument function goes.
// 2. recourse_search_ids learns 'number': a reference's number part alone ("000006", the end of
//    PS-2026-000006), on an index of that part.

const DUE_KEY_OLD = sql.raw("total, client_id, stage, status, due_day");
const DUE_KEY = sql.raw("total, client_id, stage, status, answer_rejected, due_day");
const OWNER_DUE_KEY = sql.raw("total, client_id, stage, status, owner_id, answer_rejected, due_day");
const KEY = sql.raw("total, client_id, stage, status, owner_id, answer_rejected, dated");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // --- the tables -------------------------------------------------------------------------------------
  // Emptied and counted again below by case_counts_rebuild (in this transaction: the triggers'
  // lock keeps concurrent changes out).
  await sql`delete from case_due_counts`.execute(db);
  await sql`alter table case_due_counts drop constraint case_due_counts_key`.execute(db);
  await sql`alter table case_due_counts add column answer_rejected boolean not null`.execute(db);
  // The day before stage and status: the days ahead of one client (or of all) are one index range.
  await sql`alter table case_due_counts add constraint case_due_counts_key
    unique nulls not distinct (total, client_id, due_day, stage, status, answer_rejected)`.execute(db);
  await sql`drop index case_due_counts_total_day`.execute(db);

  await sql`
    create table case_owner_due_counts (
      total boolean not null,
      client_id uuid,
      stage text not null,
      status text not null,
      -- null: nobody owns the cases (the "unassigned" view)
      owner_id uuid,
      answer_rejected boolean not null,
      due_day date not null,
      n bigint not null,
      -- One owner's days ahead (of one client, or of all) are one index range.
      constraint case_owner_due_counts_key unique nulls not distinct (total, client_id, owner_id, due_day, stage, status, answer_rejected)
    )
  `.execute(db);
  await sql`alter table case_owner_due_counts enable row level security`.execute(db);
  await sql`create policy case_owner_due_counts_actor on case_owner_due_counts for select to recourse_app
    using ((select recourse_actor_sees_all()) or client_id = (select recourse_actor_liaison_client_id()))`.execute(db);
  await sql`revoke all on case_owner_due_counts from recourse_app`.execute(db);
  await sql`grant select on case_owner_due_counts to recourse_app`.execute(db);

  // --- the triggers' functions ------------------------------------------------------------------------
  await sql`
    create or replace function case_counts_track() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$
    declare
      same_case boolean := tg_op = 'UPDATE'
        and (old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at is null)
          is not distinct from (new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at is null);
      old_day date := case when tg_op <> 'INSERT' then (old.next_due_at at time zone 'UTC')::date end;
      new_day date := case when tg_op <> 'DELETE' then (new.next_due_at at time zone 'UTC')::date end;
      same_due boolean := tg_op = 'UPDATE'
        and (old.client_id, old.stage, old.status, old.answer_rejected, old_day)
          is not distinct from (new.client_id, new.stage, new.status, new.answer_rejected, new_day);
      same_owner_due boolean := same_due and old.owner_id is not distinct from new.owner_id;
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
        insert into case_due_counts (${DUE_KEY}, n) values
          (false, old.client_id, old.stage, old.status, old.answer_rejected, old_day, -1),
          (true, null, old.stage, old.status, old.answer_rejected, old_day, -1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n - 1;
      end if;
      if new_day is not null and not same_due then
        insert into case_due_counts (${DUE_KEY}, n) values
          (false, new.client_id, new.stage, new.status, new.answer_rejected, new_day, 1),
          (true, null, new.stage, new.status, new.answer_rejected, new_day, 1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n + 1;
      end if;
      if old_day is not null and not same_owner_due then
        insert into case_owner_due_counts (${OWNER_DUE_KEY}, n) values
          (false, old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old_day, -1),
          (true, null, old.stage, old.status, old.owner_id, old.answer_rejected, old_day, -1)
        on conflict on constraint case_owner_due_counts_key do update set n = case_owner_due_counts.n - 1;
      end if;
      if new_day is not null and not same_owner_due then
        insert into case_owner_due_counts (${OWNER_DUE_KEY}, n) values
          (false, new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new_day, 1),
          (true, null, new.stage, new.status, new.owner_id, new.answer_rejected, new_day, 1)
        on conflict on constraint case_owner_due_counts_key do update set n = case_owner_due_counts.n + 1;
      end if;
      return null;
    end $$
  `.execute(db);
  // Rows written in the order the counts read them (one client's or all, one owner's, by day), so
  // that a range of days is a few pages, not a page per row.
  await sql`
    create or replace function case_counts_rebuild() returns void language plpgsql security definer
    set search_path = public, pg_catalog
    as $$
    begin
      lock table case_counts, case_due_counts, case_owner_due_counts in exclusive mode;
      delete from case_counts;
      delete from case_due_counts;
      delete from case_owner_due_counts;
      insert into case_counts (${KEY}, n)
        select * from (
          select false, client_id, stage, status, owner_id, answer_rejected, next_due_at is not null, count(*) from cases group by 2, 3, 4, 5, 6, 7
          union all
          select true, null, stage, status, owner_id, answer_rejected, next_due_at is not null, count(*) from cases group by 3, 4, 5, 6, 7
        ) k order by 1, 2, 3, 4;
      insert into case_due_counts (${DUE_KEY}, n)
        select * from (
          select false, client_id, stage, status, answer_rejected, (next_due_at at time zone 'UTC')::date as due_day, count(*)
          from cases where next_due_at is not null group by 2, 3, 4, 5, 6
          union all
          select true, null, stage, status, answer_rejected, (next_due_at at time zone 'UTC')::date, count(*)
          from cases where next_due_at is not null group by 3, 4, 5, 6
        ) d order by 1, 2, 6;
      insert into case_owner_due_counts (${OWNER_DUE_KEY}, n)
        select * from (
          select false, client_id, stage, status, owner_id, answer_rejected, (next_due_at at time zone 'UTC')::date as due_day, count(*)
          from cases where next_due_at is not null group by 2, 3, 4, 5, 6, 7
          union all
          select true, null, stage, status, owner_id, answer_rejected, (next_due_at at time zone 'UTC')::date, count(*)
          from cases where next_due_at is not null group by 3, 4, 5, 6, 7
        ) o order by 1, 2, 5, 7;
    end $$
  `.execute(db);
  await sql`
    create or replace function case_counts_clear() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$ begin delete from case_counts; delete from case_due_counts; delete from case_owner_due_counts; return null; end $$
  `.execute(db);
  await sql`select case_counts_rebuild()`.execute(db);

  // --- the edges of a day, index-only under an owner or "answer rejected" filter ------------------------
  await sql`drop index cases_next_due`.execute(db);
  await sql`drop index cases_client_next_due`.execute(db);
  await sql`create index cases_next_due on cases (next_due_at) include (stage, status, owner_id, answer_rejected) where next_due_at is not null`.execute(db);
  await sql`create index cases_client_next_due on cases (client_id, next_due_at) include (stage, status, owner_id, answer_rejected) where next_due_at is not null`.execute(db);

  // --- the counts -----------------------------------------------------------------------------------------
  await sql`drop function recourse_queue_counts(timestamptz, timestamptz)`.execute(db);
  await sql`
    create function recourse_queue_counts(at timestamptz, week_end timestamptz, only_client uuid, owner_is text, due_is text, rejected_only boolean)
    returns table (stage text, status text, n bigint, overdue bigint, week bigint, rejected bigint, mine bigint, unowned bigint)
    language plpgsql stable security definer set search_path = public, pg_catalog
    as $$
    #variable_conflict use_column
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      me uuid := recourse_actor_user_id();
      everyone boolean := coalesce(actor_role in ('officer', 'system'), false);
      -- true: the rows summed over every client; false: one_client's rows
      whole boolean;
      one_client uuid;
      by_owner boolean := owner_is is not null;
      rej boolean := coalesce(rejected_only, false);
      -- One owner's days are read only when a count needs them: under the owner filter (overdue
      -- and due soon of its cases), and under the deadline filter (mine, unassigned).
      my_days boolean := coalesce(owner_is = 'mine', false) or due_is is not null;
      nobodys_days boolean := coalesce(owner_is = 'unassigned', false) or due_is is not null;
      day0 date := (at at time zone 'UTC')::date;
      day1 date := (week_end at time zone 'UTC')::date;
      start0 timestamptz := day0::timestamp at time zone 'UTC';
      start1 timestamptz := day1::timestamp at time zone 'UTC';
    begin
      if owner_is is not null and owner_is not in ('mine', 'unassigned') then raise exception 'unknown owner filter %', owner_is; end if;
      if due_is is not null and due_is not in ('overdue', 'week') then raise exception 'unknown due filter %', due_is; end if;
      if everyone then
        whole := only_client is null;
        one_client := only_client;
      elsif actor_role = 'liaison' and actor_client is not null then
        -- A liaison counts their client's cases; a filter naming another client holds none.
        if only_client is not null and only_client <> actor_client then return; end if;
        whole := false;
        one_client := actor_client;
      else
        return;
      end if;
      -- For a set S of cases (those matching the filters other than the deadline, or mine,
      -- unassigned, answer rejected): overdue(S) = S's running deadlines - those due at or after
      -- at; due soon(S) = those due in [at, week_end). Whole UTC days after at's day come from the
      -- day tables (the days ahead only), the rest of at's day and the start of week_end's day
      -- from two short ranges of next_due_at. week_end must fall on a later UTC day than at.
      -- Each branch below states its rows as index conditions (total, client, owner, days ahead);
      -- the plan keeps only the branches whose one-time conditions hold.
      return query
        with counted as (
          select k.* from case_counts k where whole and k.total and k.client_id is null
          union all
          select k.* from case_counts k where not whole and not k.total and k.client_id = one_client
        ), matched as (
          select k.stage, k.status, k.n, k.dated, k.owner_id, k.answer_rejected,
            coalesce(not by_owner or (owner_is = 'mine' and k.owner_id = me) or (owner_is = 'unassigned' and k.owner_id is null), false) as owner_ok,
            (not rej or k.answer_rejected) as rejected_ok
          from counted k
        ), stored as (
          select m.stage, m.status, sum(m.n) as everything,
            sum(m.n) filter (where m.owner_ok and m.rejected_ok) as n,
            sum(m.n) filter (where m.owner_ok and m.rejected_ok and m.dated) as n_dated,
            sum(m.n) filter (where m.owner_ok and m.answer_rejected) as rejected,
            sum(m.n) filter (where m.owner_ok and m.answer_rejected and m.dated) as rejected_dated,
            sum(m.n) filter (where m.owner_id = me and m.rejected_ok) as mine,
            sum(m.n) filter (where m.owner_id = me and m.rejected_ok and m.dated) as mine_dated,
            sum(m.n) filter (where m.owner_id is null and m.rejected_ok) as unowned,
            sum(m.n) filter (where m.owner_id is null and m.rejected_ok and m.dated) as unowned_dated
          from matched m
          group by m.stage, m.status
        ), day_rows as (
          -- Every owner's, summed: S under no owner filter.
          select d.stage, d.status, d.due_day, d.n, (not rej or d.answer_rejected) as in_n, d.answer_rejected as in_rejected,
            false as in_mine, false as in_unowned
          from case_due_counts d where whole and not by_owner and d.total and d.client_id is null and d.due_day > day0
          union all
          select d.stage, d.status, d.due_day, d.n, (not rej or d.answer_rejected), d.answer_rejected, false, false
          from case_due_counts d where not whole and not by_owner and not d.total and d.client_id = one_client and d.due_day > day0
          union all
          -- The actor's own and nobody's: mine, unassigned, and S under the owner filter.
          select o.stage, o.status, o.due_day, o.n,
            owner_is = 'mine' and (not rej or o.answer_rejected), owner_is = 'mine' and o.answer_rejected, (not rej or o.answer_rejected), false
          from case_owner_due_counts o where whole and my_days and o.total and o.client_id is null and o.owner_id = me and o.due_day > day0
          union all
          select o.stage, o.status, o.due_day, o.n,
            owner_is = 'mine' and (not rej or o.answer_rejected), owner_is = 'mine' and o.answer_rejected, (not rej or o.answer_rejected), false
          from case_owner_due_counts o where not whole and my_days and not o.total and o.client_id = one_client and o.owner_id = me and o.due_day > day0
          union all
          select o.stage, o.status, o.due_day, o.n,
            owner_is = 'unassigned' and (not rej or o.answer_rejected), owner_is = 'unassigned' and o.answer_rejected, false, (not rej or o.answer_rejected)
          from case_owner_due_counts o where whole and nobodys_days and o.total and o.client_id is null and o.owner_id is null and o.due_day > day0
          union all
          select o.stage, o.status, o.due_day, o.n,
            owner_is = 'unassigned' and (not rej or o.answer_rejected), owner_is = 'unassigned' and o.answer_rejected, false, (not rej or o.answer_rejected)
          from case_owner_due_counts o where not whole and nobodys_days and not o.total and o.client_id = one_client and o.owner_id is null and o.due_day > day0
        ), days as (
          select r.stage, r.status,
            sum(r.n) filter (where r.in_n) as n_ahead, sum(r.n) filter (where r.in_n and r.due_day < day1) as n_week,
            sum(r.n) filter (where r.in_rejected) as rejected_ahead, sum(r.n) filter (where r.in_rejected and r.due_day < day1) as rejected_week,
            sum(r.n) filter (where r.in_mine) as mine_ahead, sum(r.n) filter (where r.in_mine and r.due_day < day1) as mine_week,
            sum(r.n) filter (where r.in_unowned) as unowned_ahead, sum(r.n) filter (where r.in_unowned and r.due_day < day1) as unowned_week
          from day_rows r group by r.stage, r.status
        ), edge_rows as (
          select c.stage, c.status, c.owner_id, c.answer_rejected, true as today from cases c
          where whole and c.next_due_at >= at and c.next_due_at < start0 + interval '1 day'
          union all
          select c.stage, c.status, c.owner_id, c.answer_rejected, false from cases c
          where whole and c.next_due_at >= start1 and c.next_due_at < week_end
          union all
          select c.stage, c.status, c.owner_id, c.answer_rejected, true from cases c
          where not whole and c.client_id = one_client and c.next_due_at >= at and c.next_due_at < start0 + interval '1 day'
          union all
          select c.stage, c.status, c.owner_id, c.answer_rejected, false from cases c
          where not whole and c.client_id = one_client and c.next_due_at >= start1 and c.next_due_at < week_end
        ), edge_matched as (
          select r.stage, r.status, r.today, r.owner_id, r.answer_rejected,
            coalesce(not by_owner or (owner_is = 'mine' and r.owner_id = me) or (owner_is = 'unassigned' and r.owner_id is null), false) as owner_ok,
            (not rej or r.answer_rejected) as rejected_ok
          from edge_rows r
        ), edges as (
          select e.stage, e.status,
            count(*) filter (where e.today and e.owner_ok and e.rejected_ok) as n_today,
            count(*) filter (where not e.today and e.owner_ok and e.rejected_ok) as n_last,
            count(*) filter (where e.today and e.owner_ok and e.answer_rejected) as rejected_today,
            count(*) filter (where not e.today and e.owner_ok and e.answer_rejected) as rejected_last,
            count(*) filter (where e.today and e.owner_id = me and e.rejected_ok) as mine_today,
            count(*) filter (where not e.today and e.owner_id = me and e.rejected_ok) as mine_last,
            count(*) filter (where e.today and e.owner_id is null and e.rejected_ok) as unowned_today,
            count(*) filter (where not e.today and e.owner_id is null and e.rejected_ok) as unowned_last
          from edge_matched e group by e.stage, e.status
        ), measured as (
          select s.stage, s.status, s.everything,
            coalesce(s.n, 0) as n_any,
            coalesce(s.n_dated, 0) - coalesce(d.n_ahead, 0) - coalesce(e.n_today, 0) as n_overdue,
            coalesce(d.n_week, 0) + coalesce(e.n_today, 0) + coalesce(e.n_last, 0) as n_week,
            coalesce(s.rejected, 0) as rejected_any,
            coalesce(s.rejected_dated, 0) - coalesce(d.rejected_ahead, 0) - coalesce(e.rejected_today, 0) as rejected_overdue,
            coalesce(d.rejected_week, 0) + coalesce(e.rejected_today, 0) + coalesce(e.rejected_last, 0) as rejected_week,
            coalesce(s.mine, 0) as mine_any,
            coalesce(s.mine_dated, 0) - coalesce(d.mine_ahead, 0) - coalesce(e.mine_today, 0) as mine_overdue,
            coalesce(d.mine_week, 0) + coalesce(e.mine_today, 0) + coalesce(e.mine_last, 0) as mine_week,
            coalesce(s.unowned, 0) as unowned_any,
            coalesce(s.unowned_dated, 0) - coalesce(d.unowned_ahead, 0) - coalesce(e.unowned_today, 0) as unowned_overdue,
            coalesce(d.unowned_week, 0) + coalesce(e.unowned_today, 0) + coalesce(e.unowned_last, 0) as unowned_week
          from stored s
            left join days d on d.stage = s.stage and d.status = s.status
            left join edges e on e.stage = s.stage and e.status = s.status
        )
        -- Each measure under the other filters: n under all, overdue and week under all but the
        -- deadline filter, mine and unowned under all but the owner filter, rejected under all
        -- but the answer filter.
        select m.stage, m.status,
          (case due_is when 'overdue' then m.n_overdue when 'week' then m.n_week else m.n_any end)::bigint,
          m.n_overdue::bigint,
          m.n_week::bigint,
          (case due_is when 'overdue' then m.rejected_overdue when 'week' then m.rejected_week else m.rejected_any end)::bigint,
          (case due_is when 'overdue' then m.mine_overdue when 'week' then m.mine_week else m.mine_any end)::bigint,
          (case due_is when 'overdue' then m.unowned_overdue when 'week' then m.unowned_week else m.unowned_any end)::bigint
        from measured m
        where m.everything > 0;
    end $$
  `.execute(db);
  await sql`revoke all on function recourse_queue_counts(timestamptz, timestamptz, uuid, text, text, boolean) from public`.execute(db);
  await sql`grant execute on function recourse_queue_counts(timestamptz, timestamptz, uuid, text, text, boolean) to recourse_app`.execute(db);

  // --- search: a reference's number alone ---------------------------------------------------------------
  await sql`create index cases_reference_number on cases (split_part(reference, '-', 3))`.execute(db);
  await sql`analyze cases`.execute(db);
  await searchIds(db, true);
}

/** recourse_search_ids as migration 026 wrote it, with (`number`) or without the kind 'number'. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function searchIds(db: Kysely<any>, number: boolean): Promise<void> {
  const numberKind = number
    ? sql.raw(`
      elsif kind = 'number' then
        -- The number part as the app writes it ('000006'), on the index of that part.
        execute 'select array(select c.id from cases c where split_part(c.reference, ''-'', 3) = $1 and ' || scope || ' limit $3)' into hits using term, actor_client, cap + 1;`)
    : sql.raw("");
  await sql`
    create or replace function recourse_search_ids(kind text, term text, cap integer) returns uuid[]
    language plpgsql volatile security definer set search_path = public, pg_catalog
    as $$
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      sees_all boolean := coalesce(actor_role in ('officer', 'system'), false);
      scope text;
      hits uuid[];
      plan json;
    begin
      if sees_all then scope := 'true';
      elsif actor_role = 'liaison' and actor_client is not null then scope := 'c.client_id = $2';
      else return '{}';
      end if;
      if kind = 'words' then
        if sees_all then
          execute 'explain (format json) select s.case_id from case_search s
              where s.every @@ plainto_tsquery(''english''::regconfig, $1) or s.every @@ plainto_tsquery(''simple''::regconfig, $1)'
            into plan using term;
          if (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > 2 * cap then return null; end if;
          execute 'select array(select s.case_id from case_search s
              where s.every @@ plainto_tsquery(''english''::regconfig, $1) or s.every @@ plainto_tsquery(''simple''::regconfig, $1) limit $3)'
            into hits using term, actor_client, cap + 1;
        else
          execute 'select array(select s.case_id from case_search s join cases c on c.id = s.case_id
              where c.client_id = $2 and (s.shared @@ plainto_tsquery(''english''::regconfig, $1) or s.shared @@ plainto_tsquery(''simple''::regconfig, $1)) limit $3)'
            into hits using term, actor_client, cap + 1;
        end if;
      elsif kind = 'reference' then
        -- The pattern is a LIKE prefix the caller escaped; its value lets the text_pattern_ops index serve it.
        execute 'select array(select c.id from cases c where c.reference like $1 and ' || scope || ' limit $3)' into hits using term, actor_client, cap + 1;
      elsif kind = 'email' then
        execute 'select array(select c.id from users u join cases c on c.complainant_id = u.id where u.email like $1 and ' || scope || ' limit $3)'
          into hits using term, actor_client, cap + 1;${numberKind}
      else
        raise exception 'unknown search kind %', kind;
      end if;
      if cardinality(hits) > cap then return null; end if;
      return hits;
    end $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await searchIds(db, false);
  await sql`drop index cases_reference_number`.execute(db);

  await sql`drop function recourse_queue_counts(timestamptz, timestamptz, uuid, text, text, boolean)`.execute(db);
  // Migration 017's.
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
      everyone boolean := coalesce(actor_role in ('officer', 'system'), false);
      day0 date := (at at time zone 'UTC')::date;
      day1 date := (week_end at time zone 'UTC')::date;
      start0 timestamptz := day0::timestamp at time zone 'UTC';
      start1 timestamptz := day1::timestamp at time zone 'UTC';
    begin
      if not (everyone or (actor_role = 'liaison' and actor_client is not null)) then
        return;
      end if;
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
  await sql`revoke all on function recourse_queue_counts(timestamptz, timestamptz) from public`.execute(db);
  await sql`grant execute on function recourse_queue_counts(timestamptz, timestamptz) to recourse_app`.execute(db);

  await sql`drop index cases_next_due`.execute(db);
  await sql`drop index cases_client_next_due`.execute(db);
  await sql`create index cases_next_due on cases (next_due_at) include (stage, status) where next_due_at is not null`.execute(db);
  await sql`create index cases_client_next_due on cases (client_id, next_due_at) include (stage, status) where next_due_at is not null`.execute(db);

  // Migration 017's functions; the day table back to its key, counted again.
  await sql`
    create or replace function case_counts_track() returns trigger language plpgsql security definer
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
        insert into case_due_counts (${DUE_KEY_OLD}, n) values (false, old.client_id, old.stage, old.status, old_day, -1), (true, null, old.stage, old.status, old_day, -1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n - 1;
      end if;
      if new_day is not null and not same_due then
        insert into case_due_counts (${DUE_KEY_OLD}, n) values (false, new.client_id, new.stage, new.status, new_day, 1), (true, null, new.stage, new.status, new_day, 1)
        on conflict on constraint case_due_counts_key do update set n = case_due_counts.n + 1;
      end if;
      return null;
    end $$
  `.execute(db);
  await sql`
    create or replace function case_counts_rebuild() returns void language plpgsql security definer
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
      insert into case_due_counts (${DUE_KEY_OLD}, n)
        select false, client_id, stage, status, (next_due_at at time zone 'UTC')::date, count(*)
        from cases where next_due_at is not null group by 2, 3, 4, 5
        union all
        select true, null, stage, status, (next_due_at at time zone 'UTC')::date, count(*)
        from cases where next_due_at is not null group by 3, 4, 5;
    end $$
  `.execute(db);
  await sql`
    create or replace function case_counts_clear() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$ begin delete from case_counts; delete from case_due_counts; return null; end $$
  `.execute(db);
  await sql`drop table case_owner_due_counts`.execute(db);
  await sql`delete from case_due_counts`.execute(db);
  await sql`alter table case_due_counts drop constraint case_due_counts_key`.execute(db);
  await sql`alter table case_due_counts drop column answer_rejected`.execute(db);
  await sql`alter table case_due_counts add constraint case_due_counts_key unique nulls not distinct (${DUE_KEY_OLD})`.execute(db);
  await sql`create index case_due_counts_total_day on case_due_counts (due_day) where total`.execute(db);
  await sql`select case_counts_rebuild()`.execute(db);
}
