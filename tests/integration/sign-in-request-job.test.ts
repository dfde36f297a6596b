// The background half of /signin (ADR 020, 065): a `sign_in_request` job that graphile-worker runs
// twice (its worker died after the commit, before the job's end was recorded) mails one link, and
// a job whose worker died is released by the stale-lock sweep, as mail and filing jobs are.
import { randomUUID } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { askForSignInLink, SIGN_IN_REQUEST_TASK } from "../../app/auth/sign-in.server";
import { makeSignInRequestTask } from "../../app/jobs/tasks/sign-in-request.server";
import { releaseDeadWorkerLocks } from "../../app/jobs/worker.server";
import { createComplainant, discardTestMail, mailTo } from "../support/factories";

afterAll(discardTestMail);

let net = 0;
const freshAddress = () => `10.${(process.pid % 200) + 31}.${(Date.now() / 1000 + ++net * 13) % 250 | 0}.9`;

/** Takes this address's queued requests out of the queue (no worker of another test runs them), oldest first. */
async function takeQueuedRequests(email: string): Promise<unknown[]> {
  const { rows } = await sql<{ payload: unknown }>`
    with taken as (
      delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier = ${SIGN_IN_REQUEST_TASK} and j.payload->>'email' = ${email}
      returning j.payload, j.id
    )
    select payload from taken order by id
  `.execute(db());
  return rows.map((r) => r.payload);
}

const tokensOf = (userId: string) => db().selectFrom("sign_in_tokens").select(["id", "request_id"]).where("user_id", "=", userId).execute();
const helpers = {} as JobHelpers;

describe("the sign_in_request job", () => {
  it("answers each request once, however often its job runs", async () => {
    const person = await createComplainant();
    const address = freshAddress();
    expect(await askForSignInLink(person.email, address, new Date())).toEqual({ ok: true });
    expect(await askForSignInLink(person.email, address, new Date())).toEqual({ ok: true });
    const [first, second] = await takeQueuedRequests(person.email);
    expect(first).toMatchObject({ email: person.email, requestId: expect.any(String) });
    expect((first as { requestId: string }).requestId).not.toBe((second as { requestId: string }).requestId);

    const task = makeSignInRequestTask({ db: db() });
    // The first job run twice (graphile-worker never heard of its end), the second once.
    await task(first, helpers);
    await task(first, helpers);
    expect(await tokensOf(person.id)).toHaveLength(1);
    expect((await mailTo(person.email)).map((m) => m.template)).toEqual(["sign_in_link"]);
    await task(second, helpers);
    expect(await tokensOf(person.id)).toHaveLength(2);
    expect((await mailTo(person.email)).map((m) => m.template)).toEqual(["sign_in_link", "sign_in_link"]);
  });

  it("issues one link when two runs of one request meet (a released lock of a worker not quite dead)", async () => {
    const person = await createComplainant();
    const payload = { email: person.email, locale: "en", requestId: randomUUID() };
    const task = makeSignInRequestTask({ db: db() });
    const runs = await Promise.allSettled([task(payload, helpers), task(payload, helpers)]);
    // The loser fails on the request's unique id; its retry finds the request answered.
    if (runs.some((r) => r.status === "rejected")) await task(payload, helpers);
    expect(await tokensOf(person.id)).toHaveLength(1);
    expect(await mailTo(person.email)).toHaveLength(1);
  });

  it("still answers a job queued before requests had an id", async () => {
    const person = await createComplainant();
    await makeSignInRequestTask({ db: db() })({ email: person.email, locale: "en" }, helpers);
    expect(await tokensOf(person.id)).toEqual([{ id: expect.any(String), request_id: null }]);
    expect(await mailTo(person.email)).toHaveLength(1);
  });
});

describe("a sign_in_request job whose worker died", () => {
  it("is released by the stale-lock sweep, so another worker answers it within minutes", async () => {
    const dead = `dead-worker-${randomUUID()}`;
    // Due tomorrow, so no live worker of another test takes it before it is locked here.
    const { rows } = await sql<{ id: string }>`
      select id::text as id from graphile_worker.add_job(${SIGN_IN_REQUEST_TASK}, ${JSON.stringify({ email: "nobody@example.test", requestId: randomUUID() })}::json, run_at => now() + interval '1 day')
    `.execute(db());
    const jobId = rows[0]!.id;
    const lockOf = async () => (await sql<{ locked_by: string | null }>`select locked_by from graphile_worker._private_jobs where id = ${jobId}::bigint`.execute(db())).rows[0]!.locked_by;
    try {
      await sql`update graphile_worker._private_jobs set locked_by = ${dead}, locked_at = now() - interval '10 minutes' where id = ${jobId}::bigint`.execute(db());
      expect(await releaseDeadWorkerLocks(db(), 300_000)).toContain(dead);
      expect(await lockOf()).toBeNull();
    } finally {
      await sql`delete from graphile_worker._private_jobs where id = ${jobId}::bigint`.execute(db());
    }
  });
});
