// Reports (issue 9, parts 2 and 3): the pure half. The database counts (app/models/reports.server.ts);
// this file turns counts into percentiles, charts, suppressed annual figures and CSV. No clock, no I/O.
import { STAGES, type Stage } from "./types";

// ---- percentiles --------------------------------------------------------------------------------

/** `count` observations of `value` (a histogram row). */
export interface Bucket {
  value: number;
  count: number;
}

/**
 * The nearest-rank percentile of a histogram: the smallest value at or below which at least
 * p·N observations lie (p in (0, 1]). Exact on the data (no interpolation), so a median of
 * "3 days" means some case really took 3 days. Null when there are no observations.
 */
export function percentileOf(buckets: readonly Bucket[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside (0, 1]`);
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, b) => sum + b.count, 0);
  if (n === 0) return null;
  const rank = Math.ceil(p * n);
  let seen = 0;
  for (const b of sorted) {
    seen += b.count;
    if (seen >= rank) return b.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

export function spreadOf(buckets: readonly Bucket[]): Spread {
  return {
    count: buckets.reduce((sum, b) => sum + b.count, 0),
    median: percentileOf(buckets, 0.5),
    p90: percentileOf(buckets, 0.9),
  };
}

/** Adds histograms together (the same value counted once with the summed count). */
export function mergeBuckets(lists: readonly (readonly Bucket[])[]): Bucket[] {
  const by = new Map<number, number>();
  for (const list of lists) for (const b of list) by.set(b.value, (by.get(b.value) ?? 0) + b.count);
  return [...by].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
}

// ---- small-count suppression (ADR 027) ----------------------------------------------------------

/** Counts from 1 to threshold − 1 are not published. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** REPORT_SUPPRESSION_THRESHOLD, when it is a whole number from 2 to 100; the default otherwise. */
export function suppressionThreshold(setting: string | undefined): number {
  if (setting === undefined || !/^\d+$/.test(setting.trim())) return DEFAULT_SUPPRESSION_THRESHOLD;
  const n = Number(setting.trim());
  return n >= 2 && n <= 100 ? n : DEFAULT_SUPPRESSION_THRESHOLD;
}

/** A published sum: the cell `total` equals the sum of the cells `parts`. */
export interface SumRule {
  total: string;
  parts: readonly string[];
}

/**
 * Which cells to hide. Primary: every count from 1 to threshold − 1 (zero is shown: it identifies
 * nobody). Complementary: a published sum with exactly one hidden member would give that member
 * back by subtraction, so a second member is hidden too: the smallest non-zero part still shown
 * (ties: the first listed), or, when no such part is left, the total itself. Repeated until no
 * sum has a single hidden member, because hiding a cell can uncover another sum it belongs to.
 * Cells are keyed globally, so a number that appears in two tables (ineligible = closed as out
 * of scope) is one cell and is hidden in both.
 */
export function suppressCells(counts: Readonly<Record<string, number>>, rules: readonly SumRule[], threshold: number): Set<string> {
  const hidden = new Set<string>();
  const count = (key: string) => counts[key] ?? 0;
  for (const [key, n] of Object.entries(counts)) if (n > 0 && n < threshold) hidden.add(key);
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      const members = [rule.total, ...rule.parts];
      if (members.filter((k) => hidden.has(k)).length !== 1) continue;
      const candidates = rule.parts.filter((k) => !hidden.has(k) && count(k) > 0);
      const second = candidates.reduce<string | null>((best, k) => (best === null || count(k) < count(best) ? k : best), null);
      hidden.add(second ?? rule.total);
      changed = true;
    }
  }
  return hidden;
}

/** How a count reads on the page and in the CSV. */
export function shownCount(n: number, hidden: boolean, threshold: number): string {
  return hidden ? `< ${threshold}` : String(n);
}

// ---- CSV (RFC 4180) -----------------------------------------------------------------------------

export type CsvValue = string | number | null;

/**
 * One field. Text that a spreadsheet would read as a formula (starting with = + - @, or a tab or
 * carriage return that some programs skip first) gets a leading apostrophe; a field with a comma,
 * quote or line break is quoted with its quotes doubled. Numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows joined with CRLF, ending with one (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

// ---- the dashboard's period ---------------------------------------------------------------------

/** "2026-03". */
export type Month = string;

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && Number(text.slice(0, 4)) >= 1970;
}

export function addMonths(month: Month, n: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included (empty when `to` is before `from`). */
export function monthsFrom(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The longest period the dashboard shows: ten years of monthly bars. */
export const MAX_PERIOD_MONTHS = 120;

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Mar 2026". */
export function monthLabel(month: Month): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

// ---- charts -------------------------------------------------------------------------------------

export type ChartId = "opened" | "open" | "deadlines" | "timing_stage" | "timing_client" | "outcomes";

/**
 * One chart and the table behind it: a row per category (a month, a stage, a client), a value
 * per series. "stacked" bars add the series up; "grouped" bars stand side by side (percentiles).
 */
export interface Chart {
  id: ChartId;
  title: string;
  /** The table's first column. */
  rowHeader: string;
  series: string[];
  rows: { label: string; values: (number | null)[] }[];
  layout: "stacked" | "grouped";
  /** How many of the series (from the first) the picture draws; the rest are in the table only. */
  drawn?: number;
  unit: "cases" | "deadlines" | "days";
  /** Under the chart: what is counted and how. */
  note: string;
  /** The columns that count cases or clocks, by whose sum rows rank when a page shows only some (default: every column). */
  volume?: number[];
  /** Rows left out of this chart as a page shows it (chartForPage); the CSV has them. */
  moreRows?: number;
}

/** A dashboard chart shows at most this many rows; its table's CSV has them all. */
export const PAGE_CHART_ROWS = 15;

/**
 * The chart as a page shows it: all of it up to `limit` rows, else the `limit` busiest rows (by the
 * sum of the volume columns; ties by label), busiest first, with how many were left out. Two hundred
 * clients make a picture nobody reads and a page of 200 KB; the filter shows any one client.
 */
export function chartForPage(chart: Chart, limit = PAGE_CHART_ROWS): Chart {
  if (chart.rows.length <= limit) return chart;
  const columns = chart.volume ?? chart.series.map((_, i) => i);
  const volume = (r: Chart["rows"][number]) => columns.reduce((sum, i) => sum + (r.values[i] ?? 0), 0);
  const rows = chart.rows
    .map((r) => ({ r, v: volume(r) }))
    .sort((a, b) => b.v - a.v || a.r.label.localeCompare(b.r.label))
    .slice(0, limit)
    .map(({ r }) => r);
  return { ...chart, rows, moreRows: chart.rows.length - rows.length };
}

/** What a screen reader hears for the picture; the table behind it has every number. */
export function chartSummary(chart: Chart): string {
  if (chart.rows.length === 0) return `${chart.title}: nothing to show for these filters.`;
  if (chart.layout === "stacked") {
    const totals = chart.rows.map((r) => ({ label: r.label, total: r.values.reduce<number>((s, v) => s + (v ?? 0), 0) }));
    const all = totals.reduce((s, t) => s + t.total, 0);
    const top = totals.reduce((a, b) => (b.total > a.total ? b : a));
    return `${chart.title}: ${all} ${chart.unit} over ${chart.rows.length} ${chart.rowHeader.toLowerCase()} rows; most in ${top.label} (${top.total}). The table below has every figure.`;
  }
  const first = chart.rows[0]!;
  const parts = chart.series.slice(0, chart.drawn ?? chart.series.length).map((s, i) => `${s} ${first.values[i] ?? "none"}`).join(", ");
  return `${chart.title}, in ${chart.unit}: ${first.label}: ${parts}${chart.rows.length > 1 ? `; ${chart.rows.length - 1} more rows in the table below` : ""}.`;
}

export function chartCsv(chart: Chart): string {
  return toCsv([[chart.rowHeader, ...chart.series], ...chart.rows.map((r) => [r.label, ...r.values])]);
}

/** The highest stage a case reached (the ladder is climbed in order; staff may enter it higher). */
export function stageReached(stagesVisited: readonly string[]): Stage {
  let best: Stage = "client";
  for (const s of stagesVisited) if ((STAGES as readonly string[]).includes(s) && STAGES.indexOf(s as Stage) > STAGES.indexOf(best)) best = s as Stage;
  return best;
}

/** How a deadline is counted on the dashboard; the database applies the same rule (reports.server.ts). */
export type DeadlineResult = "met" | "breached" | "running" | "lapsed";
export const DEADLINE_RESULTS: readonly DeadlineResult[] = ["met", "breached", "running", "lapsed"];
export const DEADLINE_RESULT_LABELS: Record<DeadlineResult, string> = {
  met: "Met on time",
  breached: "Breached",
  running: "Still running",
  lapsed: "Case moved on or ended before it was due",
};

/**
 * A clock is judged at the first of: the moment it was met, the moment it was paused, the moment
 * its case left the stage or ended, and now. Breached when that moment is past its due date (the
 * same as isBreached for a clock of the current stage); otherwise met, still running, or lapsed
 * (the case moved on or ended while it still had time).
 */
export function deadlineResult(d: { dueAt: Date; metAt: Date | null; pausedAt: Date | null; leftAt: Date | null }, now: Date): DeadlineResult {
  const judgedAt = Math.min(...[d.metAt, d.pausedAt, d.leftAt, now].filter((x): x is Date => x !== null).map((x) => x.getTime()));
  if (judgedAt > d.dueAt.getTime()) return "breached";
  if (d.metAt && d.metAt.getTime() === judgedAt) return "met";
  if (d.leftAt && d.leftAt.getTime() === judgedAt) return "lapsed";
  return "running";
}

/** Rows × series from (row, series, count) triples, in the given orders; missing combinations are 0. */
export function crossTab(rowsInOrder: readonly { key: string; label: string }[], seriesKeys: readonly string[], counts: readonly { row: string; series: string; count: number }[]): { label: string; values: number[] }[] {
  const at = new Map<string, number>();
  for (const c of counts) at.set(`${c.row}\u0000${c.series}`, (at.get(`${c.row}\u0000${c.series}`) ?? 0) + c.count);
  return rowsInOrder.map((r) => ({ label: r.label, values: seriesKeys.map((s) => at.get(`${r.key}\u0000${s}`) ?? 0) }));
}

// ---- the annual report --------------------------------------------------------------------------

/** Time to resolution: whole days from receipt to the end of the case, in these bands. */
export const RESOLUTION_BANDS: readonly { key: string; label: string; upTo: number | null }[] = [
  { key: "days_0_30", label: "30 days or fewer", upTo: 30 },
  { key: "days_31_45", label: "31 to 45 days", upTo: 45 },
  { key: "days_46_90", label: "46 to 90 days", upTo: 90 },
  { key: "days_91_180", label: "91 to 180 days", upTo: 180 },
  { key: "days_over_180", label: "More than 180 days", upTo: null },
];

export function resolutionBand(days: number): string {
  return RESOLUTION_BANDS.find((b) => b.upTo === null || days <= b.upTo)!.key;
}

export interface AnnualRow {
  key: string;
  label: string;
}

export interface AnnualTable {
  id: string;
  title: string;
  /** What the rows count, said once under the title. */
  note: string;
  rows: AnnualRow[];
  /** The cell that the rows add up to, when they do (shown as the table's last row). */
  total?: AnnualRow;
}

export interface AnnualFigureRow {
  label: string;
  shown: string;
  hidden: boolean;
  isTotal: boolean;
}

export interface AnnualFigures {
  threshold: number;
  tables: { id: string; title: string; note: string; rows: AnnualFigureRow[] }[];
  /** Median whole days to resolution, or null when fewer ended cases than the threshold. */
  medianDaysToResolution: number | null;
}

/**
 * The annual tables with small counts suppressed. `counts` holds every cell by key; `rules` are
 * the published sums. A table's total is a row of its own; `total` (complaints received) is the
 * grand total most tables add up to.
 */
export function shapeAnnual(tables: readonly AnnualTable[], counts: Readonly<Record<string, number>>, rules: readonly SumRule[], threshold: number, resolutionDays: readonly Bucket[]): AnnualFigures {
  const hidden = suppressCells(counts, rules, threshold);
  const row = (r: AnnualRow, isTotal: boolean): AnnualFigureRow => {
    const n = counts[r.key] ?? 0;
    return { label: r.label, shown: shownCount(n, hidden.has(r.key), threshold), hidden: hidden.has(r.key), isTotal };
  };
  const ended = resolutionDays.reduce((s, b) => s + b.count, 0);
  return {
    threshold,
    tables: tables.map((t) => ({ id: t.id, title: t.title, note: t.note, rows: [...t.rows.map((r) => row(r, false)), ...(t.total ? [row(t.total, true)] : [])] })),
    medianDaysToResolution: ended >= threshold ? percentileOf(resolutionDays, 0.5) : null,
  };
}

export function annualCsv(year: number, figures: AnnualFigures): string {
  return toCsv([
    ["year", "table", "row", "count"],
    ...figures.tables.flatMap((t) => t.rows.map((r) => [year, t.title, r.label, r.shown])),
    [year, "Time to resolution", "Median days", figures.medianDaysToResolution === null ? `fewer than ${figures.threshold} ended cases` : figures.medianDaysToResolution],
  ]);
}
