import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import { addMonths, dayFromIso, startOfDay } from "../../app/domain";
import type { Database } from "../../app/db/schema";
import type { AnnualCounts, DashboardCounts, DashboardFilters } from "../../app/models/reports.server";

// The reports' counts as app/models/reports.server.ts computed them before migration 018 (ADR 030):
// straight over cases, case_deadlines and case_events. Kept here, verbatim but for the returned
// shape, as the reference that the report facts must equal (tests/integration/report-facts.test.ts).

const TERMINAL = sql.raw(`('resolved', 'withdrawn', 'closed')`);
const ENDING_EVENTS = sql.raw(`('closed', 'withdrawn', 'answer_accepted', 'award_complied_with')`);
const REACHED = sql`case when 'arbitration' = any(c.stages_visited) then 'arbitration' when 'dma' = any(c.stages_visited) then 'dma'
  when 'company' = any(c.stages_visited) then 'company' else 'client' end`;
const OUTCOME = sql<string>`case when c.status not in ${TERMINAL} then 'open' when c.status = 'closed' then 'closed:' || coalesce(c.closure->>'kind', 'unfounded') else c.status end`;

function selected(f: DashboardFilters, zone: string): Expression<SqlBool> {
  const start = startOfDay(dayFromIso(`${f.from}-01`), zone);
  const end = startOfDay(dayFromIso(`${addMonths(f.to, 1)}-01`), zone);
  const client =
    f.client.kind === "all" ? sql`true` : f.client.kind === "operator" ? sql`c.client_id is null` : sql`c.client_id = ${f.client.id}::uuid`;
  const framework = f.framework ? sql`c.framework = ${f.framework}` : sql`true`;
  return sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end} and ${client} and ${framework}`;
}

export async function legacyDashboardCounts(db: Kysely<Database>, f: DashboardFilters, zone: string, now: Date): Promise<DashboardCounts> {
  const where = selected(f, zone);
  const opened = await sql<{ month: string; reached: string; n: number }>`
    select to_char(c.opened_at at time zone ${zone}, 'YYYY-MM') as month, ${REACHED} as reached, count(*)::int as n
    from cases c where ${where} group by 1, 2`.execute(db);
  const open = await sql<{ stage: string; status: string; n: number }>`
    select c.stage, c.status, count(*)::int as n from cases c where ${where} and c.status not in ${TERMINAL} group by 1, 2`.execute(db);
  const deadlines = await sql<{ stage: string; result: string; n: number }>`
    with judged as (
      select d.stage, d.due_at, d.met_at,
        left_at,
        least(d.met_at, d.paused_at, left_at, ${now}::timestamptz) as judged_at
      from case_deadlines d join cases c on c.id = d.case_id,
        -- A stopped clock was left behind when it stopped (the case moved on or ended, ADR 056).
        lateral (select least(d.stopped_at,
          case when c.status in ${TERMINAL} then c.updated_at end,
          case when d.stage <> c.stage then c.stage_entered_at end) as left_at) l
      where ${where}
    )
    select stage,
      case when judged_at > due_at then 'breached' when met_at = judged_at then 'met' when left_at = judged_at then 'lapsed' else 'running' end as result,
      count(*)::int as n
    from judged group by 1, 2`.execute(db);
  const timing = await sql<{ kind: string; stage: string; client_id: string | null; days: number; n: number }>`
    select d.kind, d.stage, c.client_id, floor(extract(epoch from d.met_at - d.starts_at) / 86400)::int as days, count(*)::int as n
    from case_deadlines d join cases c on c.id = d.case_id
    where ${where} and d.kind in ('acknowledgement', 'response') and d.met_at is not null
    group by 1, 2, 3, 4`.execute(db);
  const outcomes = await sql<{ outcome: string; n: number }>`select ${OUTCOME} as outcome, count(*)::int as n from cases c where ${where} group by 1`.execute(db);
  return { opened: opened.rows, open: open.rows, deadlines: deadlines.rows, timing: timing.rows, outcomes: outcomes.rows };
}

export async function legacyAnnualCounts(db: Kysely<Database>, year: number, zone: string): Promise<AnnualCounts> {
  const start = startOfDay(dayFromIso(`${year}-01-01`), zone);
  const end = startOfDay(dayFromIso(`${year + 1}-01-01`), zone);
  const where = sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end}`;
  const byCategory = await sql<{ key: string; n: number }>`select c.category as key, count(*)::int as n from cases c where ${where} group by 1`.execute(db);
  const byCountry = await sql<{ key: string; n: number }>`select c.country as key, count(*)::int as n from cases c where ${where} group by 1`.execute(db);
  const byOutcome = await sql<{ key: string; n: number }>`select ${OUTCOME} as key, count(*)::int as n from cases c where ${where} group by 1`.execute(db);
  const escalations = await sql<{ dma: number; arbitration: number; awards: number }>`
    select count(*) filter (where 'dma' = any(c.stages_visited))::int as dma,
      count(*) filter (where 'arbitration' = any(c.stages_visited))::int as arbitration,
      count(*) filter (where jsonb_typeof(c.arbitration->'award') = 'object')::int as awards
    from cases c where ${where}`.execute(db);
  const remedies = await sql<{ key: string; n: number }>`
    select r.remedy as key, count(*)::int as n
    from cases c, jsonb_array_elements_text(case when jsonb_typeof(c.arbitration->'award'->'remedies') = 'array' then c.arbitration->'award'->'remedies' else '[]'::jsonb end) as r(remedy)
    where ${where} group by 1`.execute(db);
  const resolution = await sql<{ days: number; n: number }>`
    select floor(extract(epoch from ended.at - c.opened_at) / 86400)::int as days, count(*)::int as n
    from cases c, lateral (select max(e.created_at) as at from case_events e where e.case_id = c.id and e.type in ${ENDING_EVENTS}) ended
    where ${where} and c.status in ${TERMINAL} and ended.at is not null group by 1`.execute(db);
  return {
    byCategory: byCategory.rows,
    byCountry: byCountry.rows,
    byOutcome: byOutcome.rows,
    escalations: escalations.rows[0]!,
    remedies: remedies.rows,
    resolution: resolution.rows,
  };
}
