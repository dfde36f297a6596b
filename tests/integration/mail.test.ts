import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { enqueueMail } from "../../app/jobs/enqueue.server";
import { runQueuedJobsOnce, startWorker } from "../../app/jobs/worker.server";
import { devMailboxVisible, isDevMailbox, listDevMailbox, readDevMailbox, resetTransport, sendMail } from "../../app/mail/transport.server";

interface Received {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
}

const REFUSED = /^refuse-/;

/** A real SMTP server on 127.0.0.1 and a free port; it refuses recipients named refuse-*. */
async function startSmtp(): Promise<{ url: string; received: Received[]; connections: () => number; close: () => Promise<void> }> {
  const received: Received[] = [];
  let connections = 0;
  const server = new SMTPServer({
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    authOptional: true,
    hideSTARTTLS: true, // plain SMTP on loopback; nodemailer would otherwise try to upgrade to a self-signed certificate
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (REFUSED.test(address.address)) callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            headers: mail.headers,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobRow(id: string) {
  const r = await sql<{ attempts: number; max_attempts: number; last_error: string | null; task_identifier: string }>`
    select attempts, max_attempts, last_error, task_identifier from graphile_worker.jobs where id = ${id}::bigint
  `.execute(db());
  return r.rows[0];
}

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
// References of a year no test files cases in: mail about a real case goes in that case's language
// (ADR 033), and another test file may have made PS-2026-000101 a German case.
const caseData = (reference: string) => ({ reference, caseUrl: `https://recourse.example.test/cases/${reference}`, recipientName: "Anna" });

const savedEnv = { SMTP_URL: process.env.SMTP_URL, DATA_DIR: process.env.DATA_DIR };
afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetTransport();
});

describe("mail through the job queue to a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let worker: { stop(): Promise<void> };

  beforeAll(async () => {
    // Files run one at a time (fileParallelism: false), so a job still queued now was left by an
    // earlier file. This worker would try those first (they fail: their files' mailboxes are gone),
    // and on a machine busy with the browser tests that outlasted the waits below.
    await sql`delete from graphile_worker._private_jobs`.execute(db());
    smtp = await startSmtp();
    process.env.SMTP_URL = smtp.url;
    resetTransport();
    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, pollInterval: 200 });
  });

  afterAll(async () => {
    await worker?.stop();
    resetTransport(); // its kept connections, or the server's close waits for them
    await smtp?.close();
  });

  it("keeps its connections to the SMTP server: thirty mails over a few connections, each delivered", async () => {
    const connectionsBefore = smtp.connections();
    const receivedBefore = smtp.received.length;
    const sent = await Promise.all(
      Array.from({ length: 30 }, (_, i) => sendMail({ to: `many-${i}@example.test`, subject: `Privacy Inquiry: pooled ${i}`, html: `<p>${i}</p>`, text: String(i) })),
    );
    expect(new Set(sent.map((s) => s.messageId)).size).toBe(30);
    const arrived = smtp.received.slice(receivedBefore).filter((m) => m.subject.startsWith("Privacy Inquiry: pooled "));
    expect(arrived.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `many-${i}@example.test`).sort());
    // A connection per message was what held the worker to about 19 mails a second (ADR 044).
    expect(smtp.connections() - connectionsBefore).toBeGreaterThan(0);
    expect(smtp.connections() - connectionsBefore).toBeLessThanOrEqual(4);
  });

  it("delivers a mail enqueued in a transaction that commits", async () => {
    expect(isDevMailbox()).toBe(false);
    const to = `committed-${unique()}@example.test`;
    const { jobId, deliveryId, messageId } = await db()
      .transaction()
      .execute((trx) => enqueueMail(trx, { template: "acknowledgement", to, data: { ...caseData("PS-1999-000101"), respondBy: new Date("2026-03-12T00:00:00Z") } }));
    expect(jobId).toMatch(/^\d+$/);
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@customerportfolios\.com>$/);

    const mail = await waitFor("the acknowledgement", () => smtp.received.find((m) => m.to.includes(to)));
    expect(mail.subject).toBe("Privacy Inquiry [PS-1999-000101]");
    expect(mail.from).toContain("PrivacyInquiry@customerportfolios.com");
    expect(mail.text).toContain("https://recourse.example.test/cases/PS-1999-000101");
    // Due at 00:00 UTC on 12 March is the end of 11 March in New York, the operator's zone.
    expect(mail.text).toContain("11 Mar 2026 (end of day, New York time)");
    expect(mail.html).toContain('href="https://recourse.example.test/cases/PS-1999-000101"');
    expect(mail.headers.get("x-recourse-template")).toBe("acknowledgement");
    expect(mail.headers.get("message-id")).toBe(messageId);
    // A completed job leaves the queue; the delivery says sent, with the server's reply, and keeps no data.
    await waitFor("the job to be removed", async () => ((await jobRow(jobId)) ? undefined : true));
    const delivery = await db().selectFrom("mail_deliveries").selectAll().where("id", "=", deliveryId).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: "sent", attempts: 1, message_id: messageId, recipient: to, data: {}, last_error: null });
    expect(delivery.smtp_response).toMatch(/^250/);
    expect(delivery.sent_at).toBeInstanceOf(Date);
  });

  it("sends nothing for a transaction that rolls back", async () => {
    const to = `rolled-back-${unique()}@example.test`;
    let jobId = "";
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          ({ jobId } = await enqueueMail(trx, { template: "new_reply", to, data: caseData("PS-1999-000102") }));
          // The job is there inside the transaction ...
          const inside = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where id = ${jobId}::bigint`.execute(trx);
          expect(inside.rows[0]?.n).toBe(1);
          throw new Error("the change failed");
        }),
    ).rejects.toThrow("the change failed");
    // ... and gone with it.
    expect(await jobRow(jobId)).toBeUndefined();
    const count = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where id = ${jobId}::bigint`.execute(db());
    expect(count.rows[0]?.n).toBe(0);

    // A mail committed afterwards arrives; the rolled-back one (queued earlier) never does.
    const marker = `marker-${unique()}@example.test`;
    await db()
      .transaction()
      .execute((trx) => enqueueMail(trx, { template: "new_reply", to: marker, data: caseData("PS-1999-000103") }));
    await waitFor("the marker mail", () => smtp.received.find((m) => m.to.includes(marker)));
    expect(smtp.received.filter((m) => m.to.includes(to))).toEqual([]);
  });

  it("stores only the validated data, and refuses bad mail data at enqueue time", async () => {
    const to = `bad-${unique()}@example.test`;
    const { jobId } = await db()
      .transaction()
      .execute((trx) =>
        enqueueMail(trx, { template: "new_reply", to, data: { ...caseData("PS-2026-900104"), body: "my personal story" } as never, }).then(async (job) => {
          // The job names only the delivery (graphile-worker keeps the payload in a private table) ...
          const r = await sql<{ payload: unknown }>`select payload from graphile_worker._private_jobs where id = ${job.jobId}::bigint`.execute(trx);
          expect(r.rows[0]?.payload).toEqual({ deliveryId: job.deliveryId });
          // ... whose row holds what was validated, read before the worker sends it.
          const d = await trx.selectFrom("mail_deliveries").selectAll().where("id", "=", job.deliveryId).executeTakeFirstOrThrow();
          expect(JSON.stringify(d.data)).not.toContain("my personal story");
          // A reference no case has (the shared test database holds cases up to a few hundred): the mail is about no case.
          expect(d).toMatchObject({ template: "new_reply", recipient: to, status: "queued", case_id: null });
          // The operator's zone is fixed at enqueue (tests/integration/mail-zone.test.ts checks which).
          expect(d.data).toEqual({ ...caseData("PS-2026-900104"), audience: "complainant", replyByMail: false, zone: expect.any(String), locale: "en" });
          return job;
        }),
      );
    expect(jobId).toMatch(/^\d+$/);
    await expect(
      db()
        .transaction()
        .execute((trx) => enqueueMail(trx, { template: "stage_change", to, data: caseData("PS-2026-900104") as never })),
    ).rejects.toThrow();
    await expect(
      db()
        .transaction()
        .execute((trx) => enqueueMail(trx, { template: "new_reply", to: "not an address", data: caseData("PS-2026-900104") })),
    ).rejects.toThrow();
  });

  it("records a refused send on the delivery and schedules the next attempt itself (not graphile-worker's backoff)", async () => {
    const to = `refuse-${unique()}@example.test`;
    const { deliveryId } = await db()
      .transaction()
      .execute((trx) => enqueueMail(trx, { template: "stage_change", to, data: { ...caseData("PS-1999-000105"), fromStage: "client", toStage: "company" } }));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const row = await waitFor("the first failed attempt", async () => {
        const d = await db().selectFrom("mail_deliveries").selectAll().where("id", "=", deliveryId).executeTakeFirstOrThrow();
        return d.attempts >= 1 && d.last_error ? d : undefined;
      });
      expect(row.status).toBe("queued");
      expect(row.last_error).toMatch(/550|Mailbox unavailable/);
      expect(row.sending_since).toBeNull();
      // The next attempt: a minute later by default, by the delivery's own job (same key, never two).
      const wait = new Date(row.next_attempt_at!).getTime() - new Date(row.last_attempt_at!).getTime();
      expect(wait).toBeGreaterThan(55_000);
      expect(wait).toBeLessThan(65_000);
      const jobs = await sql<{ run_at: Date; attempts: number }>`
        select run_at, attempts from graphile_worker.jobs where key = ${`mail:${deliveryId}`}
      `.execute(db());
      expect(jobs.rows).toHaveLength(1);
      expect(jobs.rows[0]!.attempts).toBe(0);
      expect(new Date(jobs.rows[0]!.run_at).getTime()).toBe(new Date(row.next_attempt_at!).getTime());
      // Logged (just after the commit, so wait for it) without the error text: an SMTP reply may quote the address.
      const line = await waitFor("the log line", () => errors.mock.calls.map(([l]) => String(l)).find((l) => l.includes(deliveryId)));
      expect(line).toContain("attempt 1 failed; next attempt at");
      expect(line).not.toContain(to);
    } finally {
      errors.mockRestore();
      await sql`select graphile_worker.remove_job(${`mail:${deliveryId}`})`.execute(db());
      await db().deleteFrom("mail_deliveries").where("id", "=", deliveryId).execute();
    }
  });
});

describe("development mailbox (no SMTP_URL)", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "recourse-mailbox-"));
    delete process.env.SMTP_URL;
    process.env.DATA_DIR = dataDir;
    resetTransport();
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes each queued mail as a JSON file that listDevMailbox reads back", async () => {
    expect(isDevMailbox()).toBe(true);
    const to = `file-${unique()}@example.test`;
    await db()
      .transaction()
      .execute((trx) => enqueueMail(trx, { template: "sign_in_link", to, data: { link: "https://recourse.example.test/auth/link/tok123", expiresInMinutes: 15 } }));
    await runQueuedJobsOnce(process.env.DATABASE_URL!);

    const files = await readdir(path.join(dataDir, "mailbox"));
    expect(files.some((f) => f.endsWith(".json"))).toBe(true);
    const mail = (await listDevMailbox(100)).find((m) => m.to === to);
    expect(mail).toBeDefined();
    expect(mail?.subject).toBe("Privacy Inquiry: your sign-in link");
    expect(mail?.from).toBe('"Customer Portfolios Privacy" <PrivacyInquiry@customerportfolios.com>');
    expect(mail?.text).toContain("https://recourse.example.test/auth/link/tok123");
    expect(mail?.html).toContain('href="https://recourse.example.test/auth/link/tok123"');
    expect(new Date(mail!.date).getTime()).not.toBeNaN();
    expect(await readDevMailbox(mail!.id)).toEqual(mail);
  });

  it("shows the mailbox page only on a development set-up", () => {
    const saved = process.env.DEV_MAILBOX;
    try {
      delete process.env.DEV_MAILBOX;
      expect(devMailboxVisible()).toBe(false);
      process.env.DEV_MAILBOX = "1";
      expect(devMailboxVisible()).toBe(true);
      process.env.SMTP_URL = "smtp://127.0.0.1:2525";
      expect(devMailboxVisible()).toBe(false);
    } finally {
      delete process.env.SMTP_URL;
      if (saved === undefined) delete process.env.DEV_MAILBOX;
      else process.env.DEV_MAILBOX = saved;
    }
  });

  it("lists newest first, honours the limit, and refuses ids that are not mailbox ids", async () => {
    const first = await sendMail({ to: "a@example.test", subject: "Privacy Inquiry: first", html: "<p>1</p>", text: "1" });
    await new Promise((r) => setTimeout(r, 5));
    const second = await sendMail({ to: "b@example.test", subject: "Privacy Inquiry: second", html: "<p>2</p>", text: "2" });
    const [newest, older] = await listDevMailbox(2);
    expect(newest?.id).toBe(second.mailboxId);
    expect(older?.id).toBe(first.mailboxId);
    expect(await listDevMailbox(1)).toHaveLength(1);
    expect(await readDevMailbox("../../etc/passwd")).toBeNull();
    expect(await readDevMailbox("0000000000000-000000000000")).toBeNull();
  });
});
