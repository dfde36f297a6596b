import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The queue's counts (migration 027) read the cases due at the two edges of the counted days one
// by one, and judged each against eight filters. A day's deadlines fall together (at its end in
// the office's zone), so an edge holds thousands of cases at 100,000: the function took twice as
// long as migration 017's. The edge cases are now grouped first by what the filters ask of them
// (stage, status, today or the last day, the actor's or nobody's, answer rejected), and the filters
// judge the groups. Same counts (tests/integration/queue-counts.test.ts compares every filter with
// the cases themselves). ADR 055.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await queueCounts(db, true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await queueCounts(db, false);
}

/** recourse_queue_counts as migration 027 wrote it, with its edge cases grouped (`grouped`) or not. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function queueCounts(db: Kysely<any>, grouped: boolean): Promise<void> {
  const edges = grouped
    ? sql.raw(`
        ), edge_groups as (
          -- One row per kind of case due at an edge, not one per case (a day's deadlines fall
          -- together, at its end in the office's zone): the filters below ask of an owner only
          -- whether it is the actor or nobody.
          select r.stage, r.status, r.today, coalesce(r.owner_id = me, false) as own, r.owner_id is null as nobody,
            r.answer_rejected, count(*) as n
          from edge_rows r group by 1, 2, 3, 4, 5, 6
        ), edge_matched as (
          select g.stage, g.status, g.today, g.own, g.nobody, g.answer_rejected, g.n,
            coalesce(not by_owner or (owner_is = 'mine' and g.own) or (owner_is = 'unassigned' and g.nobody), false) as owner_ok,
            (not rej or g.answer_rejected) as rejected_ok
          from edge_groups g
        ), edges as (
          select e.stage, e.status,
            sum(e.n) filter (where e.today and e.owner_ok and e.rejected_ok) as n_today,
            sum(e.n) filter (where not e.today and e.owner_ok and e.rejected_ok) as n_last,
            sum(e.n) filter (where e.today and e.owner_ok and e.answer_rejected) as rejected_today,
            sum(e.n) filter (where not e.today and e.owner_ok and e.answer_rejected) as rejected_last,
            sum(e.n) filter (where e.today and e.own and e.rejected_ok) as mine_today,
            sum(e.n) filter (where not e.today and e.own and e.rejected_ok) as mine_last,
            sum(e.n) filter (where e.today and e.nobody and e.rejected_ok) as unowned_today,
            sum(e.n) filter (where not e.today and e.nobody and e.rejected_ok) as unowned_last
          from edge_matched e group by e.stage, e.status`)
    : sql.raw(`
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
          from edge_matched e group by e.stage, e.status`);
  await sql`
    create or replace function recourse_queue_counts(at timestamptz, week_end timestamptz, only_client uuid, owner_is text, due_is text, rejected_only boolean)
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
${edges}
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
}
