// Issue 6: dates in mail in the operator's zone, named, fixed when the mail is queued. Sent for
// real: enqueueMails -> graphile-worker -> nodemailer -> in-process smtp-server -> mailparser.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server";
import { enqueueMails } from "../../app/jobs/enqueue.server";
import { startWorker } from "../../app/jobs/worker.server";
import { resetTransport } from "../../app/mail/transport.server";
import { createClient, discardTestMail, fileCase, type FiledCase } from "../support/factories";
import { startSmtpServer, type RunningSmtpServer, type StoredMail } from "../support/smtp";

const savedEnv = { ...process.env };
let smtp: RunningSmtpServer;
let worker: { stop(): Promise<void> } | undefined;
let dir: string;
let filed: FiledCase;
let zoneBefore: string;
const received = new Map<string, StoredMail>();

// 14 Jan 2027, 23:59:59.999 in New York: 04:59 on 15 Jan in UTC.
const END_OF_14_JAN_NY = "2027-01-15T04:59:59.999Z";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "recourse-mail-zone-"));
  smtp = await startSmtpServer({ dir, afterAccept: (mail) => mail.messageId && received.set(mail.messageId, mail) });
  process.env.SMTP_URL = smtp.url;
  resetTransport();
  const settings = await db().selectFrom("clock_settings").select("zone").where("id", "=", 1).executeTakeFirstOrThrow();
  zoneBefore = settings.zone;
  await db().updateTable("clock_settings").set({ zone: "America/New_York" }).where("id", "=", 1).execute();
  const client = await createClient("Zone Client");
  filed = await fileCase({ clientId: client.id, name: "Zoe Zone" }, new Date());
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  if (zoneBefore) await db().updateTable("clock_settings").set({ zone: zoneBefore }).where("id", "=", 1).execute();
  process.env = { ...savedEnv };
  resetTransport();
  await discardTestMail();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function arrived(messageId: string, timeoutMs = 20_000): Promise<StoredMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = received.get(messageId);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`mail ${messageId} did not arrive`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a deadline mail through real SMTP", () => {
  it("shows a due date at 23:59 New York as that day, with the zone named, even when the zone changes before it is sent", async () => {
    const [queued] = await db()
      .transaction()
      .execute((trx) =>
        enqueueMails(trx, [
          {
            template: "deadline_reminder",
            to: filed.complainant.email,
            data: { reference: filed.reference, caseUrl: `https://recourse.example.test/cases/${filed.reference}`, stage: "client", deadlineKind: "response", dueAt: END_OF_14_JAN_NY, days: 2 },
          },
        ]),
      );
    // The zone is fixed at enqueue: the officer moving the operator to Berlin afterwards does not
    // rewrite a mail already caused.
    const stored = await db().selectFrom("mail_deliveries").select("data").where("id", "=", queued!.deliveryId).executeTakeFirstOrThrow();
    expect((stored.data as { zone?: string }).zone).toBe("America/New_York");
    await db().updateTable("clock_settings").set({ zone: "Europe/Berlin" }).where("id", "=", 1).execute();

    worker = await startWorker({ connectionString: process.env.DATABASE_URL!, pollInterval: 100 });
    const mail = await arrived(queued!.messageId);
    expect(mail.text).toContain("14 Jan 2027 (end of day, New York time)");
    expect(mail.html).toContain("14 Jan 2027 (end of day, New York time)");
    expect(mail.text).not.toMatch(/15 Jan(uary)? 2027/);
    expect(mail.text).not.toContain("Berlin");
  });
});
