import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, ownerDb as db } from "../../app/db/db.server"; // as the owner (no row-level security)
import { ACTIVE_STATUSES, OUTCOMES, STAGES, type Actor } from "../../app/domain";
import { loadCaseView } from "../../app/models/case-view.server";
import { listCases } from "../../app/models/queues.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../../app/seed/demo.server";
import { Timeline } from "../../app/components/case/Timeline";
import { I18nProvider } from "../../app/i18n/react";
import { seedBenchData, type SeedResult } from "../../scripts/bench/seed-data";
import { freshTestDatabase } from "../support/database";

// The benchmark's data must be data the app can live with: every case loads and renders, the
// demo accounts own some of it, and the stored next deadline is the one the queue works out.
// It runs in a database of its own: the seed adds officers and liaisons that would change who
// other test files' mail goes to.

const CASES = 200;
const now = new Date();
let sharedUrl: string;
let own: Awaited<ReturnType<typeof freshTestDatabase>>;
let seeded: SeedResult;
let officer: Actor;

beforeAll(async () => {
  sharedUrl = process.env.DATABASE_URL!;
  own = await freshTestDatabase("bench");
  await closeDb();
  process.env.DATABASE_URL = own.url;
  // cases.next_due_at comes with the queue's migration; until that is merged, this private
  // database gets the column here so that the seed's filling of it is tested either way.
  await sql`alter table cases add column if not exists next_due_at timestamptz`.execute(db());
  await seedDemoData(now);
  seeded = await seedBenchData(db(), { cases: CASES, now });
  const o = await db().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.staff[0]!.email).executeTakeFirstOrThrow();
  officer = { role: "officer", userId: o.id };
}, 120_000);

afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = sharedUrl;
  await own.drop();
});

const seededCases = () =>
  db().selectFrom("cases").select(["id", "reference", "stage", "status", "client_id", "complainant_id"]).where("submission_key", "like", "seed-%").execute();

describe("npm run bench:seed", () => {
  it("adds the cases it was asked for, with about ten messages and events each", async () => {
    const cases = await seededCases();
    expect(cases).toHaveLength(CASES);
    expect(seeded.cases).toBe(CASES);
    const perCase = (seeded.messages + seeded.events) / CASES;
    expect(perCase).toBeGreaterThanOrEqual(7);
    expect(perCase).toBeLessThanOrEqual(16);
    // References in the app's format, unique (the column is unique; this checks the format).
    for (const c of cases) expect(c.reference).toMatch(/^(PS|DPF)-\d{4}-\d{6}$/);
  });

  it("has cases at every stage and in every status", async () => {
    const cases = await seededCases();
    expect(new Set(cases.map((c) => c.stage))).toEqual(new Set(STAGES));
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set([...ACTIVE_STATUSES, ...OUTCOMES]));
    const audiences = await sql<{ audience: string }>`select distinct audience from messages`.execute(db());
    expect(new Set(audiences.rows.map((r) => r.audience))).toEqual(new Set(["parties", "staff", "internal"]));
  });

  it("every case loads through the case page's model and its timeline renders, for the officer, its client's liaison and its complainant", async () => {
    const liaisonOf = new Map<string, Actor>();
    for (const l of await db().selectFrom("users").select(["id", "client_id"]).where("role", "=", "liaison").execute()) {
      liaisonOf.set(l.client_id!, { role: "liaison", userId: l.id, clientId: l.client_id! });
    }
    for (const c of await seededCases()) {
      const readers: Actor[] = [officer, { role: "complainant", userId: c.complainant_id }];
      if (c.client_id) readers.push(liaisonOf.get(c.client_id)!);
      for (const actor of readers) {
        const view = await loadCaseView(actor, c.reference, now);
        expect(view, `${c.reference} as ${actor.role}`).not.toBeNull();
        expect(view!.state.stagesVisited.at(-1)).toBe(c.stage);
        // Inside the provider the root layout gives every page (dates are worded through it).
        const html = renderToString(createElement(I18nProvider, { locale: "en", zone: "America/New_York", children: createElement(Timeline, { entries: view!.timeline }) }));
        expect(html).toContain("Complaint filed");
      }
    }
  }, 180_000);

  it("gives the demo accounts a share of the cases", async () => {
    const maria = await db().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.complainant).executeTakeFirstOrThrow();
    const cases = await seededCases();
    expect(cases.filter((c) => c.complainant_id === maria.id).length).toBeGreaterThan(0);
    for (const demo of DEMO_ACCOUNTS.staff.filter((a) => a.role === "liaison")) {
      const liaison = await db().selectFrom("users").select(["id", "client_id"]).where("email", "=", demo.email).executeTakeFirstOrThrow();
      expect(cases.filter((c) => c.client_id === liaison.client_id).length, demo.email).toBeGreaterThan(0);
      const queue = await listCases({ role: "liaison", userId: liaison.id, clientId: liaison.client_id! }, {}, null, now);
      expect(queue.rows.length).toBeGreaterThan(0);
    }
  });

  it("stores on each case the next deadline that the queue works out", async () => {
    expect(seeded.nextDueFilled).toBe(true);

    // Expected from the deadline rows, worked out here: the earliest running (unmet, unpaused)
    // deadline at the current stage of an open case.
    const expected = new Map<string, number | null>();
    for (const c of await seededCases()) {
      if (!(ACTIVE_STATUSES as readonly string[]).includes(c.status)) continue;
      const due = await db()
        .selectFrom("case_deadlines")
        .select("due_at")
        .where("case_id", "=", c.id)
        .where("stage", "=", c.stage)
        .where("met_at", "is", null)
        .where("paused_at", "is", null)
        .orderBy("due_at")
        .executeTakeFirst();
      expected.set(c.id, due ? new Date(due.due_at).getTime() : null);
    }
    expect(expected.size).toBeGreaterThan(CASES / 3);

    const seen = new Map<string, number | null>();
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result: Awaited<ReturnType<typeof listCases>> = await listCases(officer, {}, cursor, now);
      for (const r of result.rows) seen.set(r.id, r.next_due ? r.next_due.getTime() : null);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    for (const [id, due] of expected) expect(seen.get(id), id).toBe(due);

    const stored = await sql<{ id: string; next_due_at: Date | null }>`select id, next_due_at from cases where submission_key like 'seed-%'`.execute(db());
    for (const s of stored.rows) expect(s.next_due_at ? new Date(s.next_due_at).getTime() : null, s.id).toBe(expected.get(s.id) ?? null);
  });
});
