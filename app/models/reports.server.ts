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
  RESOLUTION_TABLE,
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
import { holdForTransaction } from "~/db/hold.server";
import { COUNTRIES } from "~/lib/countries";
import { loadOperatorZone } from "./clock-settings.server";
import { asActor } from "./scope.server";

// Reports (issue 9, parts 2 and 3): every figure is counted in SQL over the cases the filters
// select, read from the report facts (case_facts, deadline_facts) that triggers keep in the same
// transaction as every change (migration 018, ADR 030): exact and current, without reading the
// wide case rows, the deadline texts or the timeline. app/domain/reports.ts shapes the counts
// (percentiles, suppression, CSV). Officer only: the routes check the role, and the queries run
// as the officer (row-level security, ADR 018).

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

/** The first instant of `month` in the operator's zone. */
function monthStart(month: Month, zone: string): Date {
  return startOfDay(dayFromIso(`${month}-01`), zone);
}

/**
 * The filters as one SQL condition on the facts aliased `c` (case_facts or deadline_facts: both
 * carry the case's opened_at, client_id and framework).
 */
function selected(f: DashboardFilters, zone: string): Expression<SqlBool> {
  const start = monthStart(f.from, zone);
  const end = monthStart(addMonths(f.to, 1), zone);
  const client =
    f.client.kind === "all" ? sql`true` : f.client.kind === "operator" ? sql`c.client_id is null` : sql`c.client_id = ${f.client.id}::uuid`;
  const framework = f.framework ? sql`c.framework = ${f.framework}` : sql`true`;
  return sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end} and ${client} and ${framework}`;
}

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
/**
 * The rows the dashboard's charts are drawn from: counts per (month, stage reached), per open
 * stage and status, per deadline result, per met clock's whole days, per outcome.
 */
export interface DashboardCounts {
  opened: { month: string; reached: string; n: number }[];
  open: { stage: string; status: string; n: number }[];
  deadlines: { stage: string; result: string; n: number }[];
  timing: { kind: string; stage: string; client_id: string | null; days: number; n: number }[];
  outcomes: { outcome: string; n: number }[];
}

const reportClients = (trx: Trx) => trx.selectFrom("clients").select(["id", "name"]).orderBy("name").execute();

/** The dashboard counted now (the pages serve sharedDashboard's figures; ADR 037). */
export async function dashboard(actor: Actor, f: DashboardFilters, now: Date): Promise<Dashboard> {
  return asActor(actor, async (trx) => {
    const zone = await loadOperatorZone(trx);
    const [clients, counts] = await Promise.all([reportClients(trx), dashboardCounts(trx, f, zone, now)]);
    return dashboardCharts(f, zone, clients, counts);
  });
}

/**
 * The dashboard's counts over the report facts (case_facts, deadline_facts: migration 018,
 * ADR 030), which triggers keep in the same transaction as every change of a case, its
 * deadlines and its timeline. The same SQL as over the cases themselves, on narrow rows.
 */
export async function dashboardCounts(trx: Trx, f: DashboardFilters, zone: string, now: Date): Promise<DashboardCounts> {
  const where = selected(f, zone);
  const [cases, deadlines, timing] = await Promise.all([
    // The three charts about cases from ONE scan: a row per (month, stage reached, stage, status,
    // outcome), at most a few hundred, summed below for each chart. reached and outcome are the
    // case's highest stage and its outcome key (open, resolved, withdrawn, closed:<kind>).
    sql<{ month: string; reached: string; stage: string; status: string; outcome: string; n: number }>`
      select to_char(month, 'YYYY-MM') as month, reached, stage, status, outcome, n from (
        select date_trunc('month', c.opened_at at time zone ${zone}) as month, c.reached, c.stage, c.status, c.outcome, count(*)::int as n
        from case_facts c where ${where} group by 1, 2, 3, 4, 5) counted`.execute(trx),
    // deadlineResult: a deadline settled (met, paused or left behind) by now keeps the result it
    // settled with; one still open is breached once its due date has passed, else running.
    sql<{ stage: string; result: string; n: number }>`
      select c.stage,
        case when c.settled_at <= ${now}::timestamptz then c.settled_result when c.due_at < ${now}::timestamptz then 'breached' else 'running' end as result,
        count(*)::int as n
      from deadline_facts c where ${where} group by 1, 2`.execute(trx),
    // Whole days from the start of each met acknowledgement and response clock to its meeting.
    sql<{ kind: string; stage: string; client_id: string | null; days: number; n: number }>`
      select c.kind, c.stage, c.client_id, c.met_days as days, count(*)::int as n
      from deadline_facts c where ${where} and c.kind in ('acknowledgement', 'response') and c.met_days is not null
      group by 1, 2, 3, 4`.execute(trx),
  ]);
  return {
    opened: sumBy(cases.rows, (r) => ({ month: r.month, reached: r.reached })),
    // Not resolved, withdrawn or closed (the outcome key says "open" for exactly those).
    open: sumBy(cases.rows.filter((r) => r.outcome === "open"), (r) => ({ stage: r.stage, status: r.status })),
    deadlines: deadlines.rows,
    timing: timing.rows,
    outcomes: sumBy(cases.rows, (r) => ({ outcome: r.outcome })),
  };
}

/** Counted rows summed by the key `pick` gives each (in first-seen order). */
function sumBy<R extends { n: number }, K extends Record<string, string>>(rows: readonly R[], pick: (r: R) => K): (K & { n: number })[] {
  const sums = new Map<string, K & { n: number }>();
  for (const r of rows) {
    const key = pick(r);
    const id = JSON.stringify(key);
    const seen = sums.get(id);
    if (seen) seen.n += r.n;
    else sums.set(id, { ...key, n: r.n });
  }
  return [...sums.values()];
}

// ---- figures computed once per filter and shared (ADR 037) ------------------------------------

/** How long computed figures are served to every process before a request computes them again. */
export const SNAPSHOT_SECONDS = 60;

/** Figures and the moment they were computed ("Figures as of 14:02 New York time"). */
export interface AsOf<T> {
  report: T;
  computedAt: Date;
}

/**
 * The figures stored under `key` when they were computed within SNAPSHOT_SECONDS of `now` (with
 * `refresh`: at or after `now`, so a refresh never gets figures from before it was asked for);
 * otherwise computed at `now` and stored for every process. Single-flight: an advisory lock per
 * key, so ten simultaneous requests compute once and the other nine read what the first stored.
 */
async function shared<T>(trx: Trx, key: string, now: Date, refresh: boolean, compute: () => Promise<T>): Promise<AsOf<T>> {
  const stored = async (): Promise<AsOf<T> | null> => {
    const row = (await sql<{ computed_at: Date; payload: T }>`select computed_at, payload from report_snapshots where key = ${key}`.execute(trx)).rows[0];
    if (!row) return null;
    const age = now.getTime() - row.computed_at.getTime();
    // abs: another process's clock may run a little ahead of ours.
    const usable = refresh ? age <= 0 : Math.abs(age) < SNAPSHOT_SECONDS * 1000;
    return usable ? { report: row.payload, computedAt: row.computed_at } : null;
  };
  const fresh = await stored();
  if (fresh) return fresh;
  // Held until this transaction commits, after the new row is visible to the waiters.
  await holdForTransaction(trx, "report_snapshots", key);
  const meanwhile = await stored();
  if (meanwhile) return meanwhile;
  const report = await compute();
  await sql`
    insert into report_snapshots (key, computed_at, payload) values (${key}, ${now}, ${JSON.stringify(report)}::jsonb)
    on conflict (key) do update set computed_at = excluded.computed_at, payload = excluded.payload`.execute(trx);
  // Filters nobody asked for since yesterday: their rows go (a few a day; read only by key).
  await sql`delete from report_snapshots where computed_at < ${now}::timestamptz - interval '1 day'`.execute(trx);
  return { report, computedAt: now };
}

/** The filter key of a dashboard: the filters and the zone their months are counted in. */
const dashboardKey = (f: DashboardFilters, zone: string) =>
  JSON.stringify(["dashboard", zone, f.from, f.to, f.client.kind === "client" ? f.client.id : f.client.kind, f.framework]);

/**
 * The dashboard as every officer sees it for these filters: computed at most SNAPSHOT_SECONDS ago
 * (or now, when `refresh`), shared by every process. The clients of the filter form are read now.
 */
export async function sharedDashboard(actor: Actor, f: DashboardFilters, now: Date, refresh = false, requestZone?: string): Promise<AsOf<Dashboard>> {
  return asActor(actor, async (trx) => {
    // The page's loader has the request's zone already (operatorZoneOf); read it only without one.
    const zone = requestZone ?? (await loadOperatorZone(trx));
    const clients = await reportClients(trx);
    const figures = await shared(trx, dashboardKey(f, zone), now, refresh, async () => {
      const { clients: _, ...charts } = dashboardCharts(f, zone, clients, await dashboardCounts(trx, f, zone, now));
      return charts;
    });
    return { report: { ...figures.report, clients }, computedAt: figures.computedAt };
  });
}

/** The charts and their tables from the counts (pure: the same counts give the same page). */
export function dashboardCharts(f: DashboardFilters, zone: string, clients: { id: string; name: string }[], counts: DashboardCounts): Dashboard {
  const { opened, open, deadlines, timing, outcomes } = counts;
  const timedClients = new Set(timing.map((r) => r.client_id));
  const months = monthsFrom(f.from, f.to);
  const cases = opened.reduce((s, r) => s + r.n, 0);
  const charts: Chart[] = [
    {
      id: "opened",
      title: "Cases opened per month, by the highest stage reached",
      rowHeader: "Month",
      series: STAGES.map((s) => stepName(s)),
      rows: crossTab(months.map((m) => ({ key: m, label: monthLabel(m) })), STAGES, opened.map((r) => ({ row: r.month, series: r.reached, count: r.n }))),
      layout: "stacked",
      unit: "cases",
      note: `Months in ${zone} time. A case counts once, in the month it was opened, under the highest stage it has reached so far.`,
    },
    {
      id: "open",
      title: "Open cases by stage and status",
      rowHeader: "Stage",
      series: ACTIVE_STATUSES.map((s) => STATUS_LABELS[s]),
      rows: crossTab(STAGE_ROWS, ACTIVE_STATUSES, open.map((r) => ({ row: r.stage, series: r.status, count: r.n }))),
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
    timingChart("timing_stage", "Days to acknowledge and to answer, per stage", "Stage", STAGE_ROWS, timing.map((r) => ({ ...r, row: r.stage }))),
    timingChart(
      "timing_client",
      "Days to acknowledge and to answer, per client",
      "Client",
      [...clients.filter((c) => timedClients.has(c.id)).map((c) => ({ key: c.id, label: c.name })), ...(timedClients.has(null) ? [{ key: "", label: "About the operator (no client)" }] : [])],
      timing.map((r) => ({ ...r, row: r.client_id ?? "" })),
    ),
    {
      id: "outcomes",
      title: "Outcomes",
      rowHeader: "Outcome",
      series: ["Cases"],
      rows: crossTab(OUTCOME_KEYS.map((k) => ({ key: k, label: OUTCOME_LABELS[k]! })), ["n"], outcomes.map((r) => ({ row: r.outcome, series: "n", count: r.n }))),
      layout: "stacked",
      unit: "cases",
      note: "How the period's cases ended, or that they are still open.",
    },
  ];
  return { zone, clients, cases, charts };
}

const TIMING_SERIES = ["Acknowledge: median", "Acknowledge: 90th percentile", "Answer: median", "Answer: 90th percentile", "Acknowledged", "Answered"];

function timingChart(
  id: Chart["id"],
  title: string,
  rowHeader: string,
  rowsInOrder: { key: string; label: string }[],
  counts: { kind: string; row: string; days: number; n: number }[],
): Chart {
  // Each count once into its (row, kind) list: a client chart has hundreds of rows and the counts
  // tens of thousands, so filtering all counts per row would be quadratic.
  const lists = new Map<string, Bucket[]>();
  for (const c of counts) {
    const key = `${c.row}\u0000${c.kind}`;
    const list = lists.get(key);
    if (list) list.push({ value: c.days, count: c.n });
    else lists.set(key, [{ value: c.days, count: c.n }]);
  }
  const buckets = (row: string, kind: string): Bucket[] => mergeBuckets([lists.get(`${row}\u0000${kind}`) ?? []]);
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
    volume: [4, 5],
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
    return { year, zone, figures: annualFigures(await annualCounts(trx, year, zone), threshold) };
  });
}

/** The annual report as every officer sees it: its counts computed at most SNAPSHOT_SECONDS ago (or now, when `refresh`) and shared (ADR 037). */
export async function sharedAnnualReport(actor: Actor, year: number, threshold: number, now: Date, refresh = false, requestZone?: string): Promise<AsOf<AnnualReport>> {
  return asActor(actor, async (trx) => {
    const zone = requestZone ?? (await loadOperatorZone(trx));
    const counts = await shared(trx, JSON.stringify(["annual", zone, year]), now, refresh, () => annualCounts(trx, year, zone));
    // The threshold is applied per request: a change of REPORT_SUPPRESSION_THRESHOLD holds at once.
    return { report: { year, zone, figures: figuresOf(counts.report, threshold) }, computedAt: counts.computedAt };
  });
}

/**
 * The figures of these counts at this threshold, kept in this process for the next request: the
 * same counts give the same figures, and finding what a reader could work out (ADR 052) can take
 * milliseconds on a small year, too much to repeat for every officer's request of a shared
 * snapshot. Keyed by the counts themselves; the most recent few are kept.
 */
const figuresKept = new Map<string, AnnualFigures>();
function figuresOf(counts: AnnualCounts, threshold: number): AnnualFigures {
  const key = `${threshold} ${JSON.stringify(counts)}`;
  const kept = figuresKept.get(key);
  if (kept) return kept;
  const figures = annualFigures(counts, threshold);
  figuresKept.set(key, figures);
  if (figuresKept.size > 32) figuresKept.delete(figuresKept.keys().next().value!);
  return figures;
}

/** The annual report's counts over the report facts (migration 018, ADR 030). */
export async function annualCounts(trx: Trx, year: number, zone: string): Promise<AnnualCounts> {
  const start = startOfDay(dayFromIso(`${year}-01-01`), zone);
  const end = startOfDay(dayFromIso(`${year + 1}-01-01`), zone);
  const where = sql<SqlBool>`c.opened_at >= ${start} and c.opened_at < ${end}`;
  const [byCategory, byCountry, byOutcome, escalations, remedies, resolution] = await Promise.all([
    sql<{ key: string; n: number }>`select c.category as key, count(*)::int as n from case_facts c where ${where} group by 1`.execute(trx),
    sql<{ key: string; n: number }>`select c.country as key, count(*)::int as n from case_facts c where ${where} group by 1`.execute(trx),
    sql<{ key: string; n: number }>`select c.outcome as key, count(*)::int as n from case_facts c where ${where} group by 1`.execute(trx),
    sql<{ dma: number; arbitration: number; awards: number }>`
      select count(*) filter (where 'dma' = any(c.stages_visited))::int as dma,
        count(*) filter (where 'arbitration' = any(c.stages_visited))::int as arbitration,
        count(*) filter (where c.award)::int as awards
      from case_facts c where ${where}`.execute(trx),
    sql<{ key: string; n: number }>`
      select r.remedy as key, count(*)::int as n from case_facts c, unnest(c.remedies) as r(remedy) where ${where} group by 1`.execute(trx),
    // ended_at: the latest ending event (closed, withdrawn, answer accepted, award complied with).
    sql<{ days: number; n: number }>`
      select floor(extract(epoch from c.ended_at - c.opened_at) / 86400)::int as days, count(*)::int as n
      from case_facts c where ${where} and c.status in ${TERMINAL} and c.ended_at is not null group by 1`.execute(trx),
  ]);
  return { byCategory: byCategory.rows, byCountry: byCountry.rows, byOutcome: byOutcome.rows, escalations: escalations.rows[0]!, remedies: remedies.rows, resolution: resolution.rows };
}

export interface AnnualCounts {
  byCategory: { key: string; n: number }[];
  byCountry: { key: string; n: number }[];
  byOutcome: { key: string; n: number }[];
  escalations: { dma: number; arbitration: number; awards: number };
  remedies: { key: string; n: number }[];
  resolution: { days: number; n: number }[];
}

/** The annual tables as published: small counts and those that would give them back suppressed (ADR 027, ADR 052). */
export function annualFigures(a: AnnualCounts, threshold: number): AnnualFigures {
  const { tables, counts, rules, resolutionDays } = annualCells(a);
  return shapeAnnual(tables, counts, rules, threshold, resolutionDays);
}

/** The cells, their tables and the sums they obey (ADR 027), before suppression. */
export function annualCells(a: AnnualCounts): { tables: AnnualTable[]; counts: Record<string, number>; rules: SumRule[]; resolutionDays: Bucket[] } {
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
      id: RESOLUTION_TABLE,
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
  return { tables, counts, rules, resolutionDays };
}
