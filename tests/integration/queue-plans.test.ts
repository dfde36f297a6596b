// The queue at 100,000 cases: every view walks an index and reads about one page of rows, AS THE
// APP RUNS IT: the role recourse_app under row-level security, with the actor's settings (ADR 029;
// before migration 017 the policy was evaluated per row and the counts grouped every case).
// Plans, not timings: EXPLAIN ANALYZE counts the rows each node read, which does not depend on
// how busy the machine is. The cases live in a database of their own, so that the other test
// files' database stays small and these statistics are the ones a server would have.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompiledQuery, sql, type Kysely } from "kysely";
import { APP_ROLE, createDb } from "../../app/db/db.server";
import { setActor } from "../../app/db/actor.server";
import type { Database } from "../../app/db/schema";
import { dueSoonEnd, formatSequence, type Actor, type CountFilters } from "../../app/domain";
import { encodeSortCursor, onPagePlan, PAGE_SIZE, queueQuery, searchCondition, type QueueFilters } from "../../app/models/queues.server";
import { insertBulkCases } from "../support/bulk-cases";
import { freshTestDatabase } from "../support/database";
import { unique } from "../support/factories";

const CASES = Number(process.env.QP_CASES ?? 100_000);
const NOW = new Date("2026-06-01T12:00:00.000Z");
const ZONE = "America/New_York";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

let trx: Kysely<Database>;
/** The app's connection: the role recourse_app, which row-level security applies to. */
let app: Kysely<Database>;
let database: Awaited<ReturnType<typeof freshTestDatabase>> | undefined;
let clientId: string;
let officer: Actor;
let liaison: Actor;

beforeAll(async () => {
  database = await freshTestDatabase("plans");
  trx = createDb(database.url, 2);
  // A bulk load counts once at the end, as the benchmark's seed does (the per-row triggers that keep
  // the counts would triple the load's time here).
  for (const t of ["case_counts_insert", "case_counts_update", "case_counts_0serialize_insert", "case_counts_0serialize_update"]) await sql`alter table cases disable trigger ${sql.id(t)}`.execute(trx);
  ({ aClientId: clientId } = await insertBulkCases(trx, { cases: CASES, now: NOW, tag: unique() }));
  const staff = await trx
    .insertInto("users")
    .values([
      { role: "officer", email: `plans-officer-${unique()}@plans.test`, name: "Plans officer" },
      { role: "liaison", email: `plans-liaison-${unique()}@plans.test`, name: "Plans liaison", client_id: clientId },
    ])
    .returning("id")
    .execute();
  officer = { role: "officer", userId: staff[0]!.id };
  liaison = { role: "liaison", userId: staff[1]!.id, clientId };
  // In one pass: every tenth case is the officer's, every seventh of the client's the liaison's
  // ("mine"); rejected answers here and there; last activity spread as in life (the bulk rows all
  // have the same updated_at, which no sort by activity could page through).
  await sql`
    update cases set
      owner_id = case
        when client_id = ${clientId} and ('x' || substr(md5(id::text), 1, 4))::bit(16)::int % 7 = 1 then ${liaison.userId}::uuid
        when ('x' || substr(md5(id::text), 1, 4))::bit(16)::int % 10 = 0 then ${officer.userId}::uuid
      end,
      answer_rejected = ('x' || substr(md5(id::text), 5, 4))::bit(16)::int % 9 = 0,
      updated_at = opened_at + ('x' || substr(md5(id::text), 9, 5))::bit(20)::int * interval '15 seconds'`.execute(trx);
  for (const t of ["case_counts_insert", "case_counts_update", "case_counts_0serialize_insert", "case_counts_0serialize_update"]) await sql`alter table cases enable trigger ${sql.id(t)}`.execute(trx);
  await sql`select case_counts_rebuild()`.execute(trx);
  await sql`vacuum analyze cases`.execute(trx);
  app = createDb(database.url, 2, { role: APP_ROLE });
}, 900_000);

afterAll(async () => {
  await app?.destroy();
  await trx?.destroy();
  await database?.drop();
});

/** Runs `work` as the app runs a model's query: recourse_app, in a transaction naming the actor. */
function asApp<T>(actor: Actor, work: (t: Kysely<Database>) => Promise<T>): Promise<T> {
  return app.transaction().execute(async (t) => {
    await setActor(t, actor);
    return work(t);
  });
}

/** What reading one page of this view costs: the nodes over cases and the rows they touched. */
async function pageCost(actor: Actor, filters: QueueFilters, cursor: string | null = null) {
  const plan = await asApp(actor, async (t) => {
    // The search box's condition as the app builds it (its look-ups run first, as in the app).
    const search = filters.q ? await searchCondition(t, filters.q) : null;
    const compiled = queueQuery(t, actor, filters, cursor, NOW, ZONE, search).compile();
    // A later page runs on its kept (generic) plan, as in the app: EXPLAIN of a statement plans it
    // for its values, EXPLAIN EXECUTE of a prepared one shows the plan the app's run gets.
    const result = await onPagePlan(t, cursor, search, async (kept) => {
      if (!kept) {
        return t.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(CompiledQuery.raw(`explain (analyze, format json) ${compiled.sql}`, [...compiled.parameters]));
      }
      const name = `page_${unique().replace(/\W/g, "_")}`;
      await t.executeQuery(CompiledQuery.raw(`prepare ${name} as ${compiled.sql}`));
      // EXPLAIN EXECUTE takes its values as literals (its own statement has no parameters).
      const literal = (v: unknown) => `'${(v instanceof Date ? v.toISOString() : String(v)).replaceAll("'", "''")}'`;
      const values = compiled.parameters.map(literal).join(", ");
      const explained = await t.executeQuery<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        CompiledQuery.raw(`explain (analyze, format json) execute ${name}${values ? `(${values})` : ""}`),
      );
      await t.executeQuery(CompiledQuery.raw(`deallocate ${name}`));
      return explained;
    });
    return result.rows[0]!["QUERY PLAN"][0].Plan;
  });
  const overCases = nodes(plan).filter((n) => n["Relation Name"] === "cases");
  const rowsRead = overCases.reduce(
    (sum, n) => sum + (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * n["Actual Loops"],
    0,
  );
  return { scans: overCases.map((n) => `${n["Node Type"]}${n["Index Name"] ? ` ${n["Index Name"]}` : ""}`), rowsRead, plan };
}

/** A cursor deep in the view: as if its `offset`-th case ended the page before. */
async function deepCursor(actor: Actor, filters: QueueFilters, offset: number) {
  const rows = await asApp(actor, (t) => queueQuery(t, actor, filters, null, NOW, ZONE).clearLimit().limit(1).offset(offset).execute());
  const row = rows[0];
  if (!row) throw new Error(`the view has fewer than ${offset} cases`);
  const sort = filters.sort ?? "due";
  const key = sort === "due" ? (row.next_due_at ? new Date(row.next_due_at) : null) : new Date(sort === "opened" ? row.opened_at : row.updated_at);
  return encodeSortCursor(sort, filters.dir ?? "asc", key, row.id);
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
    ["officer, mine", () => officer, { owner: "mine" }],
    ["officer, unassigned", () => officer, { owner: "unassigned" }],
    ["officer, answer rejected", () => officer, { answerRejected: true }],
    ["officer, newest first", () => officer, { sort: "opened", dir: "desc" }],
    ["officer, oldest first", () => officer, { sort: "opened", dir: "asc" }],
    ["officer, most recently active first", () => officer, { sort: "activity", dir: "desc" }],
    ["officer, furthest deadline first", () => officer, { sort: "due", dir: "desc" }],
    ["liaison, open", () => liaison, {}],
    ["liaison, overdue", () => liaison, { due: "overdue" }],
    ["liaison, mine", () => liaison, { owner: "mine" }],
    ["liaison, newest first", () => liaison, { sort: "opened", dir: "desc" }],
    ["liaison, least recently active first", () => liaison, { sort: "activity", dir: "asc" }],
  ];

  it.each(views)("%s: an index, about one page of rows", async (_name, actor, filters) => {
    const first = await pageCost(actor(), filters);
    expect(first.scans.length, JSON.stringify(first.plan)).toBeGreaterThan(0);
    // "Mine" may also gather one person's own cases by bitmap and sort them: bounded by what one
    // person owns, not by the number of cases (the bound below still holds).
    const allowed = filters.owner === "mine" ? /^(Index Scan|Bitmap)/ : /^Index Scan/;
    expect(first.scans.every((s) => allowed.test(s)), first.scans.join(", ")).toBe(true);
    const owned = filters.owner === "mine" ? Number((await trx.selectFrom("cases").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_id", "=", actor().userId).executeTakeFirstOrThrow()).n) : 0;
    expect(first.rowsRead, first.scans.join(", ")).toBeLessThanOrEqual(Math.max(PAGE_BOUND, owned));
  });

  // Deep pages: 2,000 cases in, and (for views that have one) in the tail of cases without a
  // running deadline, which sort last and are paged by id.
  const deep: [string, () => Actor, QueueFilters, number][] = [
    ...views
      .filter(([, , f]) => f.due !== "week" && !f.answerRejected && !(f.owner === "mine"))
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

  it("search by reference: the reference's index, one case", async () => {
    const [row] = await trx.selectFrom("cases").select("reference").orderBy("id").limit(1).execute();
    const page = await pageCost(officer, { q: row!.reference });
    expect(page.rowsRead, page.scans.join(", ")).toBeLessThanOrEqual(PAGE_BOUND);
    const forLiaison = await pageCost(liaison, { q: row!.reference });
    expect(forLiaison.rowsRead, forLiaison.scans.join(", ")).toBeLessThanOrEqual(PAGE_BOUND);
  });

  /** Buffers read by one call of recourse_search_ids, warmed once as the counts below are. */
  async function lookUpBuffers(actor: Actor, kind: string, term: string) {
    return asApp(actor, async (t) => {
      await sql`select recourse_search_ids(${kind}, ${term}, 2000)`.execute(t);
      const result = await sql<{ "QUERY PLAN": [{ Plan: PlanNode }] }>`
        explain (analyze, buffers, format json) select recourse_search_ids(${kind}, ${term}, 2000)`.execute(t);
      const plan = result.rows[0]!["QUERY PLAN"][0].Plan;
      return (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0);
    });
  }

  // A reference's number alone (the end of PS-2026-000006) and an address's beginning without its
  // "@" (ADR 050): each on an index of its own, a few cases, whatever the number of cases.
  it("search by a reference's number and by the beginning of an address: their indexes, a page", async () => {
    const [a, b] = await trx.selectFrom("cases").select("id").where("client_id", "=", clientId).orderBy("id").limit(2).execute();
    const person = await trx
      .insertInto("users")
      .values({ role: "complainant", email: `plans.keller.${unique()}@plans.test`.toLowerCase(), name: "Plans Keller" })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    await trx.updateTable("cases").set({ reference: `PS-2026-${formatSequence(987_654)}`, complainant_id: person.id }).where("id", "=", a!.id).execute();
    await trx.updateTable("cases").set({ complainant_id: person.id }).where("id", "=", b!.id).execute();
    for (const q of ["987654", "0987654", person.email.slice(0, person.email.indexOf("@"))]) {
      for (const actor of [officer, liaison]) {
        const page = await pageCost(actor, { q, status: "all" });
        expect(page.plan["Actual Rows"], q).toBeGreaterThan(0);
        expect(page.rowsRead, `${q}: ${page.scans.join(", ")}`).toBeLessThanOrEqual(PAGE_BOUND);
      }
    }
    // The look-ups themselves: an index range each (and the plan EXECUTE makes each call), not a
    // pass over the cases (about 6,600 buffers here).
    for (const actor of [officer, liaison]) {
      expect(await lookUpBuffers(actor, "number", formatSequence(987_654))).toBeLessThanOrEqual(100);
      expect(await lookUpBuffers(actor, "email", `${person.email.slice(0, person.email.indexOf("@"))}%`)).toBeLessThanOrEqual(100);
    }
  });

  // The counts beside the filters: the old function grouped every case (an index-only scan of
  // 100,000 entries, about 900 buffers here); from case_counts, the days ahead in the day tables
  // and two short ranges of next_due_at it reads under 200, under any filter of the page
  // (ADR 050). Buffers of a function scan include those its queries read.
  const countViews: [string, () => Actor, { clientId?: () => string; owner?: "mine" | "unassigned"; due?: "overdue" | "week"; answerRejected?: boolean }][] = [
    ["officer", () => officer, {}],
    ["liaison", () => liaison, {}],
    ["officer, one client", () => officer, { clientId: () => clientId }],
    ["officer, mine", () => officer, { owner: "mine" }],
    ["officer, unassigned, due within 7 days", () => officer, { owner: "unassigned", due: "week" }],
    ["officer, overdue, answer rejected", () => officer, { due: "overdue", answerRejected: true }],
    ["officer, one client, unassigned, overdue, answer rejected", () => officer, { clientId: () => clientId, owner: "unassigned", due: "overdue", answerRejected: true }],
    ["liaison, mine, due within 7 days", () => liaison, { owner: "mine", due: "week" }],
    ["liaison, unassigned, answer rejected", () => liaison, { owner: "unassigned", answerRejected: true }],
  ];
  it.each(countViews)("%s: the counts per filter read a bounded number of buffers", async (_name, actor, f) => {
    const weekEnd = dueSoonEnd(NOW, ZONE);
    const args = sql`${NOW}::timestamptz, ${weekEnd}::timestamptz, ${f.clientId?.() ?? null}::uuid, ${f.owner ?? null}::text, ${f.due ?? null}::text, ${f.answerRejected ?? false}`;
    const plan = await asApp(actor(), async (t) => {
      // Once to warm the connection (the first call plans the function's queries and reads the
      // catalog, as a pooled connection of the app did long ago), then measured.
      await sql`select * from recourse_queue_counts(${args})`.execute(t);
      const result = await sql<{ "QUERY PLAN": [{ Plan: PlanNode }] }>`
        explain (analyze, buffers, format json) select * from recourse_queue_counts(${args})`.execute(t);
      return result.rows[0]!["QUERY PLAN"][0].Plan;
    });
    const buffers = (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0);
    expect(buffers).toBeLessThanOrEqual(200);
  });

  // And exact at this size: the open cases each option would list, counted here the slow way.
  it("the counts under filters equal a count of the cases", async () => {
    const weekEnd = dueSoonEnd(NOW, ZONE);
    // The function in this database, as queueCounts calls it.
    const queueCounts = (actor: Actor, at: Date, f: CountFilters) =>
      asApp(actor, async (t) => {
        const { rows } = await sql<{ status: string; n: string; overdue: string; week: string; rejected: string; mine: string; unowned: string }>`
          select * from recourse_queue_counts(${at}::timestamptz, ${weekEnd}::timestamptz, ${f.clientId ?? null}::uuid, ${f.owner ?? null}::text, ${f.due ?? null}::text, ${f.answerRejected ?? false})`.execute(t);
        return rows.map((r) => ({ status: r.status, n: +r.n, overdue: +r.overdue, week: +r.week, rejected: +r.rejected, mine: +r.mine, unowned: +r.unowned }));
      });
    const truth = async (where: ReturnType<typeof sql>) =>
      Number((await sql<{ n: string }>`select count(*) as n from cases where status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered') and ${where}`.execute(trx)).rows[0]!.n);
    const sum = (rows: Awaited<ReturnType<typeof queueCounts>>, measure: "n" | "overdue" | "week" | "mine" | "unowned" | "rejected") =>
      rows.filter((r) => ["awaiting_acknowledgement", "in_progress", "awaiting_complainant", "answered"].includes(r.status)).reduce((s, r) => s + r[measure], 0);
    const unownedWeek = await queueCounts(officer, NOW, { owner: "unassigned", due: "week" });
    expect(sum(unownedWeek, "n")).toBe(await truth(sql`owner_id is null and next_due_at >= ${NOW} and next_due_at < ${weekEnd}`));
    expect(sum(unownedWeek, "overdue")).toBe(await truth(sql`owner_id is null and next_due_at < ${NOW}`));
    expect(sum(unownedWeek, "mine")).toBe(await truth(sql`owner_id = ${officer.userId} and next_due_at >= ${NOW} and next_due_at < ${weekEnd}`));
    const clientRejected = await queueCounts(officer, NOW, { clientId, answerRejected: true, due: "overdue" });
    expect(sum(clientRejected, "n")).toBe(await truth(sql`client_id = ${clientId} and answer_rejected and next_due_at < ${NOW}`));
    expect(sum(clientRejected, "week")).toBe(await truth(sql`client_id = ${clientId} and answer_rejected and next_due_at >= ${NOW} and next_due_at < ${weekEnd}`));
    expect(sum(clientRejected, "unowned")).toBe(await truth(sql`client_id = ${clientId} and answer_rejected and owner_id is null and next_due_at < ${NOW}`));
    expect(sum(clientRejected, "rejected")).toBe(await truth(sql`client_id = ${clientId} and answer_rejected and next_due_at < ${NOW}`));
    const liaisonMine = await queueCounts(liaison, NOW, { owner: "mine", due: "week" });
    expect(sum(liaisonMine, "n")).toBe(await truth(sql`client_id = ${clientId} and owner_id = ${liaison.userId} and next_due_at >= ${NOW} and next_due_at < ${weekEnd}`));
    expect(sum(liaisonMine, "unowned")).toBe(await truth(sql`client_id = ${clientId} and owner_id is null and next_due_at >= ${NOW} and next_due_at < ${weekEnd}`));
  });
});
