import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)

describe("migrations", () => {
  it("create the case tables and the job queue schema", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name
    `.execute(db());
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["case_deadlines", "case_events", "cases", "clients", "messages", "sessions", "sign_in_tokens", "users"]),
    );
    const worker = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = 'graphile_worker'`.execute(db());
    expect(worker.rows[0]?.n).toBe(1);
  });

  it("keep the case timeline append-only", async () => {
    const client = await db().insertInto("clients").values({ name: `Append-only test ${Date.now()}` }).returning("id").executeTakeFirstOrThrow();
    const user = await db()
      .insertInto("users")
      .values({ role: "complainant", email: `ao-${Date.now()}@example.test`, name: "A" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const now = new Date();
    const kase = await db()
      .insertInto("cases")
      .values({
        reference: `T-${Date.now()}`, framework: "privacy_shield", stage: "client", status: "in_progress", category: "access",
        client_id: client.id, complainant_id: user.id, description: "d", desired_outcome: "o", country: "DE",
        stage_entered_at: now, stages_visited: ["client"], arbitration: "{}", opened_at: now, updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ev = await db()
      .insertInto("case_events")
      .values({ case_id: kase.id, type: "case_filed", payload: "{}", created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(db().updateTable("case_events").set({ type: "tampered" }).where("id", "=", ev.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom("case_events").where("id", "=", ev.id).execute()).rejects.toThrow(/append-only/);
  });
});
