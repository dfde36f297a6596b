// The annual report's own tables and sums (annualCells), suppressed (ADR 027, ADR 052), over years
// of made-up complaints: the page never prints "< N" for a count of N or more, and no small count
// can be worked out from what it prints. Small years at low thresholds are where that is hardest.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLOSURE_KINDS, PRINCIPLE_CATEGORIES, REQUEST_CATEGORIES, suppressCells, workedOutSmallCounts } from "~/domain";
import { annualCells, annualFigures, type AnnualCounts } from "~/models/reports.server";
import { expectSafe } from "../support/disclosure";

const CATEGORIES = [...Object.keys(PRINCIPLE_CATEGORIES), ...Object.keys(REQUEST_CATEGORIES)];
const OUTCOMES = ["open", "resolved", "withdrawn", ...CLOSURE_KINDS.map((k) => `closed:${k}`)];
const tally = (keys: string[]) => Object.entries(keys.reduce<Record<string, number>>((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {})).map(([key, n]) => ({ key, n }));

const complaint = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  country: fc.constantFrom<string>("AT", "DE", "FR", "IT", "PL"),
  outcome: fc.constantFrom(...OUTCOMES),
  days: fc.integer({ min: 0, max: 200 }),
  dma: fc.boolean(),
});
type Complaint = typeof complaint extends fc.Arbitrary<infer C> ? C : never;

function countsOf(year: Complaint[]): AnnualCounts {
  return {
    byCategory: tally(year.map((c) => c.category)),
    byCountry: tally(year.map((c) => c.country)),
    byOutcome: tally(year.map((c) => c.outcome)),
    escalations: { dma: year.filter((c) => c.dma).length, arbitration: 0, awards: 0 },
    remedies: [],
    resolution: year.filter((c) => c.outcome !== "open").map((c) => ({ days: c.days, n: 1 })),
  };
}

describe("the annual report's suppression", () => {
  it('prints "< N" only for counts under N, and lets no small count be worked out', () => {
    fc.assert(
      fc.property(fc.array(complaint, { maxLength: 40 }), fc.integer({ min: 2, max: 7 }), (year, threshold) => {
        const { counts, rules } = annualCells(countsOf(year));
        expectSafe(counts, rules, threshold);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("the audit's year: 11 complaints, 8 of them requests and 7 still open, show as withheld, not as '< 5'", () => {
    const year: Complaint[] = [
      ...Array.from({ length: 3 }, () => ({ category: "notice", country: "DE", outcome: "resolved", days: 20, dma: false })),
      ...Array.from({ length: 1 }, () => ({ category: "request_access", country: "DE", outcome: "withdrawn", days: 5, dma: false })),
      ...Array.from({ length: 7 }, () => ({ category: "request_access", country: "FR", outcome: "open", days: 0, dma: false })),
    ];
    const figures = annualFigures(countsOf(year), 5);
    const table = (id: string) => Object.fromEntries(figures.tables.find((t) => t.id === id)!.rows.map((r) => [r.label, r.shown]));
    expect(table("type")).toEqual({ "Complaint under a principle": "< 5", "Request about one's own data": "withheld", "Complaints received": "11" });
    expect(table("outcome")["Still open"]).toBe("withheld");
  });
});

describe("suppression stays bounded whatever the figures", () => {
  it("a hidden total whose shown parts are all zero (figures that do not add up) ends at once, the total still small", () => {
    // Three ended cases without an ending event: 'ended' is small, every band of time to resolution 0. It looped forever.
    const result = suppressCells({ ended: 3, under30: 0, under90: 0, over90: 0 }, [{ total: "ended", parts: ["under30", "under90", "over90"] }], 5);
    expect([...result]).toEqual([["ended", "small"]]);
  });

  it("once its work is spent, every small count still open is taken as worked out, so more is withheld, never less", () => {
    const counts = { total: 12, a: 2, b: 4, c: 6 };
    const rules = [{ total: "total", parts: ["a", "b", "c"] }];
    const suppressed = suppressCells(counts, rules, 5);
    expect(workedOutSmallCounts(counts, rules, suppressed, 5)).toEqual([]);
    expect(workedOutSmallCounts(counts, rules, suppressed, 5, undefined, { left: 0 }).sort()).toEqual(["a", "b"]);
  });
});
