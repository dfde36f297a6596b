// Statements prepared by name (app/db/named-statements.server.ts, ADR 045): kept per connection,
// bounded, never for statements planned per value, recovering from a stale plan, and, above all,
// a kept plan never shows one actor's rows to another (the policies read the actor when the plan
// runs, not when it was made).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asActor } from "../../app/db/actor.server";
import { APP_ROLE, createDb, ownerDb, type DB } from "../../app/db/db.server";
import { MAX_NAMED } from "../../app/db/named-statements.server";
import { ownerChoices } from "../../app/models/case-owner.server";
import { createClient, createLiaison, discardTestMail, fileCase } from "../support/factories";

let one: DB;
const now = new Date("2026-11-20T10:00:00Z");

beforeAll(() => {
  // One connection, so every statement below meets the same session and its prepared statements.
  one = createDb(process.env.DATABASE_URL!, 1, { role: APP_ROLE });
});
afterAll(async () => {
  await one.destroy();
  await discardTestMail();
});

async function prepared(on: DB): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(on);
  return rows.map((r) => r.name);
}

describe("statements prepared by name", () => {
  it("are prepared once on a connection and run with each call's values", async () => {
    const before = await prepared(one);
    const values: number[] = [];
    for (let i = 0; i < 8; i++) values.push((await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(one)).rows[0]!.n);
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const after = await prepared(one);
    expect(after.length - before.length).toBe(1);
    expect(after.filter((n) => !before.includes(n))[0]).toMatch(/^r_/);
  });

  it("are not made for statements planned per value (patterns, arrays, text search) or for BEGIN, COMMIT and SET", async () => {
    const before = await prepared(one);
    await sql`select 'abc' like ${"a%"} as hit`.execute(one);
    await sql`select 2 = any(${[1, 2, 3]}::int[]) as hit`.execute(one);
    await sql`select to_tsvector('simple', 'a word') @@ plainto_tsquery('simple', ${"word"}) as hit`.execute(one);
    await one.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = '5s'`.execute(trx);
    });
    // Nor several statements in one text without values (a migration's): they run as before.
    await expect(sql`select 1 as n; select 2 as n`.execute(one)).resolves.toBeDefined();
    expect(await prepared(one)).toEqual(before);
  });

  it("are made for a read without values, planned once (a first page with its LIMIT in the text, ADR 055)", async () => {
    const firstPage = () => one.selectFrom("cases").select(["id"]).orderBy("opened_at", "desc").orderBy("id").limit(26);
    expect(firstPage().compile().sql).toMatch(/ limit 26$/);
    expect(firstPage().compile().parameters).toEqual([]);
    for (let i = 0; i < 8; i++) await firstPage().execute();
    const { rows } = await sql<{ generic_plans: string; custom_plans: string }>`
      select generic_plans, custom_plans from pg_prepared_statements where statement like '%order by "opened_at" desc, "id" limit 26'`.execute(one);
    // Before: "limit $1", planned afresh on each of the eight runs.
    expect(rows.map((r) => [Number(r.generic_plans), Number(r.custom_plans)])).toEqual([[8, 0]]);
  });

  it("keep the plan of the owners a queue page offers: its roles are constants of the text, not values (ADR 055)", async () => {
    const officer = { role: "officer" as const, userId: "00000000-0000-4000-8000-000000000001" };
    for (let i = 0; i < 8; i++) await ownerChoices(officer, { on: one });
    const { rows } = await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements where statement like '%from "users" left join "clients"%order by "users"."role" desc%'`.execute(one);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.statement).toContain("\"users\".\"role\" in ('officer', 'liaison')");
    // Before: four parameters, and each of the eight runs planned afresh.
    expect([Number(rows[0]!.generic_plans), Number(rows[0]!.custom_plans)]).toEqual([8, 0]);
  });

  it("stop at the bound: statements past it still run, unnamed", async () => {
    const start = (await prepared(one)).length;
    const distinct = MAX_NAMED + 20;
    for (let i = 0; i < distinct; i++) {
      const { rows } = await sql<{ n: number }>`select ${sql.raw(String(i))} + ${1}::int as n`.execute(one);
      expect(rows[0]!.n).toBe(i + 1);
    }
    expect((await prepared(one)).length).toBe(MAX_NAMED);
    expect(start).toBeLessThan(MAX_NAMED);
  });

  it("recover from a plan the table changed under: one failure, then the statement runs again", async () => {
    await sql`create table if not exists named_statement_probe (id int primary key, label text)`.execute(ownerDb());
    await sql`grant select on named_statement_probe to ${sql.id(APP_ROLE)}`.execute(ownerDb());
    await sql`insert into named_statement_probe values (1, 'one') on conflict do nothing`.execute(ownerDb());
    const fresh = createDb(process.env.DATABASE_URL!, 1, { role: APP_ROLE });
    try {
      const read = () => sql<{ id: number }>`select * from named_statement_probe where id = ${1}`.execute(fresh);
      expect((await read()).rows).toEqual([{ id: 1, label: "one" }]);
      await sql`alter table named_statement_probe add column note text`.execute(ownerDb());
      await expect(read()).rejects.toMatchObject({ code: "0A000" });
      expect((await read()).rows).toEqual([{ id: 1, label: "one", note: null }]);
    } finally {
      await fresh.destroy();
      await sql`drop table named_statement_probe`.execute(ownerDb());
    }
  });

  it("never show one actor's rows to another, however often the kept plan ran", async () => {
    const clientA = (await createClient("Named A")).id;
    const clientB = (await createClient("Named B")).id;
    const liaisonA = await createLiaison(clientA);
    const liaisonB = await createLiaison(clientB);
    const caseA = await fileCase({ clientId: clientA }, now);
    const caseB = await fileCase({ clientId: clientB }, now);
    const fresh = createDb(process.env.DATABASE_URL!, 1, { role: APP_ROLE });
    try {
      // The kept (generic) plan on every run, whatever PostgreSQL would have chosen.
      await sql`set plan_cache_mode = force_generic_plan`.execute(fresh);
      const mine = (actor: typeof liaisonA.actor) =>
        asActor(actor, async (trx) => (await trx.selectFrom("cases").select("reference").where("reference", "in", [caseA.reference, caseB.reference]).execute()).map((r) => r.reference), fresh);
      for (let i = 0; i < 8; i++) {
        expect(await mine(liaisonA.actor)).toEqual([caseA.reference]);
        expect(await mine(liaisonB.actor)).toEqual([caseB.reference]);
      }
      const { rows } = await sql<{ generic_plans: string }>`select generic_plans from pg_prepared_statements where statement like '%"reference" in%'`.execute(fresh);
      expect(Number(rows[0]?.generic_plans)).toBe(16);
    } finally {
      await fresh.destroy();
    }
  });
});
