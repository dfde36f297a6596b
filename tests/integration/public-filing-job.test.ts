// The background half of the public complaint form (ADR 032): what the `public_filing` job does for
// each kind of address, that it keeps the files, and that a retried job (or one whose worker was
// killed in the middle) opens one case and sends one mail.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { action as complainAction } from "../../app/routes/complain";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { OPERATOR_ITSELF } from "../../app/lib/organization";
import { confirmHeldFiling, discardHeldFiling, listHeldFilings } from "../../app/models/complaints.server";
import { processPublicFiling } from "../../app/models/public-filing.server";
import { setClientActive, SEED } from "../../app/models/admin.server";
import { createClient, createComplainant, createLiaison, createOfficer, discardTestMail, mailTo, testEmail } from "../support/factories";
import { queuedFilingJobs, runFilingJobs } from "../support/public-filings";
import { startTsChild, type RunningChild } from "../support/child";
import { startSmtpServer, type RunningSmtpServer } from "../support/smtp";

const pdf = new Uint8Array(readFileSync(new URL("../fixtures/files/evidence.pdf", import.meta.url)));

afterAll(async () => {
  await runFilingJobs();
  await discardTestMail();
});

let net = 0;
const freshAddress = () => `10.${(process.pid % 200) + 21}.${(Date.now() / 1000 + ++net * 11) % 250 | 0}.7`;

/** Posts the public form as a browser would (multipart when there is a file); returns the reference it answered with. */
async function complain(email: string, opts: { file?: Uint8Array; description?: string; organization?: string } = {}): Promise<string> {
  const form = new FormData();
  const fields: Record<string, string> = {
    organization: opts.organization ?? OPERATOR_ITSELF,
    category: "request_access",
    description: opts.description ?? "Tell me what you hold about me.",
    desiredOutcome: "A copy of my data.",
    country: "DE",
    name: "Job Tester",
    email,
    submissionKey: randomUUID(),
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (opts.file) form.append("files", new Blob([Buffer.from(opts.file)], { type: "application/pdf" }), "evidence.pdf");
  const request = new Request("http://localhost/complain", { method: "POST", body: form });
  const answer = await complainAction({ request, params: {}, context: { clientAddress: freshAddress() } });
  if (!(answer instanceof Response) || answer.status !== 302) throw new Error(`the form was not accepted: ${JSON.stringify(answer)}`);
  return answer.headers.get("Location")!.split("/").pop()!;
}

const filingOf = (reference: string) => db().selectFrom("public_filings").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
const caseOf = (reference: string) => db().selectFrom("cases").selectAll().where("reference", "=", reference).executeTakeFirst();
const heldOf = (reference: string) => db().selectFrom("held_filings").selectAll().where("reference", "=", reference).executeTakeFirst();
const attachmentsOf = (caseId: string) => db().selectFrom("attachments").select(["file_name", "size_bytes", "message_id"]).where("case_id", "=", caseId).execute();

describe("the public_filing job", () => {
  it("opens the case for an unknown address: the reserved reference, received when the form was sent, one acknowledgement with a link, the files on the case", async () => {
    const email = testEmail("new-person");
    const reference = await complain(email, { file: pdf });
    const sentAt = new Date((await filingOf(reference)).created_at);
    // Before the job: no case, no account, no mail; the submission and its file are stored.
    expect(await caseOf(reference)).toBeUndefined();
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    expect(await mailTo(email)).toEqual([]);
    expect(await db().selectFrom("public_filing_files").select("file_name").where("filing_id", "=", (await filingOf(reference)).id).execute()).toEqual([{ file_name: "evidence.pdf" }]);

    const later = new Date(sentAt.getTime() + 90_000);
    const results = await runFilingJobs(later);
    expect(results[reference]).toBe("opened");
    const kase = await caseOf(reference);
    expect(kase).toMatchObject({ reference, received_via: "web" });
    expect(new Date(kase!.received_at!).toISOString()).toBe(sentAt.toISOString());
    const mail = await mailTo(email);
    expect(mail.map((m) => m.template)).toEqual(["acknowledgement"]);
    expect(String(mail[0]!.data.signInLink ?? JSON.stringify(mail[0]!.data))).toMatch(/\/auth\/link\?token=/);
    // The sign-in link runs from when the job mailed it, not from when the form was sent.
    const token = await db().selectFrom("sign_in_tokens").innerJoin("users", "users.id", "sign_in_tokens.user_id").select("sign_in_tokens.expires_at").where("users.email", "=", email).executeTakeFirstOrThrow();
    expect(new Date(token.expires_at).getTime()).toBe(later.getTime() + 30 * 60_000);
    expect(await attachmentsOf(kase!.id)).toEqual([{ file_name: "evidence.pdf", size_bytes: pdf.byteLength, message_id: null }]);
    // The submission keeps only its reference and what became of it.
    expect(await filingOf(reference)).toMatchObject({ outcome: "opened", case_id: kase!.id, email: null, input: null });
    expect(await db().selectFrom("public_filing_files").select("id").where("filing_id", "=", (await filingOf(reference)).id).execute()).toEqual([]);
  });

  it("holds the filing for a complainant's address, with its file, until the owner confirms; the case then has the file", async () => {
    const owner = await createComplainant();
    const reference = await complain(owner.email, { file: pdf, description: "A second complaint of mine." });
    expect((await runFilingJobs())[reference]).toBe("held");
    expect(await caseOf(reference)).toBeUndefined();
    const held = await heldOf(reference);
    expect(held).toMatchObject({ reason: "known_address", user_id: owner.id, mailed: true });
    expect(await filingOf(reference)).toMatchObject({ outcome: "held", held_filing_id: held!.id, email: null, input: null });
    const mail = await mailTo(owner.email);
    expect(mail.map((m) => m.template)).toEqual(["held_filing"]);

    const token = new URL(String(mail[0]!.data.link)).searchParams.get("token")!;
    expect(await confirmHeldFiling(token, new Date())).toMatchObject({ ok: true, reference });
    const kase = await caseOf(reference);
    expect(await attachmentsOf(kase!.id)).toEqual([{ file_name: "evidence.pdf", size_bytes: pdf.byteLength, message_id: null }]);
    expect(await db().selectFrom("public_filing_files").select("id").where("held_filing_id", "=", held!.id).execute()).toEqual([]);
  });

  it("a client deactivated after the form was sent: a new person's case opens with the operator itself, acknowledged", async () => {
    const client = await createClient("Left");
    const email = testEmail("client-left");
    const reference = await complain(email, { organization: client.id });
    expect(await setClientActive(SEED, client.id, false, new Date())).toEqual({ ok: true });
    expect((await runFilingJobs())[reference]).toBe("opened");
    expect(await caseOf(reference)).toMatchObject({ reference, client_id: null });
    expect((await mailTo(email)).map((m) => m.template)).toEqual(["acknowledgement"]);
  });

  it("a client deactivated before a held filing is confirmed: refused with the public form's sentence, the filing still held", async () => {
    const client = await createClient("Paused");
    const owner = await createComplainant();
    const reference = await complain(owner.email, { organization: client.id });
    expect((await runFilingJobs())[reference]).toBe("held");
    const token = new URL(String((await mailTo(owner.email))[0]!.data.link)).searchParams.get("token")!;
    expect(await setClientActive(SEED, client.id, false, new Date())).toEqual({ ok: true });
    expect(await confirmHeldFiling(token, new Date())).toMatchObject({ ok: false, code: "client_inactive", reason: "This organization no longer takes complaints here. Choose another, or the operator itself." });
    expect(await caseOf(reference)).toBeUndefined();
    expect(await heldOf(reference)).toMatchObject({ confirmed_at: null, case_id: null });
    // Reactivated within the 14 days, the same link confirms it.
    expect(await setClientActive(SEED, client.id, true, new Date())).toEqual({ ok: true });
    expect(await confirmHeldFiling(token, new Date())).toMatchObject({ ok: true, reference });
    expect(await caseOf(reference)).toMatchObject({ client_id: client.id });
  });

  it("refuses a staff address quietly: a held filing that can never be confirmed, one mail without a link, no case", async () => {
    const officer = await createOfficer();
    const reference = await complain(officer.email);
    expect((await runFilingJobs())[reference]).toBe("held");
    expect(await caseOf(reference)).toBeUndefined();
    expect(await heldOf(reference)).toMatchObject({ reason: "staff_address", token_hash: null });
    const mail = (await mailTo(officer.email)).filter((m) => m.template !== "new_case");
    expect(mail.map((m) => [m.template, m.data.link])).toEqual([["held_filing", null]]);
    expect(await db().selectFrom("cases").select("id").where("complainant_id", "=", officer.id).execute()).toEqual([]);
  });

  it("run twice (its worker died after commit, before the queue heard), opens one case and sends one mail", async () => {
    const email = testEmail("twice");
    const reference = await complain(email);
    const filing = await filingOf(reference);
    expect(await processPublicFiling(filing.id, new Date(), db())).toBe("opened");
    expect(await processPublicFiling(filing.id, new Date(), db())).toBe("already_handled");
    // And at the same time, from two workers: the submission's row lock makes the second wait and find it handled.
    const other = await complain(testEmail("race"));
    const otherFiling = await filingOf(other);
    const both = await Promise.all([processPublicFiling(otherFiling.id, new Date(), db()), processPublicFiling(otherFiling.id, new Date(), db())]);
    expect(both.sort()).toEqual(["already_handled", "opened"]);
    await runFilingJobs();
    expect(await db().selectFrom("cases").select("id").where("reference", "in", [reference, other]).execute()).toHaveLength(2);
    expect((await mailTo(email)).map((m) => m.template)).toEqual(["acknowledgement"]);
  });

  it("a second post of the same form gets the same reference and queues no second job", async () => {
    const form = () => {
      const f = new URLSearchParams({ organization: OPERATOR_ITSELF, category: "request_access", description: "Same form twice.", desiredOutcome: "A copy.", country: "DE", name: "Double Click", email: testEmail("double"), submissionKey: key });
      return new Request("http://localhost/complain", { method: "POST", body: f, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    };
    const key = randomUUID();
    const jobsBefore = (await queuedFilingJobs()).length;
    const first = (await complainAction({ request: form(), params: {}, context: { clientAddress: freshAddress() } })) as Response;
    const second = (await complainAction({ request: form(), params: {}, context: { clientAddress: freshAddress() } })) as Response;
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect((await queuedFilingJobs()).length).toBe(jobsBefore + 1);
  });
});

describe("the officer discards a held filing", () => {
  it("with a reason: its link stops working, its files go, the trail records who, when and why; only once, and only by the officer", async () => {
    const owner = await createComplainant();
    const officer = await createOfficer();
    const liaison = await createLiaison((await createClient()).id);
    const reference = await complain(owner.email, { file: pdf, description: "Spam about someone else." });
    await runFilingJobs();
    const held = (await heldOf(reference))!;
    const token = new URL(String((await mailTo(owner.email))[0]!.data.link)).searchParams.get("token")!;
    expect((await listHeldFilings(officer.actor, new Date())).find((h) => h.reference === reference)).toMatchObject({ state: "waiting", fileNames: ["evidence.pdf"] });

    // A liaison's transaction does not even see the row (row-level security): nothing changes.
    expect(await discardHeldFiling(liaison.actor as never, reference, "not mine to discard", new Date())).toMatchObject({ ok: false });
    expect((await heldOf(reference))!.discarded_at).toBeNull();
    // A blank reason is refused by the form (zod); the model is given a real one.
    const at = new Date();
    expect(await discardHeldFiling(officer.actor, reference, "Spam: the same text was filed for many addresses.", at)).toEqual({ ok: true });
    expect(await heldOf(reference)).toMatchObject({ discarded_by: officer.id, discard_reason: "Spam: the same text was filed for many addresses.", token_hash: null });
    expect(await db().selectFrom("public_filing_files").select("id").where("held_filing_id", "=", held.id).execute()).toEqual([]);
    const trail = await db().selectFrom("admin_events").select(["type", "actor_id", "payload"]).where("type", "=", "held_filing_discarded").where("actor_id", "=", officer.id).execute();
    expect(trail).toEqual([{ type: "held_filing_discarded", actor_id: officer.id, payload: { reference, reason: "Spam: the same text was filed for many addresses.", why_held: "known_address", files_deleted: 1 } }]);
    expect((await listHeldFilings(officer.actor, new Date())).find((h) => h.reference === reference)).toMatchObject({ state: "discarded", discardReason: "Spam: the same text was filed for many addresses." });

    expect(await confirmHeldFiling(token, new Date())).toMatchObject({ ok: false });
    expect(await caseOf(reference)).toBeUndefined();
    expect(await discardHeldFiling(officer.actor, reference, "again", new Date())).toMatchObject({ ok: false });
  });
});

// kill -9 of the worker in the middle of the job's transaction: the case, its events and its mail
// were written but not committed; the job is released (stale lock) and run again by another worker.
describe("kill -9 of a worker in the middle of a public_filing job", { timeout: 150_000 }, () => {
  let dir: string | undefined;
  let smtp: RunningSmtpServer | undefined;
  const children: RunningChild[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill9();
    await smtp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("opens one case and sends one acknowledgement", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "recourse-filing-kill-"));
    smtp = await startSmtpServer({ dir });
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      SMTP_URL: smtp.url,
      DEADLINE_SWEEPS: "off",
      MAIL_SEND_TIMEOUT_SECONDS: "1",
      MAIL_STALE_LOCK_SECONDS: "3",
      MAIL_UNLOCK_INTERVAL_SECONDS: "0.5",
    };
    await runFilingJobs(); // nothing of another test left in the queue
    const email = testEmail("killed");

    const first = await startTsChild("tests/support/mail-worker-process.ts", env, "ready", 90_000);
    children.push(first);
    // Hold the sign-in links' table (nothing else of the worker writes it) so the job blocks there,
    // after it has written the case, its deadlines and its events.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query("lock table sign_in_tokens in share mode");
      const reference = await complain(email);
      // Wait until the worker's job is inside its transaction, waiting for the lock at that insert.
      // (Looked at from another connection: inside a transaction pg_stat_activity is a snapshot.)
      const waiting = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = 'recourse-worker' and wait_event_type = 'Lock' and query like 'insert into "sign_in_tokens"%'`.execute(db())
        ).rows[0]!.n;
      for (const deadline = Date.now() + 60_000; (await waiting()) === 0; ) {
        if (Date.now() > deadline) throw new Error(`the worker never reached the sign-in link insert:\n${first.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await first.kill9();
      await blocker.query("commit");

      // Nothing of the killed attempt is left: the transaction was never committed.
      const caseRows = async () => (await db().selectFrom("cases").select("id").where("reference", "=", reference).execute()).length;
      const handled = async () => (await filingOf(reference)).processed_at !== null;
      expect(await handled()).toBe(false);
      expect(await caseRows()).toBe(0);

      const second = await startTsChild("tests/support/mail-worker-process.ts", env, "ready", 90_000);
      children.push(second);
      for (const deadline = Date.now() + 60_000; !(await handled()); ) {
        if (Date.now() > deadline) throw new Error(`the filing was not handled after the kill:\n${second.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await caseRows()).toBe(1);
      expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
      const deliveries = await db().selectFrom("mail_deliveries").select(["template"]).where("recipient", "=", email).execute();
      expect(deliveries.map((d) => d.template)).toEqual(["acknowledgement"]);
      const events = await sql<{ n: number }>`select count(*)::int as n from case_events e join cases c on c.id = e.case_id where c.reference = ${reference}`.execute(db());
      expect(events.rows[0]!.n).toBeGreaterThan(0);
      const job = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where key = ${`filing:${(await filingOf(reference)).id}`}`.execute(db());
      expect(job.rows[0]!.n).toBe(0);
    } finally {
      await blocker.query("rollback").catch(() => {});
      await blocker.end();
    }
  });
});
