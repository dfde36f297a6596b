// The mail worker keeps serving when its database goes away: all backends terminated (what a
// failover does), and PostgreSQL stopped and started again with a mail in the middle of its send.
// Runs on a PostgreSQL of its own, so the rest of the suite never sees the restart.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type DB } from "../../app/db/db.server";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { migrateToLatest } from "../../app/db/migrate.server";
import { enqueueMail } from "../../app/jobs/enqueue.server";
import { startWorker } from "../../app/jobs/worker.server";
import { resetTransport } from "../../app/mail/transport.server";
import { readMailFolder, waitForMail } from "../support/mailbox";
import { freePort } from "../support/ports";
import { startSmtpServer, type RunningSmtpServer } from "../support/smtp";

const savedSmtp = process.env.SMTP_URL;
let root: string;
let port: number;
let server: RunningPostgres | undefined;
let url: string;
let smtp: RunningSmtpServer | undefined;
let worker: { stop(): Promise<void> } | undefined;
let onDataBegins: (rcptTo: string[]) => Promise<void> | void = () => {};
const quiet = vi.spyOn(console, "error").mockImplementation(() => {});

const startPostgres = async () => {
  server = await startEmbeddedPostgres({ dir: path.join(root, "data"), port, quiet: true });
};

/** A short-lived connection for the test's own writes: nothing of it is idle when the server goes away. */
async function withDb<T>(fn: (db: DB) => Promise<T>): Promise<T> {
  const db = createDb(url, 1);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const enqueue = (to: string) =>
  withDb((db) => db.transaction().execute((trx) => enqueueMail(trx, { template: "new_reply", to, data: { reference: "PS-2026-000501", caseUrl: "http://localhost:3000/my/cases/PS-2026-000501" } })));

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-pgfault-"));
  await chmod(root, 0o755); // as root, PostgreSQL runs as another user
  port = await freePort();
  await startPostgres();
  await server!.createDatabase("faults");
  url = server!.url("faults");
  await withDb((db) => migrateToLatest(db, url));
  smtp = await startSmtpServer({ dir: path.join(root, "mail"), beforeAccept: (s) => onDataBegins(s.rcptTo) });
  process.env.SMTP_URL = smtp.url;
  resetTransport();
  worker = await startWorker({
    connectionString: url,
    pollInterval: 500,
    mail: { sendTimeoutMs: 8_000, staleLockMs: 20_000, unlockIntervalMs: 1_000 },
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  await server?.stop();
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  resetTransport();
  await rm(root, { recursive: true, force: true });
  quiet.mockRestore();
});

describe("the mail worker and a database that goes away", () => {
  it("sends within 10 s after every backend was terminated", async () => {
    const warm = `warm-${unique()}@example.test`;
    await enqueue(warm);
    await waitForMail(path.join(root, "mail"), { to: warm });

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query("select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t");
    await admin.end();
    expect(killed.rows[0].n).toBeGreaterThan(0);

    const to = `after-terminate-${unique()}@example.test`;
    const started = Date.now();
    await enqueue(to);
    const mail = await waitForMail(path.join(root, "mail"), { to, timeoutMs: 15_000 });
    const seconds = (new Date(mail.date).getTime() - started) / 1000;
    console.log(`[figure] all ${killed.rows[0].n} backends terminated: next mail sent after ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(10);
  });

  it("sends the mail in flight once and serves again within 10 s after PostgreSQL restarted mid-send", async () => {
    const inFlight = `in-flight-${unique()}@example.test`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      onDataBegins = (rcptTo) => {
        if (!rcptTo.includes(inFlight)) return;
        onDataBegins = () => {};
        resolve();
        return new Promise<void>((r) => (release = r));
      };
    });
    const queued = await enqueue(inFlight);
    await held;
    // PostgreSQL goes down while the server holds the message; the server accepts it while it is down.
    await server!.stop();
    release();
    await new Promise((r) => setTimeout(r, 1_500)); // down for a while: this is the fault, not a measurement
    await startPostgres();
    const backAt = Date.now();

    const to = `after-restart-${unique()}@example.test`;
    await enqueue(to);
    const mail = await waitForMail(path.join(root, "mail"), { to, timeoutMs: 20_000 });
    const seconds = (new Date(mail.date).getTime() - backAt) / 1000;
    console.log(`[figure] PostgreSQL restarted mid-send: next mail sent ${seconds.toFixed(1)} s after it was back`);
    expect(seconds).toBeLessThan(10);

    // The worker that sent it records the delivery as soon as the database answers again (it retries every second at most).
    const deadline = Date.now() + 10_000;
    let delivery = { status: "", attempts: 0 };
    while (Date.now() < deadline) {
      delivery = await withDb((db) => db.selectFrom("mail_deliveries").select(["status", "attempts"]).where("id", "=", queued.deliveryId).executeTakeFirstOrThrow());
      if (delivery.status === "sent") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(delivery).toEqual({ status: "sent", attempts: 1 });
    const copies = (await readMailFolder(path.join(root, "mail"))).filter((m) => m.to.includes(inFlight));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.messageId).toBe(queued.messageId);
  });

  it("survives PostgreSQL being down longer than the send timeout when a send ends, and serves again within 10 s", async () => {
    // A worker that waits only 0.5 s to record a delivery, so the database is still down when the job ends.
    await worker?.stop();
    worker = await startWorker({ connectionString: url, pollInterval: 500, mail: { sendTimeoutMs: 500, staleLockMs: 2_000, unlockIntervalMs: 500 } });
    const inFlight = `long-outage-${unique()}@example.test`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      onDataBegins = (rcptTo) => {
        if (!rcptTo.includes(inFlight)) return;
        onDataBegins = () => {};
        resolve();
        return new Promise<void>((r) => (release = r));
      };
    });
    const queued = await enqueue(inFlight);
    await held;
    await server!.stop();
    release();
    await new Promise((r) => setTimeout(r, 2_500)); // the outage outlasts the send timeout
    await startPostgres();
    const backAt = Date.now();

    const to = `after-long-outage-${unique()}@example.test`;
    await enqueue(to);
    const mail = await waitForMail(path.join(root, "mail"), { to, timeoutMs: 20_000 });
    const seconds = (new Date(mail.date).getTime() - backAt) / 1000;
    expect(seconds).toBeLessThan(10);

    // The delivery could not be recorded: it is sent again after the stale-lock time, with the same Message-ID.
    const deadline = Date.now() + 20_000;
    let status = "";
    while (Date.now() < deadline) {
      status = (await withDb((db) => db.selectFrom("mail_deliveries").select("status").where("id", "=", queued.deliveryId).executeTakeFirstOrThrow())).status;
      if (status === "sent") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe("sent");
    const copies = (await readMailFolder(path.join(root, "mail"))).filter((m) => m.to.includes(inFlight));
    console.log(`[figure] PostgreSQL down 2.5 s at the end of a send: next mail ${seconds.toFixed(1)} s after it was back; in-flight mail received ${copies.length}x, one Message-ID`);
    expect(copies.length).toBeLessThanOrEqual(2);
    expect(new Set(copies.map((c) => c.messageId))).toEqual(new Set([queued.messageId]));
  });
});
