// The queue at 100,000 cases: every view walks an index and reads about one page of rows.
// Plans, not timings: EXPLAIN ANALYZE counts the rows each node read, which does not depend on
// how busy the machine is. The cases live in a database of their own, so that the other test
// files' database stays small and these statistics are the ones a server would have.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompiledQuery, sql, type Kysely } from "kysely";
import { createDb } from "../../app/db/db.server";
import type { Database } from "../../app/db/schema";
import type { Actor } from "../../app/domain";
import { encodeCursor, PAGE_SIZE, queueQuery, type QueueFilters } from "../../app/models/queues.server";
import { insertBulkCases } from "../support/bulk-cases";
import { freshTestDatabase } from "../support/database";
import { unique } from "../support/factories";

const CASES = Number(process.env.QP_CASES ?? 100_000);
const NOW = new Date("2026-06-01T12:00:00.000Z");

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

let trx: Kysely<Database>;
let database: Awaited<ReturnType<typeof freshTestDatabase>> | undefined;
let clientId: string;
let officer: Actor;
let liaison: Actor;

beforeAll(async () => {
  database = await freshTestDatabase("plans");
  trx = createDb(database.url, 2);
  ({ aClientId: clientId } = await insertBulkCases(trx, { cases: CASES, now: NOW, tag: unique() }));
  await sql`vacuum analyze cases`.execute(trx);
  officer = { role: "officer", userId: "00000000-0000-4000-8000-000000000001" };
  liaison = { role: "liaison", userId: "00000000-0000-4000-8000-000000000002", clientId };
}, 180_000);

afterAll(async () => {
  await trx?.destroy();
  await database?.drop();
});

/** What reading one page of this view costs: the nodes over cases and the rows they touched. */
async function pageCost(actor: Actor, filters: QueueFilters, cursor: string | null = null) {
  const compiled = queueQuery(trx, actor, filters, cursor, NOW).compile();
  const result = await trx.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    CompiledQuery.raw(`explain (analyze, format json) ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = result.rows[0]!["QUERY PLAN"][0].Plan;
  const overCases = nodes(plan).filter((n) => n["Relation Name"] === "cases");
  const rowsRead = overCases.reduce(
    (sum, n) => sum + (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"],
    0,
  );
  return { scans: overCases.map((n) => `${n["Node Type"]}${n["Index Name"] ? ` ${n["Index Name"]}` : ""}`), rowsRead, plan };
}

/** A cursor deep in the view: as if its `offset`-th case ended the page before. */
async function deepCursor(actor: Actor, filters: QueueFilters, offset: number) {
  const rows = await queueQuery(trx, actor, filters, null, NOW).clearLimit().limit(1).offset(offset).execute();
  const row = rows[0];
  if (!row) throw new Error(`the view has fewer than ${offset} cases`);
  return encodeCursor(row.next_due_at ? new Date(row.next_due_at) : null, row.id);
}

const ONE_PAGE = PAGE_SIZE + 1;
/**
 * What a page may read: a page from a partial index, or (where the planner prefers the
 * all-cases index for the tail without deadlines) a page plus the finished cases interleaved
 * with it. Either way bounded by the page, not by the number of cases: the old queue read every
 * open case (60,000 here) for every page.
 */
const PAGE_BOUND = 10 * ONE_PAGE;

describe(`the queue at ${CASES.toLocaleString("en")} cases`, () => {
  const views: [string, () => Actor, QueueFilters][] = [
    ["officer, open (the default)", () => officer, {}],
    ["officer, all statuses", () => officer, { status: "all" }],
    ["officer, one status", () => officer, { status: "in_progress" }],
    ["officer, a finished status", () => officer, { status: "closed" }],
    ["officer, one stage", () => officer, { stage: "arbitration" }],
    ["officer, one client", () => officer, { clientId }],
    ["officer, overdue", () => officer, { due: "overdue" }],
    ["officer, due within 7 days", () => officer, { due: "week" }],
    ["officer, stage and overdue", () => officer, { stage: "dma", due: "overdue" }],
    ["liaison, open", () => liaison, {}],
    ["liaison, overdue", () => liaison, { due: "overdue" }],
  ];

  it.each(views)("%s: an index, about one page of rows", async (_name, actor, filters) => {
    const first = await pageCost(actor(), filters);
    expect(first.scans.length, JSON.stringify(first.plan)).toBeGreaterThan(0);
    expect(first.scans.every((s) => s.startsWith("Index Scan")), first.scans.join(", ")).toBe(true);
    expect(first.rowsRead, first.scans.join(", ")).toBeLessThanOrEqual(PAGE_BOUND);
  });

  // Deep pages: 2,000 cases in, and (for views that have one) in the tail of cases without a
  // running deadline, which sort last and are paged by id.
  const deep: [string, () => Actor, QueueFilters, number][] = [
    ...views
      .filter(([, , f]) => f.due !== "week")
      .map(([n, a, f]): [string, () => Actor, QueueFilters, number] => [n, a, f, n.startsWith("liaison") ? 200 : 2000]),
    ["officer, open, among the cases without a running deadline", () => officer, {}, 45_000 * (CASES / 100_000)],
    ["officer, all, among the cases without a running deadline", () => officer, { status: "all" }, 90_000 * (CASES / 100_000)],
    ["liaison, open, among the cases without a running deadline", () => liaison, {}, 1_200 * (CASES / 100_000)],
  ];

  it.each(deep)("%s: a deep page by the cursor costs the same", async (_name, actor, filters, offset) => {
    const cursor = await deepCursor(actor(), filters, offset);
    const page = await pageCost(actor(), filters, cursor);
    expect(page.scans.every((s) => s.startsWith("Index Scan")), page.scans.join(", ")).toBe(true);
    expect(page.rowsRead, page.scans.join(", ")).toBeLessThanOrEqual(PAGE_BOUND);
  });
});
