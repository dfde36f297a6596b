// The report facts (migration 018, ADR 030) against the reports as they were computed before them
// (tests/support/reports-legacy.ts: the same SQL over cases, case_deadlines and case_events), on
// the benchmark's generated cases: the facts after a bulk load (rebuilt, or kept by the triggers
// when the load ran with them), then after commands through the app change cases, clocks and
// timelines (kept by the triggers alone), at several "now"s. Every figure must be equal.
// It runs in a database of its own, like the bench seed's test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { closeDb, ownerDb as db } from "../../app/db/db.server";
import type { Actor, Stage } from "../../app/domain";
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { loadOperatorZone } from "../../app/models/clock-settings.server";
import { annualFigures, annualReport, dashboard, dashboardCharts, dashboardCounts, sharedAnnualReport, sharedDashboard, type DashboardCounts, type DashboardFilters } from "../../app/models/reports.server";
import { asActor } from "../../app/db/actor.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../../app/seed/demo.server";
import { seedBenchData } from "../../scripts/bench/seed-data";
import { freshTestDatabase } from "../support/database";
import { legacyAnnualCounts, legacyDashboardCounts } from "../support/reports-legacy";

const CASES = 400;
const now = new Date();
const DAY = 86_400_000;
let sharedUrl: string;
let own: Awaited<ReturnType<typeof freshTestDatabase>>;
let officer: Actor;
let zone: string;

beforeAll(async () => {
  sharedUrl = process.env.DATABASE_URL!;
  own = await freshTestDatabase("facts");
  await closeDb();
  process.env.DATABASE_URL = own.url;
  await seedDemoData(now);
  await seedBenchData(db(), { cases: CASES, now });
  const o = await db().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.staff[0]!.email).executeTakeFirstOrThrow();
  officer = { role: "officer", userId: o.id };
  zone = await loadOperatorZone();
}, 180_000);

afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = sharedUrl;
  await own.drop();
});

const month = (d: Date) => d.toISOString().slice(0, 7);
const sorted = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).sort();
const sameCounts = (a: DashboardCounts, b: DashboardCounts) => {
  for (const k of ["opened", "open", "deadlines", "timing", "outcomes"] as const) expect(sorted(a[k]), k).toEqual(sorted(b[k]));
};

async function filterSets(): Promise<DashboardFilters[]> {
  const { rows } = await sql<{ client_id: string; n: number }>`
    select client_id, count(*)::int as n from cases where client_id is not null group by 1 order by 2 desc limit 2`.execute(db());
  const from = month(new Date(now.getTime() - 400 * DAY));
  const to = month(now);
  return [
    { from, to, client: { kind: "all" }, framework: null },
    { from, to, client: { kind: "operator" }, framework: null },
    ...rows.map((r) => ({ from, to, client: { kind: "client" as const, id: r.client_id }, framework: null })),
    { from, to, client: { kind: "all" }, framework: "privacy_shield" },
    { from, to, client: { kind: "all" }, framework: "dpf" },
    { from: month(new Date(now.getTime() - 60 * DAY)), to: month(new Date(now.getTime() - 30 * DAY)), client: { kind: "all" }, framework: null },
  ];
}

async function expectSameFigures(at: Date) {
  const clients = await db().selectFrom("clients").select(["id", "name"]).orderBy("name").execute();
  for (const f of await filterSets()) {
    const legacy = await legacyDashboardCounts(db(), f, zone, at);
    const page = await dashboard(officer, f, at);
    expect(page, JSON.stringify(f)).toEqual(dashboardCharts(f, zone, clients, legacy));
    // The figures the pages serve (ADR 037): stored as JSON and read back, the same charts. Earlier
    // calls here may have stored figures at this same instant, before the data changed: dropped.
    await sql`delete from report_snapshots`.execute(db());
    expect((await sharedDashboard(officer, f, at)).report, JSON.stringify(f)).toEqual(page);
    // The counts themselves, row for row (the charts could hide a difference in a row they do not show).
    sameCounts(await asActor(officer, (trx) => dashboardCounts(trx, f, zone, at)), legacy);
  }
  const years = await sql<{ y: number }>`select distinct extract(year from opened_at at time zone ${zone})::int as y from cases`.execute(db());
  expect(years.rows.length).toBeGreaterThan(0);
  for (const { y } of years.rows) {
    for (const threshold of [2, 5]) {
      const legacy = annualFigures(await legacyAnnualCounts(db(), y, zone), threshold);
      expect((await annualReport(officer, y, threshold)).figures, `${y}`).toEqual(legacy);
      await sql`delete from report_snapshots`.execute(db());
      expect((await sharedAnnualReport(officer, y, threshold, at)).report.figures, `${y}`).toEqual(legacy);
    }
  }
}

async function act(actor: Actor, caseId: string, command: CaseCommandRequest, at: Date, body?: string): Promise<boolean> {
  const c = await db().selectFrom("cases").select(["reference", "version"]).where("id", "=", caseId).executeTakeFirstOrThrow();
  const outcome = await performCaseCommand({ actor, reference: c.reference, expectedVersion: c.version, command, body, now: at });
  return outcome.ok;
}

describe("report facts", () => {
  it("give every dashboard figure and every annual figure that the cases themselves give, after the bulk load", async () => {
    const { rows } = await sql<{ n: number; d: number }>`select (select count(*)::int from case_facts) as n, (select count(*)::int from deadline_facts) as d`.execute(db());
    const { rows: source } = await sql<{ n: number; d: number }>`select (select count(*)::int from cases) as n, (select count(*)::int from case_deadlines) as d`.execute(db());
    expect(rows[0]).toEqual(source[0]);
    await expectSameFigures(now);
  }, 120_000);

  it("stay equal at any now: before clocks were met or left behind, and long after", async () => {
    await expectSameFigures(new Date(now.getTime() - 20 * DAY));
    await expectSameFigures(new Date(now.getTime() + 400 * DAY));
  }, 120_000);

  it("stay equal after commands change cases, clocks and timelines (triggers alone)", async () => {
    const clients = (await db().selectFrom("clients").select("id").execute()).map((c) => c.id);
    const open = await db()
      .selectFrom("cases")
      .select(["id", "stage", "client_id"])
      .where("status", "in", ["awaiting_acknowledgement", "in_progress", "awaiting_complainant", "answered"])
      .orderBy("reference")
      .limit(60)
      .execute();
    const closed = await db().selectFrom("cases").select("id").where("status", "=", "closed").orderBy("reference").limit(5).execute();
    let done = 0;
    const later = new Date(now.getTime() + 60_000);
    for (const [i, c] of open.entries()) {
      const at = new Date(later.getTime() + i * 60_000);
      const kind = i % 6;
      if (kind === 0) done += Number(await act(officer, c.id, { type: "acknowledge" }, at));
      if (kind === 1) done += Number(await act(officer, c.id, { type: "close", kind: "duplicate", reason: "Filed twice." }, at));
      if (kind === 2) done += Number(await act(officer, c.id, { type: "assign", clientId: clients.find((x) => x !== c.client_id)!, liaisonId: null }, at));
      if (kind === 3) done += Number(await act(officer, c.id, { type: "answer", message: "Our answer." }, at, "Our answer."));
      if (kind === 4) done += Number(await act(officer, c.id, { type: "post_message", audience: "internal", channel: "web" }, at, "A note."));
      if (kind === 5 && (c.stage as Stage) === "client") done += Number(await act(officer, c.id, { type: "close", kind: "out_of_scope", reason: "Not EU data." }, at));
    }
    for (const [i, c] of closed.entries()) done += Number(await act(officer, c.id, { type: "reopen", reason: "Closed by mistake." }, new Date(later.getTime() + (100 + i) * 60_000)));
    expect(done).toBeGreaterThan(30);
    await expectSameFigures(new Date(later.getTime() + 200 * 60_000));
    await expectSameFigures(new Date(later.getTime() + 90 * DAY));
  }, 180_000);

  it("follow any write to a case, also one that touches none of its clocks (a move to another client, an ending)", async () => {
    const clients = (await db().selectFrom("clients").select("id").orderBy("name").execute()).map((c) => c.id);
    const timed = await sql<{ id: string; client_id: string | null }>`
      select distinct c.id, c.client_id from cases c join case_deadlines d on d.case_id = c.id
      where d.met_at is not null and d.kind = 'acknowledgement' order by c.id limit 10`.execute(db());
    expect(timed.rows.length).toBe(10);
    for (const c of timed.rows) {
      await db().updateTable("cases").set({ client_id: clients.find((x) => x !== c.client_id)! }).where("id", "=", c.id).execute();
    }
    const open = await db().selectFrom("cases").select("id").where("status", "=", "in_progress").orderBy("id").limit(10).execute();
    await db().updateTable("cases").set({ status: "withdrawn", updated_at: new Date(now.getTime() - 2 * DAY) }).where("id", "in", open.map((c) => c.id)).execute();
    await expectSameFigures(now);
  }, 120_000);

  it("are rebuilt whole by recourse_facts_rebuild, to the same rows the triggers kept", async () => {
    const before = await sql`select * from case_facts order by case_id`.execute(db());
    const deadlinesBefore = await sql`select * from deadline_facts order by deadline_id`.execute(db());
    await sql`truncate case_facts, deadline_facts`.execute(db());
    await sql`select recourse_facts_rebuild()`.execute(db());
    expect((await sql`select * from case_facts order by case_id`.execute(db())).rows).toEqual(before.rows);
    expect((await sql`select * from deadline_facts order by deadline_id`.execute(db())).rows).toEqual(deadlinesBefore.rows);
  }, 120_000);
});
