// What a careful reader can work out from a suppressed annual table (ADR 027, ADR 052): a test
// oracle. The reader knows every shown count, that a "< N" cell is from 1 to N − 1, that a
// withheld cell is N or more (it would show as "< N" otherwise: the rule is published), and every
// published sum. A suppressed cell is worked out when exactly one value fits all of that. The
// search is exhaustive, with no step budget (intervals narrowed by the sums, then split), so it is
// meant for the small tables of the tests. Its one simplification, a withheld cell taken to be at
// most twice the largest count, can only make it find more cells worked out than a reader could.
import { expect } from "vitest";
import { shownCount, suppressCells, type Suppression, type SumRule } from "~/domain";

type Marker = Suppression;

type Bounds = Map<string, [number, number]>;

/** Narrows every interval by every sum until nothing changes; false when some interval empties. */
function narrow(bounds: Bounds, rules: readonly SumRule[]): boolean {
  const at = (k: string) => bounds.get(k)!;
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      const sumLo = rule.parts.reduce((s, k) => s + at(k)[0], 0);
      const sumHi = rule.parts.reduce((s, k) => s + at(k)[1], 0);
      const [tLo, tHi] = at(rule.total);
      const t: [number, number] = [Math.max(tLo, sumLo), Math.min(tHi, sumHi)];
      if (t[0] > t[1]) return false;
      if (t[0] !== tLo || t[1] !== tHi) {
        bounds.set(rule.total, t);
        changed = true;
      }
      for (const k of rule.parts) {
        const [lo, hi] = at(k);
        const p: [number, number] = [Math.max(lo, t[0] - (sumHi - hi)), Math.min(hi, t[1] - (sumLo - lo))];
        if (p[0] > p[1]) return false;
        if (p[0] !== lo || p[1] !== hi) {
          bounds.set(k, p);
          changed = true;
        }
      }
    }
  }
  return true;
}

/** Whether some table of whole numbers fits the bounds and the sums. */
function feasible(bounds: Bounds, rules: readonly SumRule[]): boolean {
  for (const [lo, hi] of bounds.values()) if (lo > hi) return false;
  if (!narrow(bounds, rules)) return false;
  let open: string | null = null;
  for (const [k, [lo, hi]] of bounds) if (lo < hi && (open === null || hi - lo < bounds.get(open)![1] - bounds.get(open)![0])) open = k;
  if (open === null) return true;
  const [lo, hi] = bounds.get(open)!;
  const mid = Math.floor((lo + hi) / 2);
  for (const half of [[lo, mid], [mid + 1, hi]] as [number, number][]) {
    const copy: Bounds = new Map(bounds);
    copy.set(open, half);
    if (feasible(copy, rules)) return true;
  }
  return false;
}

/** The suppressed cells whose true value is the only one that fits what the page shows. */
export function workedOut(counts: Readonly<Record<string, number>>, rules: readonly SumRule[], suppressed: ReadonlyMap<string, Marker>, threshold: number): string[] {
  const keys = new Set([...Object.keys(counts), ...rules.flatMap((r) => [r.total, ...r.parts])]);
  // A withheld cell has no upper bound of its own; every value up to twice the largest count is tried.
  const cap = 2 * Math.max(threshold, ...Object.values(counts)) + 1;
  const known: Bounds = new Map();
  for (const k of keys) {
    const n = counts[k] ?? 0;
    const marker = suppressed.get(k);
    known.set(k, marker === "small" ? [1, threshold - 1] : marker === "withheld" ? [threshold, cap] : [n, n]);
  }
  return [...suppressed.keys()].filter((k) => {
    const n = counts[k] ?? 0;
    const below: Bounds = new Map(known);
    below.set(k, [known.get(k)![0], n - 1]);
    const above: Bounds = new Map(known);
    above.set(k, [n + 1, known.get(k)![1]]);
    return !feasible(below, rules) && !feasible(above, rules);
  });
}

/**
 * Whether every non-zero cell linked to `key` through hidden cells (the sums it belongs to, the
 * sums their hidden members belong to, and so on) is hidden already: nothing is left to withhold.
 */
export function stuck(key: string, counts: Readonly<Record<string, number>>, rules: readonly SumRule[], suppressed: ReadonlyMap<string, Marker>): boolean {
  const reached = new Set([key]);
  for (let frontier = [key]; frontier.length > 0; ) {
    const sums = rules.filter((r) => [r.total, ...r.parts].some((k) => frontier.includes(k)));
    const members = sums.flatMap((r) => [r.total, ...r.parts]);
    if (members.some((k) => !suppressed.has(k) && (counts[k] ?? 0) > 0)) return false;
    frontier = members.filter((k) => suppressed.has(k) && !reached.has(k));
    for (const k of frontier) reached.add(k);
  }
  return true;
}

/**
 * What every published table must satisfy: "< N" on exactly the counts from 1 to N − 1; a withheld
 * count is never zero or small (the reader may rely on it, and the oracle does); no sum has a single
 * hidden member; and, from a threshold of 3 (with 2, "< 2" says 1 by itself), no small count can be
 * worked out unless nothing non-zero near it is left to withhold.
 */
export function expectSafe(counts: Readonly<Record<string, number>>, rules: readonly SumRule[], threshold: number): void {
  const suppressed = suppressCells(counts, rules, threshold);
  for (const [k, n] of Object.entries(counts)) {
    const kind = suppressed.get(k);
    if (shownCount(n, kind, threshold) === `< ${threshold}`) expect(n, `${k} reads "< ${threshold}"`).toBeLessThan(threshold);
    if (n > 0 && n < threshold) expect(kind, k).toBe("small");
    if (kind === "small") expect(n, k).toBeLessThan(threshold);
    if (kind === "withheld") expect(n, k).toBeGreaterThanOrEqual(threshold);
  }
  for (const r of rules) expect([r.total, ...r.parts].filter((k) => suppressed.has(k)).length, JSON.stringify(r)).not.toBe(1);
  if (threshold <= 2) return;
  const pinned = workedOut(counts, rules, suppressed, threshold).filter((k) => suppressed.get(k) === "small" && !stuck(k, counts, rules, suppressed));
  expect(pinned, JSON.stringify({ counts, threshold, suppressed: [...suppressed] })).toEqual([]);
}
