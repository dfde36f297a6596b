// Mail that is neither lost nor doubled: SMTP down for the whole retry window ends in a failed
// delivery that the officer sees and sends again (once, same Message-ID); a job whose mail was
// already sent does nothing; /healthz reports the queue.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { enqueueMail } from "../../app/jobs/enqueue.server";
import { startWorker } from "../../app/jobs/worker.server";
import { resetTransport } from "../../app/mail/transport.server";
import { loadCaseView } from "../../app/models/case-view.server";
import { listDeliveryProblems } from "../../app/models/mail-deliveries.server";
import { action as deliveriesAction, loader as deliveriesLoader } from "../../app/routes/mail.deliveries";
import { loader as healthLoader } from "../../app/routes/healthz";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, type FiledCase } from "../support/factories";
import { readMailFolder, waitForMail } from "../support/mailbox";
import { freePort } from "../support/ports";
import { startSmtpServer, type RunningSmtpServer } from "../support/smtp";

const savedSmtp = process.env.SMTP_URL;
let dir: string;
let smtp: RunningSmtpServer | undefined;
let worker: { stop(): Promise<void> } | undefined;
const quiet = vi.spyOn(console, "error").mockImplementation(() => {});

// A retry window of 2.5 s, attempts 0.2 s apart doubling up to 0.5 s: the same schedule as the
// 24 hours capped at one hour of production, in seconds (the schedule itself is unit-tested).
const RETRY = { firstDelayMs: 200, maxDelayMs: 500, windowMs: 2_500 };

async function startTestWorker() {
  worker = await startWorker({
    connectionString: process.env.DATABASE_URL!,
    pollInterval: 100,
    mail: { retry: RETRY, sendTimeoutMs: 1_000, staleLockMs: 3_000, unlockIntervalMs: 60_000 },
  });
}

async function stopTestWorker() {
  await worker?.stop();
  worker = undefined;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const delivery = (id: string) => db().selectFrom("mail_deliveries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const jobsFor = async (id: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${`mail:${id}`}`.execute(db())).rows[0]!.n;

async function cookieOf(userId: string): Promise<string> {
  return (await sessionCookieFor(userId)).split(";")[0]!;
}

function get(cookie?: string): LoaderFunctionArgs {
  const request = new Request("http://localhost:3000/mail/deliveries", { headers: cookie ? { Cookie: cookie } : {} });
  return { request, params: {}, context: {} };
}

function post(form: Record<string, string>, cookie?: string): ActionFunctionArgs {
  const request = new Request("http://localhost:3000/mail/deliveries", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:3000", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { request, params: {}, context: {} };
}

/** What a loader or action threw (a Response for 403 and redirects), or null. */
async function thrown(run: () => Promise<unknown>): Promise<Response | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "recourse-deliveries-"));
});

afterAll(async () => {
  await stopTestWorker();
  await smtp?.stop();
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  resetTransport();
  await discardTestMail();
  await rm(dir, { recursive: true, force: true });
  quiet.mockRestore();
});

describe("SMTP down for the whole retry window", () => {
  let filed: FiledCase;
  let deliveryId: string;
  let messageId: string;
  let officerCookie: string;

  it("ends failed, with the error and every attempt counted, never dropped", async () => {
    // Nothing listens on this port: every connection is refused.
    process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
    resetTransport();
    filed = await fileCase({}, new Date());
    await discardTestMail(); // the filing's own mail is not this test's
    ({ deliveryId, messageId } = await db()
      .transaction()
      .execute((trx) =>
        enqueueMail(trx, { template: "new_reply", to: filed.complainant.email, data: { reference: filed.reference, caseUrl: `http://localhost:3000/my/cases/${filed.reference}` } }),
      ));
    await startTestWorker();

    const failed = await until("the delivery to be given up", async () => {
      const d = await delivery(deliveryId);
      return d.status === "failed" ? d : undefined;
    });
    await stopTestWorker();
    const span = new Date(failed.failed_at!).getTime() - new Date(failed.queued_at).getTime();
    console.log(`[figure] SMTP down: ${failed.attempts} attempts over ${(span / 1000).toFixed(1)} s (window ${RETRY.windowMs / 1000} s), then failed`);
    expect(span).toBeGreaterThanOrEqual(RETRY.windowMs);
    // 0, 0.2, 0.6, 1.1, 1.6, 2.1, 2.6 s on an idle machine (the exact schedule is unit-tested); fewer when each attempt is slow.
    expect(failed.attempts).toBeGreaterThanOrEqual(4);
    expect(failed.case_id).toBe(filed.id);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(failed.next_attempt_at).toBeNull();
    expect(failed.data).toMatchObject({ reference: filed.reference }); // kept, so it can be sent again
    expect(await jobsFor(deliveryId)).toBe(0);
  });

  it("is listed for the officer with its case, recipient, attempts and error; liaisons and complainants are refused", async () => {
    const officer = await createOfficer();
    const { failed } = await listDeliveryProblems(officer.actor);
    const row = failed.find((d) => d.id === deliveryId);
    expect(row).toMatchObject({ reference: filed.reference, template: "new_reply", recipient: filed.complainant.email, status: "failed" });
    expect(row!.attempts).toBeGreaterThanOrEqual(4);
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);

    const liaison = await createLiaison((await createClient()).id);
    officerCookie = await cookieOf(officer.id);
    const page = await deliveriesLoader(get(officerCookie));
    expect(page.failed.map((d) => d.id)).toContain(deliveryId);

    const liaisonCookie = await cookieOf(liaison.id);
    const complainantCookie = await cookieOf(filed.complainant.id);
    expect((await thrown(() => deliveriesLoader(get(liaisonCookie))))?.status).toBe(403);
    expect((await thrown(() => deliveriesLoader(get(complainantCookie))))?.status).toBe(403);
    const anonymous = await thrown(() => deliveriesLoader(get()));
    expect(anonymous?.status).toBe(302);
    expect(anonymous?.headers.get("Location")).toMatch(/^\/login\?next=/);
    // Nor may they send it again.
    expect((await thrown(() => deliveriesAction(post({ intent: "resend", deliveryId }, liaisonCookie))))?.status).toBe(403);
    expect((await thrown(() => deliveriesAction(post({ intent: "resend", deliveryId }, complainantCookie))))?.status).toBe(403);
    expect((await delivery(deliveryId)).status).toBe("failed");
  });

  it("is sent once, with the same Message-ID, when the officer sends it again; the case records who did", async () => {
    smtp = await startSmtpServer({ dir });
    process.env.SMTP_URL = smtp.url;
    resetTransport();
    await startTestWorker();

    const bad = (await deliveriesAction(post({ intent: "resend", deliveryId: "not-a-uuid" }, officerCookie))) as { init: { status: number } };
    expect(bad.init.status).toBe(400);

    const resent = await deliveriesAction(post({ intent: "resend", deliveryId }, officerCookie));
    expect(resent).toEqual({ error: null, resent: filed.reference });
    // A second click before it went out finds nothing failed to send.
    const again = (await deliveriesAction(post({ intent: "resend", deliveryId }, officerCookie))) as { init: { status: number } };
    expect(again.init.status).toBe(409);

    const mail = await waitForMail(dir, { to: filed.complainant.email });
    expect(mail.messageId).toBe(messageId);
    await until("the delivery to be recorded as sent", async () => ((await delivery(deliveryId)).status === "sent" ? true : undefined));
    await until("its job to end", async () => ((await jobsFor(deliveryId)) === 0 ? true : undefined));
    expect((await readMailFolder(dir)).filter((m) => m.to.includes(filed.complainant.email))).toHaveLength(1);

    const events = await db().selectFrom("case_events").select(["type", "actor_role", "payload"]).where("case_id", "=", filed.id).where("type", "=", "mail_resent").execute();
    expect(events).toEqual([{ type: "mail_resent", actor_role: "officer", payload: { deliveryId, template: "new_reply" } }]);
  });

  it("shows the delivery state on the officer's timeline, and nothing of it to the complainant", async () => {
    const officer = await createOfficer();
    const staffView = await loadCaseView(officer.actor, filed.reference, new Date());
    const mailEntries = staffView!.timeline.filter((e) => e.kind === "mail");
    const replies = mailEntries.flatMap((e) => (e.kind === "mail" && e.template === "new_reply" ? e.deliveries : []));
    expect(replies).toContainEqual(expect.objectContaining({ status: "sent", recipient: filed.complainant.email }));
    expect(staffView!.timeline.some((e) => e.kind === "event" && e.type === "mail_resent")).toBe(true);

    const ownView = await loadCaseView(filed.complainant.actor, filed.reference, new Date());
    expect(ownView!.timeline.some((e) => e.kind === "mail")).toBe(false);
    expect(ownView!.timeline.some((e) => e.kind === "event" && e.type === "mail_resent")).toBe(false);
  });
});

describe("a mail server that accepts a mail after the send timeout", () => {
  it("gets it once: the attempt still in flight is not sent again while it may yet be accepted", async () => {
    // A second server, whose 250 comes 1.5 s after the DATA began: later than the worker's 1 s send timeout.
    const slowDir = await mkdtemp(path.join(os.tmpdir(), "recourse-slow-smtp-"));
    const to = `slow-server-${Date.now()}@example.test`;
    const slow = await startSmtpServer({
      dir: slowDir,
      beforeAccept: ({ rcptTo }) => (rcptTo.includes(to) ? new Promise<void>((r) => setTimeout(r, 1_500)) : undefined),
    });
    try {
      await stopTestWorker();
      process.env.SMTP_URL = slow.url;
      resetTransport();
      const queued = await db().transaction().execute((trx) => enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000401", caseUrl: "http://localhost:3000/my/cases/PS-2026-000401" } }));
      await startTestWorker();
      await until("the delivery to be recorded as sent", async () => ((await delivery(queued.deliveryId)).status === "sent" ? true : undefined));
      await until("its job to end", async () => ((await jobsFor(queued.deliveryId)) === 0 ? true : undefined));
      // Past the stale-lock time and the retries' delays: nothing more arrives.
      await new Promise((r) => setTimeout(r, 4_000));
      await stopTestWorker();
      const copies = (await readMailFolder(slowDir)).filter((m) => m.to.includes(to));
      expect(copies.map((m) => m.messageId)).toEqual([queued.messageId]);
      expect((await delivery(queued.deliveryId)).status).toBe("sent");
    } finally {
      await stopTestWorker();
      await slow.stop();
      if (smtp) process.env.SMTP_URL = smtp.url;
      resetTransport();
      await rm(slowDir, { recursive: true, force: true });
    }
  });
});

describe("a job whose mail is already sent", () => {
  it("does nothing: no second copy, no attempt counted", async () => {
    smtp ??= await startSmtpServer({ dir });
    process.env.SMTP_URL = smtp.url;
    resetTransport();
    await stopTestWorker();
    const to = `already-sent-${Date.now()}@example.test`;
    const queued = await db().transaction().execute((trx) => enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000301", caseUrl: "http://localhost:3000/my/cases/PS-2026-000301" } }));
    // As after a worker recorded the delivery and died before its job completed.
    await db().updateTable("mail_deliveries").set({ status: "sent", sent_at: new Date() }).where("id", "=", queued.deliveryId).execute();
    expect(await jobsFor(queued.deliveryId)).toBe(1);
    await startTestWorker();
    await until("the job to end", async () => ((await jobsFor(queued.deliveryId)) === 0 ? true : undefined));
    await stopTestWorker();
    expect((await readMailFolder(dir)).filter((m) => m.to.includes(to))).toEqual([]);
    expect((await delivery(queued.deliveryId)).attempts).toBe(0);
  });
});

describe("/healthz", () => {
  it("reports queued and failed mail and the age of the oldest queued one, without personal data", async () => {
    await stopTestWorker(); // nothing sends while we count
    const before = (await (await healthLoader()).json()) as { mail: { queued: number; failed: number; oldestQueuedSeconds: number } };
    const to = `health-${Date.now()}@example.test`;
    const queued = await db().transaction().execute((trx) => enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000401", caseUrl: "http://localhost:3000/my/cases/PS-2026-000401" } }));
    const failed = await db().transaction().execute((trx) => enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000402", caseUrl: "http://localhost:3000/my/cases/PS-2026-000402" } }));
    await db().updateTable("mail_deliveries").set({ status: "failed", failed_at: new Date() }).where("id", "=", failed.deliveryId).execute();
    await db().updateTable("mail_deliveries").set({ queued_at: sql`now() - interval '2 hours'` }).where("id", "=", queued.deliveryId).execute();

    const response = await healthLoader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const text = await response.text();
    const body = JSON.parse(text) as typeof before & { status: string; database: string };
    console.log(`[figure] /healthz: ${text}`);
    expect(body).toMatchObject({ status: "ok", database: "up" });
    expect(body.mail.queued).toBe(before.mail.queued + 1);
    expect(body.mail.failed).toBe(before.mail.failed + 1);
    expect(body.mail.oldestQueuedSeconds).toBeGreaterThanOrEqual(7_200);
    expect(body.mail.oldestQueuedSeconds).toBeLessThan(7_200 + 600);
    expect(text).not.toContain("@");
    expect(text).not.toMatch(/PS-\d{4}/);

    await db().deleteFrom("mail_deliveries").where("id", "in", [queued.deliveryId, failed.deliveryId]).execute();
    await sql`select graphile_worker.remove_job(${`mail:${queued.deliveryId}`})`.execute(db());
  });
});
