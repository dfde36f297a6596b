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
 * Why a count is not published. "small" (primary suppression): it is from 1 to threshold − 1 and
 * reads "< threshold". "withheld" (complementary): it is not small itself, but shown it would let
 * a reader work a small one out from the totals; it reads "withheld" and claims no range.
 */
export type Suppression = "small" | "withheld";

/** What a reader knows of each cell, by index: it lies from lo[i] to hi[i]. Sums name cells by index too. */
interface Ranges {
  lo: number[];
  hi: number[];
}
type IndexedSum = { total: number; parts: number[] };
/** What one suppression may still spend, in visits of a sum: the search runs on a request, so it is bounded whatever the table. */
interface Work {
  left: number;
}
/** About 20 ms of narrowing on this project's machine; a year's tables need far less (0.1 to 2 ms). */
const SUPPRESSION_WORK = 2_000_000;

/**
 * Narrows every range by every published sum (a total lies between the least and the most its
 * parts can add up to; a part, between the total less the most and the least the others can be)
 * until nothing changes. False when some range empties: no table fits. Null when it had not
 * settled after 10,000 passes (finite whole numbers settle; the cap bounds a slow squeeze).
 */
function narrow({ lo, hi }: Ranges, sums: readonly IndexedSum[], work: Work): boolean | null {
  for (let i = 0; i < lo.length; i++) if (lo[i]! > hi[i]!) return false;
  for (let pass = 0, changed = true; changed; pass++) {
    if (pass === 10_000) return null;
    work.left -= sums.length;
    if (work.left < 0) return null;
    changed = false;
    for (const { total, parts } of sums) {
      let sumLo = 0;
      let sumHi = 0;
      for (const p of parts) {
        sumLo += lo[p]!;
        sumHi += hi[p]!;
      }
      const tLo = Math.max(lo[total]!, sumLo);
      const tHi = Math.min(hi[total]!, sumHi);
      if (tLo > tHi) return false;
      if (tLo !== lo[total] || tHi !== hi[total]) {
        lo[total] = tLo;
        hi[total] = tHi;
        changed = true;
      }
      for (const p of parts) {
        const pLo = Math.max(lo[p]!, tLo - (sumHi - hi[p]!));
        const pHi = Math.min(hi[p]!, tHi - (sumLo - lo[p]!));
        if (pLo > pHi) return false;
        if (pLo !== lo[p] || pHi !== hi[p]) {
          lo[p] = pLo;
          hi[p] = pHi;
          changed = true;
        }
      }
    }
  }
  return true;
}

/**
 * Whether some table of whole numbers fits the ranges and the sums: narrowed, then the narrowest
 * open range split in two, depth first. Null when it could not tell: more than `budget.steps`
 * splits, ranges that would not settle, or the suppression's work spent.
 */
function fits(ranges: Ranges, sums: readonly IndexedSum[], budget: { steps: number }, work: Work): boolean | null {
  const narrowed = narrow(ranges, sums, work);
  if (narrowed !== true) return narrowed;
  const { lo, hi } = ranges;
  let open = -1;
  for (let i = 0; i < lo.length; i++) if (lo[i]! < hi[i]! && (open < 0 || hi[i]! - lo[i]! < hi[open]! - lo[open]!)) open = i;
  if (open < 0) return true;
  if (--budget.steps < 0) return null;
  const mid = Math.floor((lo[open]! + hi[open]!) / 2);
  let unknown = false;
  for (const [from, to] of [[lo[open]!, mid], [mid + 1, hi[open]!]]) {
    const half = { lo: lo.slice(), hi: hi.slice() };
    half.lo[open] = from!;
    half.hi[open] = to!;
    const result = fits(half, sums, budget, work);
    if (result === true) return true;
    if (result === null) unknown = true;
  }
  return unknown ? null : false;
}

/**
 * The small counts a reader of the page can work out exactly. The reader knows every shown count,
 * that a small one is from 1 to threshold − 1, that a withheld one is the threshold or more (the
 * rule is published, and a small count is never withheld: it reads "< threshold"), and every
 * published sum. A small count is worked out when no table that fits all of that gives it another
 * value. Two simplifications err on the side of withholding more: a withheld count is taken to be
 * at most twice the largest count (the reader knows no such limit, so fewer tables fit here than
 * for the reader), and a search that runs too long (past its own steps, or once `work` is spent)
 * counts as worked out. `among`: the small counts to look at (all of them by default).
 */
export function workedOutSmallCounts(
  counts: Readonly<Record<string, number>>,
  rules: readonly SumRule[],
  suppressed: ReadonlyMap<string, Suppression>,
  threshold: number,
  among: Iterable<string> = [...suppressed].filter(([, kind]) => kind === "small").map(([k]) => k),
  work: Work = { left: SUPPRESSION_WORK },
): string[] {
  const keys = [...new Set([...Object.keys(counts), ...rules.flatMap((r) => [r.total, ...r.parts])])];
  const index = new Map(keys.map((k, i) => [k, i]));
  const sums = rules.map((r) => ({ total: index.get(r.total)!, parts: r.parts.map((k) => index.get(k)!) }));
  const limit = 2 * Math.max(threshold, ...Object.values(counts)) + 1;
  const known: Ranges = { lo: [], hi: [] };
  for (const key of keys) {
    const kind = suppressed.get(key);
    const n = counts[key] ?? 0;
    const [lo, hi] = kind === "small" ? [1, threshold - 1] : kind === "withheld" ? [threshold, limit] : [n, n];
    known.lo.push(lo);
    known.hi.push(hi);
  }
  narrow(known, sums, work);
  return [...among].filter((k) => {
    const i = index.get(k)!;
    const n = counts[k] ?? 0;
    // A table that gives it another value, below the true one or above: the count is safe.
    for (const [from, to] of [[known.lo[i]!, n - 1], [n + 1, known.hi[i]!]]) {
      if (from! > to!) continue;
      const other = { lo: known.lo.slice(), hi: known.hi.slice() };
      other.lo[i] = from!;
      other.hi[i] = to!;
      if (fits(other, sums, { steps: 2_000 }, work) === true) return false;
    }
    return true;
  });
}

/**
 * Which cells to hide, and why (ADR 027, ADR 052). Small: every count from 1 to threshold − 1
 * (zero is shown: it identifies nobody). Withheld, to protect the small ones:
 * 1. a published sum with exactly one hidden member would give that member back by subtraction,
 *    so a second member is withheld: the smallest non-zero part still shown (ties: the first
 *    listed), or, when no such part is left, the total itself;
 * 2. a reader who knows that a small count is at least 1 and a withheld one at least the
 *    threshold may still pin a small count down (6 complaints, "< 5" principle and "withheld"
 *    requests: the principle count is 1). While some small count has only one possible value
 *    (workedOutSmallCounts), one more shown cell near it is withheld (nearestToWithhold).
 * Both are repeated until neither applies, because withholding a cell can uncover another sum it
 * belongs to. With a threshold of 2, "< 2" already says 1, so step 2 has nothing to protect. A
 * small count can stay pinned only when every non-zero cell linked to it through hidden ones is
 * hidden already (a year of four complaints from four countries, at threshold 5): nothing is left
 * to withhold.
 * Cells are keyed globally, so a number that appears in two tables (ineligible = closed as out
 * of scope) is one cell and is hidden in both.
 */
export function suppressCells(counts: Readonly<Record<string, number>>, rules: readonly SumRule[], threshold: number): Map<string, Suppression> {
  const suppressed = new Map<string, Suppression>();
  const count = (key: string) => counts[key] ?? 0;
  const shown = (key: string) => !suppressed.has(key);
  for (const [key, n] of Object.entries(counts)) if (n > 0 && n < threshold) suppressed.set(key, "small");
  const smallest = (keys: readonly string[]) => keys.reduce<string | null>((best, k) => (best === null || count(k) < count(best) ? k : best), null);
  let pinned: string[] | null = null;
  // One budget for every search of this table: once spent, each small count still open is taken as
  // worked out and more is withheld (each round withholds a shown cell, so the rounds end).
  const work: Work = { left: SUPPRESSION_WORK };
  for (;;) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const rule of rules) {
        if ([rule.total, ...rule.parts].filter((k) => !shown(k)).length !== 1) continue;
        // Only a cell still shown; when none is left (a hidden total whose shown parts are all 0,
        // which only inconsistent figures give) there is nothing to withhold for this sum.
        const pick = smallest(rule.parts.filter((k) => shown(k) && count(k) > 0)) ?? (shown(rule.total) ? rule.total : null);
        if (pick === null) continue;
        suppressed.set(pick, "withheld");
        changed = true;
      }
    }
    if (threshold <= 2) return suppressed;
    // Withholding more only widens what the reader knows: a count once safe stays safe. A count
    // with nothing left to withhold near it is not searched: nothing would change.
    const helpable = (pinned ?? [...suppressed].filter(([, kind]) => kind === "small").map(([k]) => k)).filter((k) => nearestToWithhold([k], rules, counts, suppressed, threshold) !== null);
    pinned = workedOutSmallCounts(counts, rules, suppressed, threshold, helpable, work);
    const next = nearestToWithhold(pinned, rules, counts, suppressed, threshold);
    if (next === null) return suppressed;
    suppressed.set(next, "withheld");
  }
}

/**
 * The shown cell whose withholding frees a pinned small count: the sums the count belongs to
 * first, then the sums reached from them through other hidden cells (what the reader knows flows
 * along hidden cells; a shown one stops it). In each sum: the smallest shown part above the
 * threshold, else the smallest shown non-zero part, else the total if shown. Null when every
 * non-zero cell so reached is hidden already.
 */
function nearestToWithhold(pinned: readonly string[], rules: readonly SumRule[], counts: Readonly<Record<string, number>>, suppressed: ReadonlyMap<string, Suppression>, threshold: number): string | null {
  const count = (key: string) => counts[key] ?? 0;
  const smallest = (keys: readonly string[]) => keys.reduce<string | null>((best, k) => (best === null || count(k) < count(best) ? k : best), null);
  const reached = new Set(pinned);
  const seen = new Set<SumRule>();
  for (let frontier = [...pinned]; frontier.length > 0; ) {
    const sums = rules.filter((r) => !seen.has(r) && [r.total, ...r.parts].some((k) => frontier.includes(k)));
    for (const r of sums) {
      seen.add(r);
      const open = r.parts.filter((k) => !suppressed.has(k) && count(k) > 0);
      const pick = smallest(open.filter((k) => count(k) > threshold)) ?? smallest(open) ?? (suppressed.has(r.total) ? null : r.total);
      if (pick !== null) return pick;
    }
    frontier = sums.flatMap((r) => [r.total, ...r.parts]).filter((k) => suppressed.has(k) && !reached.has(k));
    for (const k of frontier) reached.add(k);
  }
  return null;
}

/** How a count reads on the page and in the CSV. */
export function shownCount(n: number, suppression: Suppression | undefined, threshold: number): string {
  if (suppression === "small") return `< ${threshold}`;
  if (suppression === "withheld") return "withheld";
  return String(n);
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
  /** The count, "< threshold" or "withheld": the page and the CSV carry only this, never the count behind it. */
  shown: string;
  /** Null when the count is shown. */
  suppressed: Suppression | null;
  isTotal: boolean;
}

export interface AnnualFigures {
  threshold: number;
  tables: { id: string; title: string; note: string; rows: AnnualFigureRow[] }[];
  /** Median whole days to resolution, or null when not shown (`medianWithheld` says why). */
  medianDaysToResolution: number | null;
  /**
   * "few": fewer ended cases than the threshold. "suppressed": a band of the time-to-resolution
   * table is suppressed, and the median with the bands' sum would pin it (7 ended, two bands "< 5"
   * and a median of 35 days make them 3 and 4).
   */
  medianWithheld: "few" | "suppressed" | null;
}

/** The annual table of time to resolution, whose bands the median must not undo. */
export const RESOLUTION_TABLE = "resolution";

/**
 * The annual tables with small counts suppressed. `counts` holds every cell by key; `rules` are
 * the published sums. A table's total is a row of its own; `total` (complaints received) is the
 * grand total most tables add up to.
 */
export function shapeAnnual(tables: readonly AnnualTable[], counts: Readonly<Record<string, number>>, rules: readonly SumRule[], threshold: number, resolutionDays: readonly Bucket[]): AnnualFigures {
  const suppressed = suppressCells(counts, rules, threshold);
  const row = (r: AnnualRow, isTotal: boolean): AnnualFigureRow => {
    const kind = suppressed.get(r.key);
    return { label: r.label, shown: shownCount(counts[r.key] ?? 0, kind, threshold), suppressed: kind ?? null, isTotal };
  };
  const ended = resolutionDays.reduce((s, b) => s + b.count, 0);
  const shaped = tables.map((t) => ({ id: t.id, title: t.title, note: t.note, rows: [...t.rows.map((r) => row(r, false)), ...(t.total ? [row(t.total, true)] : [])] }));
  const bandsSuppressed = shaped.some((t) => t.id === RESOLUTION_TABLE && t.rows.some((r) => r.suppressed !== null));
  const medianWithheld = ended < threshold ? "few" : bandsSuppressed ? "suppressed" : null;
  return {
    threshold,
    tables: shaped,
    medianDaysToResolution: medianWithheld ? null : percentileOf(resolutionDays, 0.5),
    medianWithheld,
  };
}

/** Why the median is not shown, in words; null when it is. */
export function medianText(figures: AnnualFigures): string | null {
  switch (figures.medianWithheld) {
    case "few":
      return `fewer than ${figures.threshold} ended cases`;
    case "suppressed":
      return "withheld: it would reveal a suppressed band";
    default:
      return null;
  }
}

export function annualCsv(year: number, figures: AnnualFigures): string {
  return toCsv([
    ["year", "table", "row", "count"],
    ...figures.tables.flatMap((t) => t.rows.map((r) => [year, t.title, r.label, r.shown])),
    [year, "Time to resolution", "Median days", medianText(figures) ?? figures.medianDaysToResolution],
  ]);
}
