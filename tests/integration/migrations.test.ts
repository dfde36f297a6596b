import { describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../app/db/schema";
import type { Actor } from "../../app/domain";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { performCaseCommand, type CaseCommandRequest } from "../../app/models/case-commands.server";
import { up as stopClocksOfEndedCases } from "../../migrations/2026-11-30-031-stopped-clocks";
import { up as stopClocksOfStepsLeft } from "../../migrations/2026-11-30-033-left-steps-stop-clocks";
import { fileCase, plusDays, seedParties, type FiledCase } from "../support/factories";

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

  it("031 stops the unmet clocks of the cases that had already ended, at the moment they ended (ADR 053)", async () => {
    const { clientA, liaisonA, officer } = await seedParties();
    const t0 = new Date("2026-09-01T10:00:00.000Z");
    const step = async (filed: FiledCase, version: number, command: CaseCommandRequest, at: Date) => {
      const done = await performCaseCommand({ actor: command.type === "acknowledge" ? liaisonA.actor : officer.actor, reference: filed.reference, expectedVersion: version, command, now: at });
      if (!done.ok) throw new Error(JSON.stringify(done));
    };
    const closed = await fileCase({ clientId: clientA.id }, t0);
    await step(closed, 1, { type: "acknowledge" }, plusDays(t0, 1));
    await step(closed, 2, { type: "close", kind: "duplicate", reason: "Filed twice" }, plusDays(t0, 3));
    const reopened = await fileCase({ clientId: clientA.id }, t0);
    await step(reopened, 1, { type: "close", kind: "duplicate", reason: "Filed twice" }, plusDays(t0, 2));
    await step(reopened, 2, { type: "reopen", reason: "It was not" }, plusDays(t0, 4));
    const running = await fileCase({ clientId: clientA.id }, t0);
    const ids = [closed.id, reopened.id, running.id];

    // As the rows were before the migration: no column. Rolled back, so nothing else sees it.
    class RolledBack extends Error {}
    const rows = await db()
      .transaction()
      .execute(async (trx) => {
        await sql`alter table case_deadlines drop column stopped_at`.execute(trx);
        await stopClocksOfEndedCases(trx);
        const { rows } = await sql<{ case_id: string; kind: string; stopped_at: Date | null }>`
          select case_id, kind, stopped_at from case_deadlines where case_id = any(${ids}::uuid[]) order by kind`.execute(trx);
        throw Object.assign(new RolledBack(), { rows });
      })
      .catch((e: unknown) => {
        if (e instanceof RolledBack) return (e as RolledBack & { rows: { case_id: string; kind: string; stopped_at: Date | null }[] }).rows;
        throw e;
      });
    const of = (filed: FiledCase) => Object.fromEntries(rows.filter((r) => r.case_id === filed.id).map((r) => [r.kind, r.stopped_at]));
    expect(of(closed)).toEqual({ acknowledgement: null, response: plusDays(t0, 3) });
    expect(of(reopened)).toEqual({ acknowledgement: null, response: null });
    expect(of(running)).toEqual({ acknowledgement: null, response: null });
    expect((await db().selectFrom("case_deadlines").select("stopped_at").where("case_id", "=", closed.id).where("kind", "=", "response").executeTakeFirstOrThrow()).stopped_at).toEqual(plusDays(t0, 3));
  });

  it("033 stops the unmet clocks of the steps cases had left, where they left them, and the dashboard judges them there (ADR 056)", async () => {
    const { clientA, liaisonA, officer } = await seedParties();
    const t0 = new Date("2026-09-01T10:00:00.000Z");
    const step = async (filed: FiledCase, version: number, command: CaseCommandRequest, at: Date, by: Actor = officer.actor) => {
      const done = await performCaseCommand({ actor: by, reference: filed.reference, expectedVersion: version, command, now: at });
      if (!done.ok) throw new Error(JSON.stringify(done));
    };
    // Taken by the dispute body two days in, before the client's clocks were due.
    const early = await fileCase({ clientId: clientA.id }, t0);
    await step(early, 1, { type: "acknowledge" }, plusDays(t0, 1), liaisonA.actor);
    await step(early, 2, { type: "record_dma_referral" }, plusDays(t0, 2));
    // Moved up by the complainant after the client let its answer lapse.
    const late = await fileCase({ clientId: clientA.id }, t0);
    await step(late, 1, { type: "escalate" }, plusDays(t0, 60), late.complainant.actor);
    // Moved up on a day recorded later, before the follow-up the step had begun meanwhile.
    const backdated = await fileCase({ clientId: clientA.id, category: "notice" }, t0);
    await step(backdated, 1, { type: "answer", message: "We hold nothing." }, plusDays(t0, 18), liaisonA.actor);
    await step(backdated, 2, { type: "reject_answer", reason: "You do." }, plusDays(t0, 20), backdated.complainant.actor);
    await step(backdated, 3, { type: "escalate", occurredOn: "2026-09-06", externalReference: null }, plusDays(t0, 21));
    const ids = [early.id, late.id, backdated.id];
    const now = plusDays(t0, 400);

    class RolledBack extends Error {}
    type Row = { case_id: string; stage: string; kind: string; stopped_at: Date | null; result: string | null };
    const read = (trx: Kysely<Database>) =>
      sql<Row>`
        select d.case_id, d.stage, d.kind, d.stopped_at,
          case when f.settled_at is null then (case when f.due_at < ${now}::timestamptz then 'breached' else 'running' end) else f.settled_result end as result
        from case_deadlines d join deadline_facts f on f.deadline_id = d.id
        where d.case_id = any(${ids}::uuid[]) order by d.case_id, d.stage, d.kind, d.id`.execute(trx);
    // As the rows were before: the commands left those clocks running, and the facts judged them from the case row.
    const rows = await db()
      .transaction()
      .execute(async (trx) => {
        await sql`update case_deadlines d set stopped_at = null from cases c where c.id = d.case_id and d.stage <> c.stage and d.case_id = any(${ids}::uuid[])`.execute(trx);
        await stopClocksOfStepsLeft(trx);
        throw Object.assign(new RolledBack(), { rows: (await read(trx)).rows });
      })
      .catch((e: unknown) => {
        if (e instanceof RolledBack) return (e as RolledBack & { rows: Row[] }).rows;
        throw e;
      });
    const of = (filed: FiledCase) => Object.fromEntries(rows.filter((r) => r.case_id === filed.id).map((r) => [`${r.stage}/${r.kind}`, [r.stopped_at, r.result]]));
    expect(of(early)).toEqual({
      "client/acknowledgement": [null, "met"],
      "client/response": [plusDays(t0, 2), "lapsed"],
      "dma/review": [null, "breached"],
    });
    expect(of(late)).toMatchObject({
      "client/acknowledgement": [plusDays(t0, 60), "breached"],
      "client/response": [plusDays(t0, 60), "breached"],
    });
    expect(of(late)["company/acknowledgement"]?.[0]).toBeNull();
    expect(of(backdated)["client/follow_up"]).toEqual([plusDays(t0, 20), "lapsed"]);
    // What the commands themselves now write (ADR 056) is what the migration gives the old rows.
    const live = await read(db());
    expect(live.rows).toEqual(rows);
  });
});
