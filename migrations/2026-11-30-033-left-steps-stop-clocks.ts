import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// A case that moves on to the next step stops the unmet clocks of the step it leaves (ADR 056),
// as an ending stops its step's clocks (migration 031). Until now those clocks kept running on
// the case page: a client-stage answer not yet due when the dispute body took the case turned
// "overdue" weeks later, though nobody owed it any more.
// 1. The clocks already left behind get the moment their step was left: the first start of a
//    later step's clocks (each step's clocks start when it is entered), else the current step's
//    entry; never before the clock itself started (a move up dated in the past can precede a
//    follow-up the step began later). Paused ones keep their pause (judged there already).
// 2. The dashboard's facts judge a clock where it stopped: stopped_at is a "left behind" moment
//    (the case moved on or ended), before the approximations from the case row.

const TERMINAL = `('resolved', 'withdrawn', 'closed')`;
const LADDER = sql`array['client', 'company', 'dma', 'arbitration']::text[]`;

/** recourse_deadline_facts as migration 018 wrote it, with (`stopped`) or without stopped_at among the moments a clock is left. */
const factsFunction = (stopped: boolean) => `
    create or replace function recourse_deadline_facts(ids uuid[]) returns void
    language sql volatile security definer set search_path = public, pg_catalog
    as $$
      insert into deadline_facts as f (deadline_id, case_id, opened_at, client_id, framework, stage, kind, due_at, settled_at, settled_result, met_days)
      select d.id, d.case_id, c.opened_at, c.client_id, c.framework, d.stage, d.kind, d.due_at, s.settled_at,
        case when s.settled_at is null then null when s.settled_at > d.due_at then 'breached' when d.met_at = s.settled_at then 'met'
          when l.left_at = s.settled_at then 'lapsed' else 'running' end,
        case when d.met_at is not null then floor(extract(epoch from d.met_at - d.starts_at) / 86400)::int end
      from case_deadlines d join cases c on c.id = d.case_id,
        lateral (select least(${stopped ? "d.stopped_at," : ""}
          case when c.status in ${TERMINAL} then c.updated_at end,
          case when d.stage <> c.stage then c.stage_entered_at end) as left_at) l,
        lateral (select least(d.met_at, d.paused_at, l.left_at) as settled_at) s
      where d.case_id = any(ids)
      on conflict (deadline_id) do update set case_id = excluded.case_id, opened_at = excluded.opened_at, client_id = excluded.client_id,
        framework = excluded.framework, stage = excluded.stage, kind = excluded.kind, due_at = excluded.due_at,
        settled_at = excluded.settled_at, settled_result = excluded.settled_result, met_days = excluded.met_days
      where (f.case_id, f.opened_at, f.client_id, f.framework, f.stage, f.kind, f.due_at, f.settled_at, f.settled_result, f.met_days)
        is distinct from (excluded.case_id, excluded.opened_at, excluded.client_id, excluded.framework, excluded.stage, excluded.kind,
          excluded.due_at, excluded.settled_at, excluded.settled_result, excluded.met_days)
    $$`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(factsFunction(true)).execute(db);
  // The update's trigger counts the facts of the cases it changes again, with the function above.
  await sql`
    update case_deadlines d
    set stopped_at = greatest(d.starts_at, coalesce(
      (select min(o.starts_at) from case_deadlines o
        where o.case_id = d.case_id and array_position(${LADDER}, o.stage) > array_position(${LADDER}, d.stage)),
      c.stage_entered_at))
    from cases c
    where c.id = d.case_id and d.stage <> c.stage and d.met_at is null and d.paused_at is null and d.stopped_at is null
  `.execute(db);
  // Ended cases stopped by migration 031: judged at their stop now, not at the case row's last change.
  await sql`select recourse_deadline_facts(array(select distinct case_id from case_deadlines where stopped_at is not null))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(factsFunction(false)).execute(db);
  await sql`update case_deadlines d set stopped_at = null from cases c where c.id = d.case_id and d.stage <> c.stage and d.stopped_at is not null`.execute(db);
  await sql`select recourse_deadline_facts(array(select distinct case_id from case_deadlines))`.execute(db);
}
