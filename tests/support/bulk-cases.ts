// Many cases at once, straight in SQL, for the queue's plan tests (and quick measurements).
// Not realistic text; realistic shape: every stage and status, clocks met, paused, running and
// overdue, spread over 40 clients, and next_due_at filled by the same rule the domain uses.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../app/db/schema";

export async function insertBulkCases(on: Kysely<Database>, options: { cases: number; now: Date; tag: string }) {
  const { cases, now, tag } = options;
  await sql`insert into clients (name) select ${`Bulk ${tag} `} || g from generate_series(1, 40) g`.execute(on);
  // Complainants as in life (and in the bench's seed): about two cases each, so that the planner's
  // statistics see a person's cases as a few (one complainant of every case made an address's
  // look-up read every case).
  const complainants = Math.max(1, Math.ceil(cases / 2));
  await sql`insert into users (role, email, name)
    select 'complainant', ${`bulk-${tag}-`.toLowerCase()} || g || '@bulk.test', 'Bulk complainant' from generate_series(1, ${complainants}::int) g`.execute(on);
  await sql`
    with c as (select array_agg(id order by name) as ids from clients where name like ${`Bulk ${tag} %`}),
      p as (select array_agg(id order by email) as ids from users where email like ${`bulk-${tag}-%@bulk.test`.toLowerCase()})
    insert into cases (reference, framework, stage, status, category, client_id, complainant_id, description,
      desired_outcome, country, stage_entered_at, stages_visited, arbitration, opened_at, updated_at)
    select ${`BULK-${tag}-`} || g, 'privacy_shield', s.stage, st.status, 'access', c.ids[1 + g % 40], p.ids[1 + (g::bigint * 7877) % ${complainants}::int],
      'Bulk', 'Bulk', 'DE', ${now}::timestamptz - make_interval(days => g % 120, mins => g % 1440), array[s.stage], '{}'::jsonb,
      ${now}::timestamptz - make_interval(days => 120 + g % 120), ${now}::timestamptz
    from generate_series(1, ${cases}::int) g, c, p,
      lateral (select (array['client','client','client','company','company','dma','arbitration'])[1 + (g::bigint * 7919) % 7] as stage) s,
      lateral (select (array['awaiting_acknowledgement','in_progress','in_progress','awaiting_complainant','answered',
        'resolved','withdrawn','closed','closed','closed'])[1 + (g::bigint * 104729) % 10] as status) st
  `.execute(on);
  await sql`
    insert into case_deadlines (case_id, stage, kind, starts_at, due_at, met_at, paused_at, explanation)
    select id, stage, k.kind, stage_entered_at, stage_entered_at + make_interval(days => k.days),
      case when k.kind = 'acknowledgement' and status <> 'awaiting_acknowledgement' then stage_entered_at + interval '1 day' end,
      case when k.kind <> 'acknowledgement' and status = 'awaiting_complainant' then stage_entered_at + interval '2 days' end,
      'bulk'
    from cases,
      lateral (select * from (values ('acknowledgement', 5), (case when cases.stage in ('client', 'company') then 'response'
        when cases.stage = 'dma' then 'review' else 'award' end, 45)) v(kind, days)) k
    where reference like ${`BULK-${tag}-%`}
  `.execute(on);
  // The rule of the domain's nextRunningDeadline (and of the migration's backfill).
  await sql`
    update cases set next_due_at = (
      select min(d.due_at) from case_deadlines d
      where d.case_id = cases.id and d.stage = cases.stage and d.met_at is null and d.paused_at is null
    )
    where reference like ${`BULK-${tag}-%`}
      and status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')
  `.execute(on);
  await sql`analyze users`.execute(on);
  await sql`analyze cases`.execute(on);
  await sql`analyze case_deadlines`.execute(on);
  const first = await on.selectFrom("clients").select("id").where("name", "=", `Bulk ${tag} 1`).executeTakeFirstOrThrow();
  return { aClientId: first.id };
}
