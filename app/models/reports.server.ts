import { sql, type Expression, type SqlBool, type Transaction } from "kysely";
import {
  CATEGORY_LABELS,
  CLOSURE_KINDS,
  DEADLINE_RESULTS,
  DEADLINE_RESULT_LABELS,
  PRINCIPLE_CATEGORIES,
  REMEDIES,
  REQUEST_CATEGORIES,
  RESOLUTION_BANDS,
  STAGES,
  stepName,
  STATUS_LABELS,
  ACTIVE_STATUSES,
  crossTab,
  dayFromIso,
  mergeBuckets,
  monthLabel,
  monthsFrom,
  resolutionBand,
  shapeAnnual,
  spreadOf,
  startOfDay,
  addMonths,
  type Actor,
  type AnnualFigures,
  type AnnualTable,
  type Bucket,
  type Chart,
  type FrameworkId,
  type Month,
  type SumRule,
} from "~/domain";
import type { Database } from "~/db/schema";
import { COUNTRIES } from "~/lib/countries";
import { loadOperatorZone } from "./clock-settings.server";
import { asActor } from "./scope.server";

// Reports (issue 9, parts 2 and 3): every figure is counted in SQL over the cases the filters
// select; app/domain/reports.ts shapes the counts (percentiles, suppression, CSV). Officer only:
// the routes check the role, and the queries run as the officer (row-level security, ADR 018).

/** "operator": the cases about the operator itself (no client). */
export type ClientFilter = { kind: "all" } | { kind: "operator" } | { kind: "client"; id: string };

export interface DashboardFilters {
  from: Month;
  to: Month;
  client: ClientFilter;
  framework: FrameworkId | null;
}

export interface Dashboard {
  zone: string;
  clients: { id: string; name: string }[];
  /** Cases the filters select. */
  cases: number;
  charts: Chart[];
}

type Trx = Transaction<Database>;

const TERMINAL = sql.raw(`('resolved', 'withdrawn', 'closed')`);
/** The events that end a case; the latest one is when it ended (a reopened case ends again later). */
const ENDING_EVENTS = sql.raw(`('closed', 'withdrawn', 'answer_accepted', 'award_complied_with')`);

/** The first instant of `month` in the operator's zone. */
function monthStart(month: Month, zone: string): Date {
  return startOfDay(dayFromIso(`${month}-01`), zone);
}

/** The filters as one SQL condition on `cases` (aliased c). */
function selected(f: DashboardFilters, zone: string): Expression<SqlBool> {
  const start = monthStart(f.from, zone);
  const end = monthStart(addMonths(f.to, 1), zone);
  const client =
    f.client.kind === "all" ? sql`true` : f.client.kind === "operator" ? sql`c.client_id is null` : sql`c.client_id = ${f.client.id}::uuid`;
  const framework = f.framework ? sql`c.framework = ${f.framework}` : sql`true`;
  return sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end} and ${client} and ${framework}`;
}

const REACHED = sql`case when 'arbitration' = any(c.stages_visited) then 'arbitration' when 'dma' = any(c.stages_visited) then 'dma'
  when 'company' = any(c.stages_visited) then 'company' else 'client' end`;

const STAGE_ROWS = STAGES.map((s) => ({ key: s, label: stepName(s) }));

const OUTCOME_KEYS = ["open", "resolved", "withdrawn", ...CLOSURE_KINDS.map((k) => `closed:${k}`)] as const;
const OUTCOME_LABELS: Record<string, string> = {
  open: "Still open",
  resolved: "Resolved",
  withdrawn: "Withdrawn",
  "closed:out_of_scope": "Closed: out of scope (ineligible)",
  "closed:duplicate": "Closed: duplicate",
  "closed:unfounded": "Closed: unfounded",
  "closed:settled": "Closed: settled",
  "closed:not_pursued": "Closed: not pursued",
};
/** A case's outcome key: open, resolved, withdrawn or closed:<kind>. */
const OUTCOME = sql<string>`case when c.status not in ${TERMINAL} then 'open' when c.status = 'closed' then 'closed:' || coalesce(c.closure->>'kind', 'unfounded') else c.status end`;

export async function dashboard(actor: Actor, f: DashboardFilters, now: Date): Promise<Dashboard> {
  return asActor(actor, async (trx) => {
    const zone = await loadOperatorZone(trx);
    const where = selected(f, zone);
    const [clients, opened, open, deadlines, timing, outcomes] = await Promise.all([
      trx.selectFrom("clients").select(["id", "name"]).orderBy("name").execute(),
      sql<{ month: string; reached: string; n: number }>`
        select to_char(c.opened_at at time zone ${zone}, 'YYYY-MM') as month, ${REACHED} as reached, count(*)::int as n
        from cases c where ${where} group by 1, 2`.execute(trx),
      sql<{ stage: string; status: string; n: number }>`
        select c.stage, c.status, count(*)::int as n from cases c where ${where} and c.status not in ${TERMINAL} group by 1, 2`.execute(trx),
      deadlineResults(trx, where, now),
      sql<{ kind: string; stage: string; client_id: string | null; days: number; n: number }>`
        select d.kind, d.stage, c.client_id, floor(extract(epoch from d.met_at - d.starts_at) / 86400)::int as days, count(*)::int as n
        from case_deadlines d join cases c on c.id = d.case_id
        where ${where} and d.kind in ('acknowledgement', 'response') and d.met_at is not null
        group by 1, 2, 3, 4`.execute(trx),
      sql<{ outcome: string; n: number }>`select ${OUTCOME} as outcome, count(*)::int as n from cases c where ${where} group by 1`.execute(trx),
    ]);
    const months = monthsFrom(f.from, f.to);
    const cases = opened.rows.reduce((s, r) => s + r.n, 0);
    const charts: Chart[] = [
      {
        id: "opened",
        title: "Cases opened per month, by the highest stage reached",
        rowHeader: "Month",
        series: STAGES.map((s) => stepName(s)),
        rows: crossTab(months.map((m) => ({ key: m, label: monthLabel(m) })), STAGES, opened.rows.map((r) => ({ row: r.month, series: r.reached, count: r.n }))),
        layout: "stacked",
        unit: "cases",
        note: `Months in ${zone} time. A case counts once, in the month it was opened, under the highest stage it has reached so far.`,
      },
      {
        id: "open",
        title: "Open cases by stage and status",
        rowHeader: "Stage",
        series: ACTIVE_STATUSES.map((s) => STATUS_LABELS[s]),
        rows: crossTab(STAGE_ROWS, ACTIVE_STATUSES, open.rows.map((r) => ({ row: r.stage, series: r.status, count: r.n }))),
        layout: "stacked",
        unit: "cases",
        note: "Cases of the period that are not resolved, withdrawn or closed, by where they stand now.",
      },
      {
        id: "deadlines",
        title: "Deadlines met and breached, per stage",
        rowHeader: "Stage",
        series: DEADLINE_RESULTS.map((r) => DEADLINE_RESULT_LABELS[r]),
        rows: crossTab(STAGE_ROWS, DEADLINE_RESULTS, deadlines.map((r) => ({ row: r.stage, series: r.result, count: r.n }))),
        layout: "stacked",
        unit: "deadlines",
        note: "Every clock of the period's cases. A clock is judged when it was met, paused, or left behind (the case moved on or ended), or now: breached when that moment is past its due date.",
      },
      timingChart("timing_stage", "Days to acknowledge and to answer, per stage", "Stage", STAGE_ROWS, timing.rows.map((r) => ({ ...r, row: r.stage }))),
      timingChart(
        "timing_client",
        "Days to acknowledge and to answer, per client",
        "Client",
        [...clients.filter((c) => timing.rows.some((r) => r.client_id === c.id)).map((c) => ({ key: c.id, label: c.name })), ...(timing.rows.some((r) => r.client_id === null) ? [{ key: "", label: "About the operator (no client)" }] : [])],
        timing.rows.map((r) => ({ ...r, row: r.client_id ?? "" })),
      ),
      {
        id: "outcomes",
        title: "Outcomes",
        rowHeader: "Outcome",
        series: ["Cases"],
        rows: crossTab(OUTCOME_KEYS.map((k) => ({ key: k, label: OUTCOME_LABELS[k]! })), ["n"], outcomes.rows.map((r) => ({ row: r.outcome, series: "n", count: r.n }))),
        layout: "stacked",
        unit: "cases",
        note: "How the period's cases ended, or that they are still open.",
      },
    ];
    return { zone, clients, cases, charts };
  });
}

/** The deadline rule of app/domain/reports.ts (deadlineResult), counted in the database. */
async function deadlineResults(trx: Trx, where: Expression<SqlBool>, now: Date) {
  const { rows } = await sql<{ stage: string; result: string; n: number }>`
    with judged as (
      select d.stage, d.due_at, d.met_at,
        left_at,
        least(d.met_at, d.paused_at, left_at, ${now}::timestamptz) as judged_at
      from case_deadlines d join cases c on c.id = d.case_id,
        lateral (select least(
          case when c.status in ${TERMINAL} then c.updated_at end,
          case when d.stage <> c.stage then c.stage_entered_at end) as left_at) l
      where ${where}
    )
    select stage,
      case when judged_at > due_at then 'breached' when met_at = judged_at then 'met' when left_at = judged_at then 'lapsed' else 'running' end as result,
      count(*)::int as n
    from judged group by 1, 2`.execute(trx);
  return rows;
}

const TIMING_SERIES = ["Acknowledge: median", "Acknowledge: 90th percentile", "Answer: median", "Answer: 90th percentile", "Acknowledged", "Answered"];

function timingChart(
  id: Chart["id"],
  title: string,
  rowHeader: string,
  rowsInOrder: { key: string; label: string }[],
  counts: { kind: string; row: string; days: number; n: number }[],
): Chart {
  const buckets = (row: string, kind: string): Bucket[] =>
    mergeBuckets([counts.filter((c) => c.row === row && c.kind === kind).map((c) => ({ value: c.days, count: c.n }))]);
  return {
    id,
    title,
    rowHeader,
    series: TIMING_SERIES,
    rows: rowsInOrder.map((r) => {
      const ack = spreadOf(buckets(r.key, "acknowledgement"));
      const answer = spreadOf(buckets(r.key, "response"));
      return { label: r.label, values: [ack.median, ack.p90, answer.median, answer.p90, ack.count, answer.count] };
    }),
    layout: "grouped",
    drawn: 4,
    unit: "days",
    note: "Whole days (24 hours) from the start of each clock to the acknowledgement or answer that met it, on time or late. The chart shows the four percentiles; the last two columns count the clocks measured.",
  };
}

// ---- the annual report --------------------------------------------------------------------------

export interface AnnualReport {
  year: number;
  zone: string;
  figures: AnnualFigures;
}

const countryLabel = (code: string) => COUNTRIES[code] ?? code;

export async function annualReport(actor: Actor, year: number, threshold: number): Promise<AnnualReport> {
  return asActor(actor, async (trx) => {
    const zone = await loadOperatorZone(trx);
    const start = startOfDay(dayFromIso(`${year}-01-01`), zone);
    const end = startOfDay(dayFromIso(`${year + 1}-01-01`), zone);
    const where = sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end}`;
    const [byCategory, byCountry, byOutcome, escalations, remedies, resolution] = await Promise.all([
      sql<{ key: string; n: number }>`select c.category as key, count(*)::int as n from cases c where ${where} group by 1`.execute(trx),
      sql<{ key: string; n: number }>`select c.country as key, count(*)::int as n from cases c where ${where} group by 1`.execute(trx),
      sql<{ key: string; n: number }>`select ${OUTCOME} as key, count(*)::int as n from cases c where ${where} group by 1`.execute(trx),
      sql<{ dma: number; arbitration: number; awards: number }>`
        select count(*) filter (where 'dma' = any(c.stages_visited))::int as dma,
          count(*) filter (where 'arbitration' = any(c.stages_visited))::int as arbitration,
          count(*) filter (where jsonb_typeof(c.arbitration->'award') = 'object')::int as awards
        from cases c where ${where}`.execute(trx),
      sql<{ key: string; n: number }>`
        select r.remedy as key, count(*)::int as n
        from cases c, jsonb_array_elements_text(case when jsonb_typeof(c.arbitration->'award'->'remedies') = 'array' then c.arbitration->'award'->'remedies' else '[]'::jsonb end) as r(remedy)
        where ${where} group by 1`.execute(trx),
      sql<{ days: number; n: number }>`
        select floor(extract(epoch from ended.at - c.opened_at) / 86400)::int as days, count(*)::int as n
        from cases c, lateral (select max(e.created_at) as at from case_events e where e.case_id = c.id and e.type in ${ENDING_EVENTS}) ended
        where ${where} and c.status in ${TERMINAL} and ended.at is not null group by 1`.execute(trx),
    ]);
    return { year, zone, figures: annualFigures({ byCategory: byCategory.rows, byCountry: byCountry.rows, byOutcome: byOutcome.rows, escalations: escalations.rows[0]!, remedies: remedies.rows, resolution: resolution.rows }, threshold) };
  });
}

interface AnnualCounts {
  byCategory: { key: string; n: number }[];
  byCountry: { key: string; n: number }[];
  byOutcome: { key: string; n: number }[];
  escalations: { dma: number; arbitration: number; awards: number };
  remedies: { key: string; n: number }[];
  resolution: { days: number; n: number }[];
}

/** The cells, their tables and the sums they obey (ADR 027). */
function annualFigures(a: AnnualCounts, threshold: number): AnnualFigures {
  const counts: Record<string, number> = {};
  const put = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
  const principleKeys = Object.keys(PRINCIPLE_CATEGORIES);
  const requestKeys = Object.keys(REQUEST_CATEGORIES);
  for (const r of a.byCategory) {
    put(`category:${r.key}`, r.n);
    put(principleKeys.includes(r.key) ? "type:principle" : "type:request", r.n);
    put("total", r.n);
  }
  for (const r of a.byCountry) put(`country:${r.key}`, r.n);
  for (const r of a.byOutcome) {
    put(`outcome:${r.key}`, r.n);
    if (r.key !== "closed:out_of_scope") put("eligible", r.n);
    if (r.key !== "open") put("ended", r.n);
  }
  put("escalated:dma", a.escalations.dma);
  put("escalated:arbitration", a.escalations.arbitration);
  put("awards", a.escalations.awards);
  for (const r of a.remedies) put(`remedy:${r.key}`, r.n);
  const resolutionDays = a.resolution.map((r) => ({ value: r.days, count: r.n }));
  for (const r of a.resolution) put(`resolution:${resolutionBand(r.days)}`, r.n);

  const total = { key: "total", label: "Complaints received" };
  const countryKeys = a.byCountry.map((r) => r.key).sort((x, y) => countryLabel(x).localeCompare(countryLabel(y)));
  const outcomeKeys = OUTCOME_KEYS.map((k) => `outcome:${k}`);
  const tables: AnnualTable[] = [
    { id: "received", title: "Complaints received", note: "Cases opened in the year (by the operator's calendar), whichever stage they arrived at.", rows: [], total },
    {
      id: "type",
      title: "By type",
      note: "A complaint under one of the framework's principles, or a request about the complainant's own data.",
      rows: [{ key: "type:principle", label: "Complaint under a principle" }, { key: "type:request", label: "Request about one's own data" }],
      total,
    },
    {
      id: "principle",
      title: "By principle and request",
      note: "What each complaint is about.",
      rows: [...principleKeys, ...requestKeys].map((k) => ({ key: `category:${k}`, label: CATEGORY_LABELS[k as keyof typeof CATEGORY_LABELS] })),
      total,
    },
    { id: "country", title: "By country of residence", note: "As the complainant gave it.", rows: countryKeys.map((k) => ({ key: `country:${k}`, label: countryLabel(k) })), total },
    {
      id: "eligibility",
      title: "Eligible and ineligible",
      note: "Ineligible: closed as outside the framework's scope. Every other complaint is counted as eligible.",
      rows: [{ key: "eligible", label: "Eligible" }, { key: "outcome:closed:out_of_scope", label: "Ineligible (out of scope)" }],
      total,
    },
    { id: "outcome", title: "Outcome", note: "Where the year's complaints stand now.", rows: outcomeKeys.map((k) => ({ key: k, label: OUTCOME_LABELS[k.slice("outcome:".length)]! })), total },
    {
      id: "resolution",
      title: "Time to resolution",
      note: "Whole days from receipt to the end of the case, for the year's complaints that have ended.",
      rows: RESOLUTION_BANDS.map((b) => ({ key: `resolution:${b.key}`, label: b.label })),
      total: { key: "ended", label: "Ended" },
    },
    {
      id: "escalation",
      title: "Escalations",
      note: "Complaints that reached the independent dispute body, and binding arbitration (each counted at the highest step it reached and every step below).",
      rows: [{ key: "escalated:dma", label: "To the independent dispute body" }, { key: "escalated:arbitration", label: "To binding arbitration" }],
    },
    {
      id: "awards",
      title: "Arbitration awards by remedy",
      note: "An award may order more than one remedy, so the remedies can add up to more than the awards. No award orders money (Annex I).",
      rows: REMEDIES.map((r) => ({ key: `remedy:${r}`, label: r.replace(/_/g, " ").replace(/^./, (ch) => ch.toUpperCase()) })),
      total: { key: "awards", label: "Awards" },
    },
  ];
  const rules: SumRule[] = [
    { total: "total", parts: ["type:principle", "type:request"] },
    { total: "type:principle", parts: principleKeys.map((k) => `category:${k}`) },
    { total: "type:request", parts: requestKeys.map((k) => `category:${k}`) },
    { total: "total", parts: [...principleKeys, ...requestKeys].map((k) => `category:${k}`) },
    { total: "total", parts: countryKeys.map((k) => `country:${k}`) },
    { total: "total", parts: ["eligible", "outcome:closed:out_of_scope"] },
    { total: "total", parts: outcomeKeys },
    { total: "total", parts: ["outcome:open", "ended"] },
    { total: "ended", parts: outcomeKeys.filter((k) => k !== "outcome:open") },
    { total: "ended", parts: RESOLUTION_BANDS.map((b) => `resolution:${b.key}`) },
  ];
  for (const t of tables) for (const r of [...t.rows, ...(t.total ? [t.total] : [])]) counts[r.key] ??= 0;
  return shapeAnnual(tables, counts, rules, threshold, resolutionDays);
}
