import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb } from "../../app/db/db.server"; // arranging and inspecting as the owner, as the worker runs
import { tidyUp } from "../../app/models/housekeeping.server";
import { createComplainant, discardTestMail } from "../support/factories";

afterAll(discardTestMail);
const db = ownerDb();

// A clock long before any other test's rows, so the sweep touches only what this test made.
const NOW = new Date("2001-06-01T12:00:00.000Z");
const at = (iso: string) => new Date(iso);

describe("daily housekeeping", () => {
  it("deletes spent sessions, links, challenges, throttle counters and unconfirmed held filings, empties public-form complaints it could not open, and keeps what is still of use", async () => {
    const person = await createComplainant();
    const tag = randomUUID().slice(0, 8);
    const stale = at("2001-05-30T00:00:00.000Z"); // expired more than a day before NOW
    const recent = at("2001-06-01T00:00:00.000Z"); // expired less than a day before NOW
    const future = at("2001-06-02T00:00:00.000Z");

    await db.insertInto("sessions").values([
      { id: `stale-${tag}`, user_id: person.id, expires_at: stale, absolute_expires_at: stale },
      { id: `recent-${tag}`, user_id: person.id, expires_at: recent, absolute_expires_at: recent },
      { id: `live-${tag}`, user_id: person.id, expires_at: future, absolute_expires_at: future },
    ]).execute();
    await db.insertInto("sign_in_tokens").values([
      { token_hash: `stale-${tag}`, user_id: person.id, redirect_to: null, expires_at: stale, used_at: null },
      { token_hash: `live-${tag}`, user_id: person.id, redirect_to: null, expires_at: future, used_at: null },
    ]).execute();
    await db.insertInto("sign_in_challenges").values([
      { id: `stale-${tag}`, user_id: person.id, enrol_secret: null, next: null, created_at: stale, expires_at: stale },
      { id: `live-${tag}`, user_id: person.id, enrol_secret: null, next: null, created_at: recent, expires_at: future },
    ]).execute();
    await db.insertInto("throttle_counters").values([
      { key: `old-${tag}`, window_started_at: at("2001-05-01T00:00:00.000Z"), blocked_until: null, updated_at: at("2001-05-01T00:00:00.000Z") },
      { key: `blocked-${tag}`, window_started_at: at("2001-05-01T00:00:00.000Z"), blocked_until: future, updated_at: at("2001-05-01T00:00:00.000Z") },
      { key: `fresh-${tag}`, window_started_at: recent, blocked_until: null, updated_at: recent },
    ]).execute();
    const filing = (label: string, expires: Date, confirmed: Date | null) => ({
      reference: `HK-${tag}-${label}`,
      email: `${label}-${tag}@example.test`,
      user_id: null,
      reason: "known_address" as const,
      submission_key: null,
      input: JSON.stringify({}),
      token_hash: null,
      created_at: at("2001-01-01T00:00:00.000Z"),
      expires_at: expires,
      confirmed_at: confirmed,
    });
    await db.insertInto("held_filings").values([
      filing("forgotten", at("2001-04-01T00:00:00.000Z"), null), // expired two months ago, never confirmed
      filing("confirmed", at("2001-04-01T00:00:00.000Z"), at("2001-03-20T00:00:00.000Z")),
      filing("lately", at("2001-05-20T00:00:00.000Z"), null), // expired 12 days ago: the officer may still look
    ]).execute();

    // Complaints from the public form the job could not open keep the address, the text and the
    // files (ADR 059): one refused two months ago, one 12 days ago, one not handled yet.
    const submission = async (label: string, processedAt: Date | null) => {
      const row = await db
        .insertInto("public_filings")
        .values({ reference: `PF-${tag}-${label}`, submission_key: `${label}-${tag}`, email: `${label}-${tag}@example.test`, input: JSON.stringify({ description: `${label} Ms Weber's complaint` }), created_at: at("2001-03-01T00:00:00.000Z") })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (processedAt) await db.updateTable("public_filings").set({ processed_at: processedAt, outcome: "not_opened" }).where("id", "=", row.id).execute();
      await db.insertInto("public_filing_files").values({ filing_id: row.id, position: 0, file_name: `${label}-weber.pdf`, content: Buffer.from("%PDF"), created_at: at("2001-03-01T00:00:00.000Z") }).execute();
    };
    await submission("refused", at("2001-04-01T00:00:00.000Z"));
    await submission("lately", at("2001-05-20T00:00:00.000Z"));
    await submission("waiting", null);
    const submissionsLeft = async () =>
      (await db.selectFrom("public_filings").select(["reference", "email", "input", "outcome", "processed_at"]).select((eb) => eb.selectFrom("public_filing_files").select(eb.fn.countAll<string>().as("n")).whereRef("public_filing_files.filing_id", "=", "public_filings.id").as("files")).where("reference", "like", `PF-${tag}-%`).orderBy("reference").execute())
        .map((r) => ({ label: r.reference.split("-").pop(), kept: r.email !== null && r.input !== null, files: Number(r.files), outcome: r.outcome }));

    // /signin requests the job queue gave up on keep the address asked for: one long ago, one today, one still to be tried.
    const signInJob = async (label: string, updatedAt: Date, exhausted: boolean) => {
      const { rows } = await sql<{ id: string }>`select id::text as id from graphile_worker.add_job('sign_in_request', ${JSON.stringify({ email: `${label}-${tag}@example.test` })}::json, max_attempts => 1)`.execute(db);
      await sql`update graphile_worker._private_jobs set attempts = ${exhausted ? 1 : 0}, updated_at = ${updatedAt}, run_at = ${exhausted ? at("2100-01-01T00:00:00.000Z") : updatedAt} where id = ${rows[0]!.id}::bigint`.execute(db);
    };
    await signInJob("abandoned", stale, true);
    await signInJob("lately", recent, true);
    await signInJob("waiting", stale, false);
    const signInJobsLeft = async () =>
      (await sql<{ email: string }>`select j.payload->>'email' as email from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'sign_in_request' and j.payload->>'email' like ${`%-${tag}@example.test`} order by 1`.execute(db)).rows.map((r) => r.email.split("-")[0]);

    const counts = await tidyUp(db, NOW);

    const sessionsLeft = (await db.selectFrom("sessions").select("id").where("id", "like", `%-${tag}`).execute()).map((r) => r.id.split("-")[0]).sort();
    const challengesLeft = (await db.selectFrom("sign_in_challenges").select("id").where("id", "like", `%-${tag}`).execute()).map((r) => r.id.split("-")[0]);
    expect(sessionsLeft).toEqual(["live", "recent"]);
    expect(challengesLeft).toEqual(["live"]);
    expect((await db.selectFrom("sign_in_tokens").select("token_hash").where("token_hash", "like", `%-${tag}`).execute()).map((r) => r.token_hash)).toEqual([`live-${tag}`]);
    expect((await db.selectFrom("throttle_counters").select("key").where("key", "like", `%-${tag}`).orderBy("key").execute()).map((r) => r.key)).toEqual([`blocked-${tag}`, `fresh-${tag}`]);
    expect((await db.selectFrom("held_filings").select("reference").where("reference", "like", `HK-${tag}-%`).orderBy("reference").execute()).map((r) => r.reference)).toEqual([`HK-${tag}-confirmed`, `HK-${tag}-lately`]);
    expect(await signInJobsLeft()).toEqual(["lately", "waiting"]);
    // The refused one keeps its reference, dates and outcome, nothing of the person.
    expect(await submissionsLeft()).toEqual([
      { label: "lately", kept: true, files: 1, outcome: "not_opened" },
      { label: "refused", kept: false, files: 0, outcome: "not_opened" },
      { label: "waiting", kept: true, files: 1, outcome: null },
    ]);
    expect(counts.notOpenedFilings).toBe(1);
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(counts.heldFilings).toBeGreaterThanOrEqual(1);

    // Run twice: nothing more goes.
    const again = await tidyUp(db, NOW);
    expect(again).toEqual({ throttleCounters: 0, sessions: 0, signInTokens: 0, signInChallenges: 0, heldFilings: 0, notOpenedFilings: 0, abandonedSignInRequests: 0 });
    // The waiting one is not ours to drop; it would send a link the moment a worker ran.
    await sql`select graphile_worker.complete_jobs(array(select id from graphile_worker._private_jobs where payload->>'email' like ${`%-${tag}@example.test`}))`.execute(db);
  });
});
