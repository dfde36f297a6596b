// A query's LIMIT is written into its text (app/db/inline-limits.ts, ADR 055) when it is one of
// the app's page sizes; anything else stays a parameter.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { INLINED_LIMIT_MAX, InlineLimitsPlugin } from "../../app/db/inline-limits";
import type { Database } from "../../app/db/schema";

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  plugins: [new InlineLimitsPlugin()],
});

describe("limits written into the statement", () => {
  it("writes a page size into the text; the other values stay parameters", () => {
    const q = db.selectFrom("cases").select("id").where("status", "=", "closed").orderBy("id").limit(51).compile();
    expect(q.sql).toBe('select "id" from "cases" where "status" = $1 order by "id" limit 51');
    expect(q.parameters).toEqual(["closed"]);
  });

  it("writes only the statement's own limit: a subquery's stays a parameter", () => {
    const q = db
      .selectFrom("cases")
      .select((eb) => eb.selectFrom("messages").select("body").whereRef("messages.case_id", "=", "cases.id").limit(1).as("first"))
      .limit(10)
      .compile();
    expect(q.sql).toMatch(/limit \$1\) as "first" from "cases" limit 10$/);
    expect(q.parameters).toEqual([1]);
  });

  it("leaves statements other than selects as they are", () => {
    const q = db.updateTable("cases").set({ status: "closed" }).where("id", "=", "x").compile();
    expect(q.sql).toBe('update "cases" set "status" = $1 where "id" = $2');
  });

  it("keeps as parameters what is not a small whole number: large, negative, fractional, bigint, raw", () => {
    for (const value of [INLINED_LIMIT_MAX + 1, -1, 2.5, Number.NaN]) {
      const q = db.selectFrom("cases").select("id").limit(value).compile();
      expect(q.sql).toBe('select "id" from "cases" limit $1');
      expect(q.parameters).toEqual([value]);
    }
    const big = db.selectFrom("cases").select("id").limit(BigInt(5)).compile();
    expect(big.parameters).toEqual([BigInt(5)]);
    const raw = db.selectFrom("cases").select("id").limit(sql<number>`${7}`).compile();
    expect(raw.sql).toBe('select "id" from "cases" limit $1');
  });

  it("leaves the largest inlined limit inlined", () => {
    const q = db.selectFrom("cases").select("id").limit(INLINED_LIMIT_MAX).compile();
    expect(q.sql).toBe(`select "id" from "cases" limit ${INLINED_LIMIT_MAX}`);
  });
});
