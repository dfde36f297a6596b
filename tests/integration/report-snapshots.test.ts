// The reports' figures computed once per filter and shared (ADR 037): within a minute a request
// reads the stored figures and counts nothing; ten at once count once; "Refresh now" counts again;
// another filter never gets these figures; only the officer (and the system) may read them. The
// cases are filed in 2016, a year no other test uses. Exactness of the counting itself is
// report-facts.test.ts's.
import pg from "pg";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { asActor } from "../../app/db/actor.server";
import { SNAPSHOT_SECONDS, sharedAnnualReport, sharedDashboard, type DashboardFilters } from "../../app/models/reports.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, plus, type TestUser } from "../support/factories";

const T0 = new Date("2016-03-07T15:00:00.000Z");
const NOW = new Date("2016-04-01T12:00:00.000Z");
const SECOND = 1000;

let officer: TestUser;
let clientC: { id: string; name: string };
let clientD: { id: string; name: string };
const march = (client: DashboardFilters["client"]): DashboardFilters => ({ from: "2016-03", to: "2016-03", client, framework: null });

// Every statement this process sends, to see which requests counted (as the bench's capture-hook does).
const statements: string[] = [];
const originalQuery = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    // Plain (text, values) or a statement prepared by name ({ name, text, values }).
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: unknown } | null)?.text;
    if (typeof text === "string") statements.push(text);
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(() => {
  pg.Client.prototype.query = originalQuery;
});
afterEach(() => {
  statements.length = 0;
});
/** Statements that counted facts (the dashboard's or the annual report's aggregates). */
const countings = () => statements.filter((s) => /from (case|deadline)_facts/.test(s));

beforeAll(async () => {
  clientC = await createClient("Snapshot client C");
  clientD = await createClient("Snapshot client D");
  officer = await createOfficer();
  for (let i = 0; i < 3; i++) await fileCase({ clientId: clientC.id }, T0);
  await fileCase({ clientId: clientD.id }, T0);
}, 60_000);

afterAll(discardTestMail);

const casesOf = (d: { report: { cases: number } }) => d.report.cases;

describe("the dashboard's shared figures", () => {
  it("are computed once, then read for a minute without counting; a refresh sees a new case", async () => {
    const first = await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), NOW);
    expect(casesOf(first)).toBe(3);
    expect(first.computedAt).toEqual(NOW);
    expect(countings().length).toBeGreaterThan(0);

    await fileCase({ clientId: clientC.id }, T0);
    statements.length = 0;
    const second = await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), plus(NOW, 30 * SECOND));
    expect(countings()).toEqual([]);
    expect(casesOf(second)).toBe(3);
    expect(second.computedAt).toEqual(NOW);
    expect(second.report.charts).toEqual(first.report.charts);

    const refreshed = await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), plus(NOW, 40 * SECOND), true);
    expect(casesOf(refreshed)).toBe(4);
    expect(refreshed.computedAt).toEqual(plus(NOW, 40 * SECOND));

    // Older than the window: counted again.
    await fileCase({ clientId: clientC.id }, T0);
    const later = await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), plus(NOW, (40 + SNAPSHOT_SECONDS + 1) * SECOND));
    expect(casesOf(later)).toBe(5);
  });

  it("ten requests at once count once", async () => {
    const at = plus(NOW, 10 * 60 * SECOND);
    const f: DashboardFilters = { ...march({ kind: "client", id: clientC.id }), framework: "privacy_shield" };
    const all = await Promise.all(Array.from({ length: 10 }, () => sharedDashboard(officer.actor, f, at)));
    expect(new Set(all.map(casesOf))).toEqual(new Set([5]));
    // One computation: one scan of case_facts (the three case charts) and two of deadline_facts.
    expect(countings().filter((s) => /from case_facts/.test(s))).toHaveLength(1);
  });

  it("never serves one filter's figures for another", async () => {
    const at = plus(NOW, 20 * 60 * SECOND);
    expect(casesOf(await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), at))).toBe(5);
    expect(casesOf(await sharedDashboard(officer.actor, march({ kind: "client", id: clientD.id }), at))).toBe(1);
    expect(casesOf(await sharedDashboard(officer.actor, { ...march({ kind: "client", id: clientD.id }), to: "2016-04" }, at))).toBe(1);
    expect(casesOf(await sharedDashboard(officer.actor, { ...march({ kind: "client", id: clientC.id }), from: "2016-04", to: "2016-04" }, at))).toBe(0);
    expect(casesOf(await sharedDashboard(officer.actor, { ...march({ kind: "client", id: clientC.id }), framework: "dpf" }, at))).toBe(0);
  });
});

describe("the annual report's shared figures", () => {
  it("are read within the minute and counted again on a refresh", async () => {
    const at = plus(NOW, 30 * 60 * SECOND);
    const total = async (refresh = false, when = at) => {
      const r = await sharedAnnualReport(officer.actor, 2016, 1, when, refresh);
      return r.report.figures.tables.find((t) => t.id === "received")!.rows.find((row) => row.isTotal)!.shown;
    };
    const before = Number(await total());
    await fileCase({ clientId: clientD.id }, T0);
    statements.length = 0;
    expect(Number(await total(false, plus(at, 5 * SECOND)))).toBe(before);
    expect(countings()).toEqual([]);
    expect(Number(await total(true, plus(at, 10 * SECOND)))).toBe(before + 1);
  });
});

describe("who reads the figures", () => {
  it("a liaison reads no stored figures and cannot store any", async () => {
    const liaison = await createLiaison(clientC.id);
    await sharedDashboard(officer.actor, march({ kind: "client", id: clientC.id }), plus(NOW, 40 * 60 * SECOND));
    const seen = await asActor(liaison.actor, (trx) => sql<{ key: string }>`select key from report_snapshots`.execute(trx));
    expect(seen.rows).toEqual([]);
    await expect(sharedDashboard(liaison.actor, march({ kind: "client", id: clientC.id }), plus(NOW, 40 * 60 * SECOND))).rejects.toThrow(/row-level security/);
  });
});
