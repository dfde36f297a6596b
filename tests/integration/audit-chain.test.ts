// The tamper-evident trail (ADR 019): each case's events form a hash chain written by the database.
// Rows altered, deleted and reordered with the owner's rights (the append-only trigger switched off,
// as someone with database access could) are each found, and the first broken link is named by
// verifyEventChains, by the officer's /audit page and by `npm run audit:verify`.
import { spawnSync } from "node:child_process";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server"; // tampering as the owner
import { performCaseCommand } from "../../app/models/case-commands.server";
import { verifyEventChains } from "../../app/models/audit.server";
import { loader as auditLoader } from "../../app/routes/audit";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, type TestUser } from "../support/factories";
import type { Actor } from "../../app/domain";

const now = new Date("2026-11-20T10:00:00Z");
let officer: TestUser<Extract<Actor, { role: "officer" }>>;
let liaison: TestUser<Extract<Actor, { role: "liaison" }>>;
let clientId: string;

/** A case with five events: filed, acknowledged, three messages posted. */
async function caseWithEvents(): Promise<{ id: string; reference: string }> {
  const filed = await fileCase({ clientId }, now);
  let version = 1;
  const steps = [{ type: "acknowledge" as const }, ...Array.from({ length: 3 }, () => ({ type: "post_message" as const, audience: "parties" as const, channel: "web" as const }))];
  for (const [i, command] of steps.entries()) {
    const done = await performCaseCommand({ actor: liaison.actor, reference: filed.reference, expectedVersion: version, command, body: `message ${i}`, now: new Date(now.getTime() + (i + 1) * 60_000) });
    if (!done.ok) throw new Error(JSON.stringify(done));
    version = done.version;
  }
  return { id: filed.id, reference: filed.reference };
}

/** Runs `statements` as the owner with the append-only trigger switched off, as an intruder would. */
async function tamper(statements: ReturnType<typeof sql>[]) {
  await db().transaction().execute(async (trx) => {
    await sql`alter table case_events disable trigger case_events_no_update`.execute(trx);
    for (const s of statements) await s.execute(trx);
    await sql`alter table case_events enable trigger case_events_no_update`.execute(trx);
  });
}

const brokenOf = async (caseId: string) => (await verifyEventChains(db(), caseId)).broken;

beforeAll(async () => {
  clientId = (await createClient("Audit")).id;
  officer = await createOfficer();
  liaison = await createLiaison(clientId);
});

afterAll(async () => {
  await discardTestMail();
});

describe("the chain as written", () => {
  it("numbers each case's events 1..n and links each hash to the one before, in the database", async () => {
    const kase = await caseWithEvents();
    const events = await db().selectFrom("case_events").select(["seq", "hash"]).where("case_id", "=", kase.id).orderBy("seq").execute();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(new Set(events.map((e) => e.hash)).size).toBe(5);
    expect(await brokenOf(kase.id)).toEqual([]);
  });

  it("stays one chain when two transactions add events to the same case at once", async () => {
    const kase = await caseWithEvents();
    const add = (label: string) =>
      db().transaction().execute(async (trx) => {
        await trx.insertInto("case_events").values({ case_id: kase.id, type: "note", actor_id: null, actor_role: null, payload: JSON.stringify({ label }), created_at: new Date() }).execute();
        await sql`select pg_sleep(0.05)`.execute(trx);
      });
    await Promise.all([add("a"), add("b"), add("c")]);
    const seqs = (await db().selectFrom("case_events").select("seq").where("case_id", "=", kase.id).orderBy("seq").execute()).map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await brokenOf(kase.id)).toEqual([]);
  });
});

describe("tampering with superuser rights is detected", () => {
  it("an altered payload: the first broken link is the altered event", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`update case_events set payload = '{"audience":"internal"}' where case_id = ${kase.id} and seq = 3`]);
    expect(await brokenOf(kase.id)).toMatchObject([{ reference: kase.reference, seq: 3, problem: "hash_mismatch" }]);
  });

  it("an altered event whose own hash was recomputed: the next event no longer links to it", async () => {
    const kase = await caseWithEvents();
    await tamper([
      sql`update case_events set type = 'case_closed',
            hash = case_event_hash(id, case_id, seq, 'case_closed', actor_id, actor_role, payload, created_at,
                                   (select hash from case_events p where p.case_id = ${kase.id} and p.seq = 2))
          where case_id = ${kase.id} and seq = 3`,
    ]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 4, problem: "hash_mismatch" }]);
  });

  it("an altered time: the event's hash no longer matches", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`update case_events set created_at = created_at + interval '1 second' where case_id = ${kase.id} and seq = 5`]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 5, problem: "hash_mismatch" }]);
  });

  it("a deleted event: the chain names the gap", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`delete from case_events where case_id = ${kase.id} and seq = 2`]);
    const [link] = await brokenOf(kase.id);
    expect(link).toMatchObject({ seq: 3, problem: "missing" });
    expect(link!.detail).toContain("event 2 is missing");
  });

  it("a deleted first event", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`delete from case_events where case_id = ${kase.id} and seq = 1`]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 2, problem: "missing" }]);
  });

  it("two events swapped in the chain (their positions exchanged)", async () => {
    const kase = await caseWithEvents();
    await tamper([
      sql`update case_events set seq = 1000 where case_id = ${kase.id} and seq = 2`,
      sql`update case_events set seq = 2 where case_id = ${kase.id} and seq = 3`,
      sql`update case_events set seq = 3 where case_id = ${kase.id} and seq = 1000`,
    ]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 2 }]);
  });

  it("two events swapped in time (their times exchanged, so the timeline shows them the other way round)", async () => {
    const kase = await caseWithEvents();
    await tamper([
      sql`update case_events e set created_at = o.created_at
          from case_events o
          where e.case_id = ${kase.id} and o.case_id = ${kase.id} and ((e.seq = 3 and o.seq = 4) or (e.seq = 4 and o.seq = 3))`,
    ]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 3, problem: "hash_mismatch" }]);
  });

  it("rows swapped by id (their row ids exchanged, so the timeline shows them the other way round)", async () => {
    const kase = await caseWithEvents();
    const ids = await db().selectFrom("case_events").select(["id", "seq"]).where("case_id", "=", kase.id).where("seq", "in", [4, 5]).orderBy("seq").execute();
    await tamper([
      sql`update case_events set id = -1 where id = ${ids[0]!.id}`,
      sql`update case_events set id = ${ids[0]!.id} where id = ${ids[1]!.id}`,
      sql`update case_events set id = ${ids[1]!.id} where id = -1`,
    ]);
    expect(await brokenOf(kase.id)).toMatchObject([{ seq: 4, problem: "hash_mismatch" }]);
  });
});

describe("where the officer and the operator see it", () => {
  it("the /audit page names each broken chain's first link to the officer, and is refused to a liaison", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`delete from case_events where case_id = ${kase.id} and seq = 4`]);
    const cookie = (userId: string) => sessionCookieFor(userId).then((c) => c.split(";")[0]!);
    const get = async (userId: string): Promise<LoaderFunctionArgs> => ({
      request: new Request("http://localhost:3000/audit", { headers: { Cookie: await cookie(userId) } }),
      params: {},
      context: {},
    });
    const page = await auditLoader(await get(officer.id));
    expect(page.broken.find((b) => b.reference === kase.reference)).toMatchObject({ seq: 5, problem: "missing" });
    expect(page.events).toBeGreaterThan(0);
    const refused = await auditLoader(await get(liaison.id)).then(
      () => null,
      (e: unknown) => e as Response,
    );
    expect(refused?.status).toBe(403);
  });

  it("npm run audit:verify exits 1 and names the broken chains", async () => {
    const kase = await caseWithEvents();
    await tamper([sql`update case_events set payload = '{}' where case_id = ${kase.id} and seq = 2`]);
    const run = spawnSync("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env }, encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain(`BROKEN ${kase.reference}: event 2`);
    expect(run.stdout).toMatch(/checked \d+ events in \d+ case chains/);
  });
});
