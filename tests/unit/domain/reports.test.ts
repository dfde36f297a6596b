import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  RESOLUTION_BANDS,
  RESOLUTION_TABLE,
  addMonths,
  annualCsv,
  chartCsv,
  chartForPage,
  chartSummary,
  crossTab,
  csvField,
  deadlineResult,
  mergeBuckets,
  monthsFrom,
  percentileOf,
  resolutionBand,
  shapeAnnual,
  spreadOf,
  stageReached,
  suppressCells,
  suppressionThreshold,
  toCsv,
  type Bucket,
  type Chart,
  type Suppression,
  type SumRule,
  workedOutSmallCounts,
} from "~/domain";
import { expectSafe, stuck, workedOut } from "../../support/disclosure";

const b = (...pairs: [number, number][]): Bucket[] => pairs.map(([value, count]) => ({ value, count }));

describe("percentileOf (nearest rank over a histogram)", () => {
  it.each([
    { name: "empty", buckets: b(), p: 0.5, want: null },
    { name: "only zero counts", buckets: b([3, 0]), p: 0.5, want: null },
    { name: "one observation", buckets: b([7, 1]), p: 0.5, want: 7 },
    { name: "one observation, p90", buckets: b([7, 1]), p: 0.9, want: 7 },
    { name: "median of 1..4 is the 2nd", buckets: b([1, 1], [2, 1], [3, 1], [4, 1]), p: 0.5, want: 2 },
    { name: "median of 1..5 is the 3rd", buckets: b([1, 1], [2, 1], [3, 1], [4, 1], [5, 1]), p: 0.5, want: 3 },
    { name: "p90 of 1..10 is the 9th", buckets: b(...Array.from({ length: 10 }, (_, i) => [i + 1, 1] as [number, number])), p: 0.9, want: 9 },
    { name: "p90 of 1..11 is the 10th (ceil 9.9)", buckets: b(...Array.from({ length: 11 }, (_, i) => [i + 1, 1] as [number, number])), p: 0.9, want: 10 },
    { name: "weights count", buckets: b([0, 8], [30, 2]), p: 0.5, want: 0 },
    { name: "weights count at p90", buckets: b([0, 8], [30, 2]), p: 0.9, want: 30 },
    { name: "unsorted input", buckets: b([5, 1], [1, 1], [3, 1]), p: 0.5, want: 3 },
    { name: "p = 1 is the maximum", buckets: b([2, 3], [9, 1]), p: 1, want: 9 },
  ])("$name", ({ buckets, p, want }) => {
    expect(percentileOf(buckets, p)).toBe(want);
  });

  it("refuses a percentile outside (0, 1]", () => {
    expect(() => percentileOf(b([1, 1]), 0)).toThrow(RangeError);
    expect(() => percentileOf(b([1, 1]), 1.5)).toThrow(RangeError);
  });

  it("agrees with sorting the raw observations", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (values, pct) => {
        const sorted = [...values].sort((x, y) => x - y);
        const p = pct / 100;
        const expected = sorted[Math.ceil(p * sorted.length) - 1];
        const hist = mergeBuckets([values.map((v) => ({ value: v, count: 1 }))]);
        expect(percentileOf(hist, p)).toBe(expected);
      }),
    );
  });

  it("spreadOf gives count, median and p90; mergeBuckets adds histograms", () => {
    expect(mergeBuckets([b([1, 2], [3, 1]), b([1, 1], [2, 4])])).toEqual(b([1, 3], [2, 4], [3, 1]));
    expect(spreadOf(b([1, 3], [2, 4], [3, 1]))).toEqual({ count: 8, median: 2, p90: 3 });
  });
});

describe("suppressionThreshold", () => {
  it.each([
    [undefined, 5],
    ["", 5],
    ["10", 10],
    [" 3 ", 3],
    ["1", 5],
    ["0", 5],
    ["101", 5],
    ["five", 5],
    ["-4", 5],
    ["2.5", 5],
  ])("%s gives %i", (setting, want) => {
    expect(suppressionThreshold(setting)).toBe(want);
  });
});

describe("suppressCells", () => {
  const T = 5;
  it.each<{ name: string; counts: Record<string, number>; rules: SumRule[]; want: Record<string, Suppression>; threshold?: number }>([
    { name: "nothing small: nothing hidden", counts: { t: 20, a: 10, b: 10 }, rules: [{ total: "t", parts: ["a", "b"] }], want: {} },
    { name: "zero is shown", counts: { t: 20, a: 20, b: 0 }, rules: [{ total: "t", parts: ["a", "b"] }], want: {} },
    { name: "the threshold itself is shown", counts: { t: 10, a: 5, b: 5 }, rules: [{ total: "t", parts: ["a", "b"] }], want: {} },
    {
      name: "one small cell: the smallest other non-zero part is withheld",
      counts: { t: 30, a: 2, b: 8, c: 20, d: 0 },
      rules: [{ total: "t", parts: ["a", "b", "c", "d"] }],
      want: { a: "small", b: "withheld" },
    },
    {
      name: "two small cells: no complement needed",
      counts: { t: 30, a: 2, b: 3, c: 25 },
      rules: [{ total: "t", parts: ["a", "b", "c"] }],
      want: { a: "small", b: "small" },
    },
    {
      name: "ties: the first listed",
      counts: { t: 22, a: 2, b: 10, c: 10 },
      rules: [{ total: "t", parts: ["a", "b", "c"] }],
      want: { a: "small", b: "withheld" },
    },
    {
      name: "the only non-zero part is small, and so is the total",
      counts: { t: 3, a: 3, b: 0 },
      rules: [{ total: "t", parts: ["a", "b"] }],
      want: { a: "small", t: "small" },
    },
    {
      name: "a small total with one small part and zeros",
      counts: { t: 4, a: 4, b: 0, c: 0 },
      rules: [{ total: "t", parts: ["a", "b", "c"] }],
      want: { t: "small", a: "small" },
    },
    {
      name: "a small part is complemented within its group; the table above stays whole",
      // p = p1 + p2 with p1 small -> p2 withheld; t = p + r has nothing hidden, so no cascade.
      counts: { t: 40, p: 12, r: 28, p1: 2, p2: 10, r1: 28 },
      rules: [
        { total: "t", parts: ["p", "r"] },
        { total: "p", parts: ["p1", "p2"] },
        { total: "r", parts: ["r1"] },
      ],
      want: { p1: "small", p2: "withheld" },
    },
    {
      name: "cascade: a small subtotal hides its sibling, whose only part then needs hiding",
      counts: { t: 40, p: 3, r: 37, p1: 3, r1: 30, r2: 7 },
      rules: [
        { total: "t", parts: ["p", "r"] },
        { total: "p", parts: ["p1"] },
        { total: "r", parts: ["r1", "r2"] },
      ],
      // p and p1 small; t = p + r reveals p -> r withheld; r = r1 + r2 with r hidden -> r2 (smaller) withheld.
      want: { p: "small", p1: "small", r: "withheld", r2: "withheld" },
    },
    {
      name: "a cell shared by two tables is hidden in both, and each table gets its complement",
      counts: { t: 50, eligible: 47, ineligible: 3, open: 20, resolved: 27 },
      rules: [
        { total: "t", parts: ["eligible", "ineligible"] },
        { total: "t", parts: ["open", "resolved", "ineligible"] },
      ],
      want: { ineligible: "small", eligible: "withheld", open: "withheld" },
    },
    {
      // 6 = "< 5" + "withheld": a withheld count is at least 5, so the small one is 1. The total goes too.
      name: "a complement at the threshold would pin the small count down: the total is withheld too",
      counts: { t: 6, a: 1, b: 5 },
      rules: [{ total: "t", parts: ["a", "b"] }],
      want: { a: "small", b: "withheld", t: "withheld" },
    },
    {
      // a + b = 16 − 10 = 6 with b at least 5 gives a = 1; withholding c (above 5) leaves room.
      name: "a complement at the threshold leaves no room: a part above the threshold is withheld too",
      counts: { t: 16, a: 1, b: 5, c: 10 },
      rules: [{ total: "t", parts: ["a", "b", "c"] }],
      want: { a: "small", b: "withheld", c: "withheld" },
    },
    {
      // Two counts under 5 that add up to 8 are both 4.
      name: "two small counts at their most: another part is withheld",
      counts: { t: 30, a: 4, b: 4, c: 22 },
      rules: [{ total: "t", parts: ["a", "b", "c"] }],
      want: { a: "small", b: "small", c: "withheld" },
    },
    {
      name: 'with a threshold of 2, "< 2" says 1 by itself: only the subtraction is guarded against',
      counts: { t: 3, a: 1, b: 2 },
      rules: [{ total: "t", parts: ["a", "b"] }],
      threshold: 2,
      want: { a: "small", b: "withheld" },
    },
  ])("$name", ({ counts, rules, want, threshold = T }) => {
    const suppressed = suppressCells(counts, rules, threshold);
    expect(Object.fromEntries(suppressed)).toEqual(want);
    if (threshold > 2) expect(workedOut(counts, rules, suppressed, threshold)).toEqual([]);
  });

  it("a small total whose parts are all 1 is beyond help: nothing non-zero is left to withhold", () => {
    const counts = { t: 2, a: 1, b: 1, c: 0 };
    const rules = [{ total: "t", parts: ["a", "b", "c"] }];
    const suppressed = suppressCells(counts, rules, 3);
    expect(Object.fromEntries(suppressed)).toEqual({ t: "small", a: "small", b: "small" });
    expect(workedOutSmallCounts(counts, rules, suppressed, 3).sort()).toEqual(["a", "b", "t"]);
    expect(stuck("a", counts, rules, suppressed)).toBe(true);
  });

  it('prints "< N" only for counts under N, and no small count can be worked out from the page', () => {
    const table = fc.record({
      parts: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }),
      split: fc.integer({ min: 1, max: 7 }),
      threshold: fc.integer({ min: 2, max: 10 }),
    });
    fc.assert(
      fc.property(table, ({ parts, split, threshold }) => {
        // Two groups under subtotals under one total: t = g1 + g2, g1 = parts[0..split), g2 = the rest.
        const counts: Record<string, number> = {};
        parts.forEach((n, i) => (counts[`c${i}`] = n));
        const g1 = parts.slice(0, split).map((_, i) => `c${i}`);
        const g2 = parts.slice(split).map((_, i) => `c${i + split}`);
        counts.g1 = g1.reduce((s, k) => s + counts[k]!, 0);
        counts.g2 = g2.reduce((s, k) => s + counts[k]!, 0);
        counts.t = counts.g1 + counts.g2;
        const rules: SumRule[] = [
          { total: "t", parts: ["g1", "g2"] },
          { total: "g1", parts: g1 },
          { total: "g2", parts: g2 },
          { total: "t", parts: [...g1, ...g2] },
        ];
        expectSafe(counts, rules, threshold);
      }),
    );
  });
});

describe("CSV", () => {
  it.each<[string | number | null, string]>([
    ["plain", "plain"],
    [42, "42"],
    [-3, "-3"],
    [null, ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tlead", "'\tlead"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
    ["< 5", "< 5"],
  ])("%j is written %j", (value, want) => {
    expect(csvField(value)).toBe(want);
  });

  it("ends every row with CRLF", () => {
    expect(toCsv([["a", 1], ["b, c", null]])).toBe('a,1\r\n"b, c",\r\n');
  });

  it("writes a chart as a header row and a row per category", () => {
    const chart: Chart = {
      id: "outcomes",
      title: "Outcomes",
      rowHeader: "Outcome",
      series: ["Cases"],
      rows: [{ label: "Resolved", values: [3] }, { label: "=evil", values: [1] }],
      layout: "stacked",
      unit: "cases",
      note: "",
    };
    expect(chartCsv(chart)).toBe("Outcome,Cases\r\nResolved,3\r\n'=evil,1\r\n");
    expect(chartSummary(chart)).toContain("4 cases");
    expect(chartSummary(chart)).toContain("most in Resolved (3)");
    expect(chartSummary({ ...chart, rows: [] })).toContain("nothing to show");
  });
});

describe("shaping", () => {
  it("months: adding across years and listing a period", () => {
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(monthsFrom("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsFrom("2026-02", "2026-01")).toEqual([]);
  });

  it.each([
    [["client"], "client"],
    [["client", "company"], "company"],
    [["company", "dma", "arbitration"], "arbitration"],
    [["dma"], "dma"],
    [["arbitration", "company"], "arbitration"],
  ] as const)("stageReached(%j) is %s", (visited, want) => {
    expect(stageReached(visited)).toBe(want);
  });

  const due = new Date("2026-03-10T23:59:59Z");
  const at = (s: string) => new Date(`2026-03-${s}Z`);
  it.each([
    { name: "met before due", metAt: at("05T10:00:00"), pausedAt: null, leftAt: null, now: at("20T00:00:00"), want: "met" },
    { name: "met after due", metAt: at("12T10:00:00"), pausedAt: null, leftAt: null, now: at("20T00:00:00"), want: "breached" },
    { name: "unmet, past due", metAt: null, pausedAt: null, leftAt: null, now: at("11T00:00:00"), want: "breached" },
    { name: "unmet, still time", metAt: null, pausedAt: null, leftAt: null, now: at("09T00:00:00"), want: "running" },
    { name: "paused before due", metAt: null, pausedAt: at("08T00:00:00"), leftAt: null, now: at("20T00:00:00"), want: "running" },
    { name: "case ended before due", metAt: null, pausedAt: null, leftAt: at("06T00:00:00"), now: at("20T00:00:00"), want: "lapsed" },
    { name: "case moved on after due, unmet", metAt: null, pausedAt: null, leftAt: at("15T00:00:00"), now: at("20T00:00:00"), want: "breached" },
    { name: "met, then case ended", metAt: at("05T00:00:00"), pausedAt: null, leftAt: at("06T00:00:00"), now: at("20T00:00:00"), want: "met" },
  ])("deadlineResult: $name", ({ metAt, pausedAt, leftAt, now, want }) => {
    expect(deadlineResult({ dueAt: due, metAt, pausedAt, leftAt }, now)).toBe(want);
  });

  it("crossTab fills missing combinations with zero, in the given order", () => {
    expect(
      crossTab([{ key: "b", label: "B" }, { key: "a", label: "A" }], ["x", "y"], [{ row: "a", series: "y", count: 2 }, { row: "b", series: "x", count: 1 }, { row: "a", series: "y", count: 1 }]),
    ).toEqual([{ label: "B", values: [1, 0] }, { label: "A", values: [0, 3] }]);
  });

  it.each([[0, "days_0_30"], [30, "days_0_30"], [31, "days_31_45"], [45, "days_31_45"], [90, "days_46_90"], [180, "days_91_180"], [181, "days_over_180"]] as const)(
    "resolutionBand(%i) is %s",
    (days, band) => {
      expect(resolutionBand(days)).toBe(band);
    },
  );

  it("shapeAnnual shows small counts as '< threshold' and their complements as 'withheld', keeps totals, and withholds a median of too few cases", () => {
    const figures = shapeAnnual(
      [{ id: "x", title: "X", note: "", rows: [{ key: "a", label: "A" }, { key: "b", label: "B" }, { key: "c", label: "C" }], total: { key: "t", label: "Total" } }],
      { t: 30, a: 2, b: 8, c: 20 },
      [{ total: "t", parts: ["a", "b", "c"] }],
      5,
      b([10, 3]),
    );
    // B is 8: withheld to protect A, never "< 5".
    expect(figures.tables[0]!.rows.map((r) => r.shown)).toEqual(["< 5", "withheld", "20", "30"]);
    expect(figures.tables[0]!.rows.map((r) => r.suppressed)).toEqual(["small", "withheld", null, null]);
    expect(figures.tables[0]!.rows.map((r) => r.isTotal)).toEqual([false, false, false, true]);
    // What the page and the CSV carry: the shown strings, not the counts behind them.
    expect(JSON.stringify(figures)).not.toMatch(/\b(2|8)\b/);
    expect(figures.medianDaysToResolution).toBeNull();
    expect(shapeAnnual([], {}, [], 5, b([10, 3], [40, 2])).medianDaysToResolution).toBe(10);
    expect(figures.medianWithheld).toBe("few");
    const csv = annualCsv(2026, figures);
    expect(csv.split("\r\n")[0]).toBe("year,table,row,count");
    expect(csv).toContain("2026,X,A,< 5\r\n");
    expect(csv).toContain("2026,X,B,withheld\r\n");
    expect(csv).toContain("2026,Time to resolution,Median days,fewer than 5 ended cases\r\n");
  });
});

describe("chartForPage: a dashboard shows a chart's busiest rows, the CSV all of them", () => {
  const timing = (rows: [string, number, number][]): Chart => ({
    id: "timing_client",
    title: "Days to acknowledge and to answer, per client",
    rowHeader: "Client",
    series: ["Ack median", "Ack p90", "Answer median", "Answer p90", "Acknowledged", "Answered"],
    rows: rows.map(([label, acknowledged, answered]) => ({ label, values: [99, 99, 99, 99, acknowledged, answered] })),
    layout: "grouped",
    drawn: 4,
    volume: [4, 5],
    unit: "days",
    note: "",
  });

  it("leaves a chart within the limit as it is", () => {
    const chart = timing([["A", 1, 1], ["B", 2, 2]]);
    expect(chartForPage(chart, 2)).toBe(chart);
  });

  it("keeps the rows with the most clocks measured, busiest first, ties by name, and says how many are left out", () => {
    const page = chartForPage(timing([["Alder", 1, 0], ["Birch", 5, 5], ["Cedar", 3, 3], ["Dogwood", 3, 3], ["Elm", 0, 0]]), 3);
    expect(page.rows.map((r) => r.label)).toEqual(["Birch", "Cedar", "Dogwood"]);
    expect(page.moreRows).toBe(2);
  });

  it("ranks by the volume columns only, not by the days (a slow client is not a busy one)", () => {
    const chart = timing([["Slow", 1, 1], ["Busy", 9, 9]]);
    chart.rows[0]!.values[0] = 10_000;
    expect(chartForPage(chart, 1).rows.map((r) => r.label)).toEqual(["Busy"]);
  });

  it("never invents or changes a row: every row shown is one of the chart's, whole", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.nat(50), fc.nat(50)), { maxLength: 40 }), fc.integer({ min: 1, max: 20 }), (rows, limit) => {
        const chart = timing(rows);
        const page = chartForPage(chart, limit);
        expect(page.rows.length).toBe(Math.min(limit, rows.length));
        expect(page.rows.length + (page.moreRows ?? 0)).toBe(rows.length);
        for (const r of page.rows) expect(chart.rows).toContain(r);
        const volume = (r: Chart["rows"][number]) => (r.values[4] ?? 0) + (r.values[5] ?? 0);
        const lowestShown = Math.min(...page.rows.map(volume));
        for (const r of chart.rows.filter((x) => !page.rows.includes(x))) expect(volume(r)).toBeLessThanOrEqual(lowestShown);
      }),
    );
  });
});

describe("the median time to resolution beside its bands", () => {
  const b = (...pairs: [number, number][]) => pairs.map(([value, count]) => ({ value, count }));
  const bands = [{ id: RESOLUTION_TABLE, title: "Time to resolution", note: "", rows: RESOLUTION_BANDS.map((r) => ({ key: r.key, label: r.label })), total: { key: "ended", label: "Ended" } }];
  const rule = [{ total: "ended", parts: RESOLUTION_BANDS.map((r) => r.key) }];

  it("is withheld when a band is suppressed: 7 ended in two bands of 3 and 4 and a median of 35 days would pin both", () => {
    const days = b([10, 1], [20, 1], [30, 1], [35, 1], [36, 1], [40, 1], [44, 1]);
    const figures = shapeAnnual(bands, { days_0_30: 3, days_31_45: 4, ended: 7 }, rule, 5, days);
    expect(figures.tables[0]!.rows.slice(0, 2).map((r) => r.shown)).toEqual(["< 5", "< 5"]);
    expect(figures.medianDaysToResolution).toBeNull();
    expect(figures.medianWithheld).toBe("suppressed");
    expect(annualCsv(2026, figures)).toContain("2026,Time to resolution,Median days,withheld: it would reveal a suppressed band");
    expect(JSON.stringify(figures)).not.toMatch(/\b35\b/);
  });

  it("is shown when every band is shown", () => {
    const days = b([10, 5], [40, 6]);
    const figures = shapeAnnual(bands, { days_0_30: 5, days_31_45: 6, ended: 11 }, rule, 5, days);
    expect(figures.tables[0]!.rows.every((r) => r.suppressed === null || r.shown === "0")).toBe(true);
    expect(figures.medianWithheld).toBeNull();
    expect(figures.medianDaysToResolution).toBe(40);
  });
});
