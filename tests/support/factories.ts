// Rows and inputs for the integration tests. The database is shared by every test file, so each
// helper makes something new with a unique name or address; tests filter by the ids they made.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { hashPassword } from "../../app/auth/password.server";
import type { Actor, Stage } from "../../app/domain";
import { fileComplaint, type ComplaintInput } from "../../app/models/complaints.server";

/** Every address a factory makes ends with this, so a test file can find (and clear) its own mail. */
export const TEST_MAIL_DOMAIN = "recourse-it.test";

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export function unique(): string {
  return `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

export function testEmail(label: string): string {
  return `${label}-${unique()}@${TEST_MAIL_DOMAIN}`.toLowerCase();
}

export function plus(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

export function plusDays(date: Date, days: number): Date {
  return plus(date, days * DAY_MS);
}

export async function createClient(label = "Client"): Promise<{ id: string; name: string }> {
  return db().insertInto("clients").values({ name: `${label} ${unique()}` }).returning(["id", "name"]).executeTakeFirstOrThrow();
}

export interface TestUser<A extends Actor = Actor> {
  id: string;
  email: string;
  name: string;
  actor: A;
}

async function insertUser(values: { role: Actor["role"]; clientId?: string; password?: string; label: string }) {
  const email = testEmail(values.label);
  const name = `${values.label} ${unique()}`;
  const row = await db()
    .insertInto("users")
    .values({
      role: values.role,
      email,
      name,
      client_id: values.clientId ?? null,
      password_hash: values.password ? await hashPassword(values.password) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email, name };
}

export async function createOfficer(password?: string): Promise<TestUser<Extract<Actor, { role: "officer" }>>> {
  const u = await insertUser({ role: "officer", password, label: "officer" });
  return { ...u, actor: { role: "officer", userId: u.id } };
}

export async function createLiaison(clientId: string, password?: string): Promise<TestUser<Extract<Actor, { role: "liaison" }>>> {
  const u = await insertUser({ role: "liaison", clientId, password, label: "liaison" });
  return { ...u, actor: { role: "liaison", userId: u.id, clientId } };
}

export async function createComplainant(): Promise<TestUser<Extract<Actor, { role: "complainant" }>>> {
  const u = await insertUser({ role: "complainant", label: "complainant" });
  return { ...u, actor: { role: "complainant", userId: u.id } };
}

/** The people most case tests need: two client companies with a liaison each, and an officer. */
export async function seedParties() {
  const clientA = await createClient("Client A");
  const clientB = await createClient("Client B");
  const liaisonA = await createLiaison(clientA.id);
  const liaisonB = await createLiaison(clientB.id);
  const officer = await createOfficer();
  return { clientA, clientB, liaisonA, liaisonB, officer };
}

/** A complete, valid complaint form with a fresh submission key and address. */
export function complaintInput(overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    clientId: null,
    category: "request_removal",
    description: "Please remove my data from your marketing database.",
    desiredOutcome: "Deletion of my record.",
    country: "DE",
    name: "Anna Schmidt",
    email: testEmail("person"),
    earlierContact: null,
    submissionKey: randomUUID(),
    ...overrides,
  };
}

export interface FiledCase {
  id: string;
  reference: string;
  complainant: TestUser<Extract<Actor, { role: "complainant" }>>;
  filedAt: Date;
}

/** Files a complaint that must succeed, and returns the case with its complainant as an actor. */
export async function fileCase(
  overrides: Partial<ComplaintInput>,
  now: Date,
  staff?: { actor: Actor; startStage: Stage },
): Promise<FiledCase> {
  const input = complaintInput(overrides);
  const outcome = await fileComplaint(input, now, staff);
  if (!outcome.ok) throw new Error(`fileCase: the complaint was refused: ${outcome.reason}`);
  const row = await db()
    .selectFrom("cases")
    .innerJoin("users", "users.id", "cases.complainant_id")
    .select(["cases.id", "users.id as user_id", "users.email", "users.name"])
    .where("cases.reference", "=", outcome.reference)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    reference: outcome.reference,
    complainant: { id: row.user_id, email: row.email, name: row.name, actor: { role: "complainant", userId: row.user_id } },
    filedAt: now,
  };
}

/**
 * Mail not yet sent: each notification is a `mail_deliveries` row (status queued) whose
 * `send_mail` job names it; the row holds the template, the recipient and the data.
 */
export interface QueuedMail {
  id: string;
  template: string;
  to: string;
  data: Record<string, unknown>;
}

function queuedMail() {
  return db()
    .selectFrom("mail_deliveries")
    .select(["id", "template", "recipient", "data"])
    .where("status", "=", "queued")
    .orderBy("queued_at")
    .orderBy("id");
}

const asQueued = (r: { id: string; template: string; recipient: string; data: Record<string, unknown> }): QueuedMail => ({
  id: r.id,
  template: r.template,
  to: r.recipient,
  data: r.data,
});

/** Mail queued for any of these addresses, oldest first. */
export async function mailTo(...addresses: string[]): Promise<QueuedMail[]> {
  if (addresses.length === 0) return [];
  return (await queuedMail().where("recipient", "in", addresses).execute()).map(asQueued);
}

/** Mail queued about one case (every recipient), oldest first. */
export async function mailAbout(reference: string): Promise<QueuedMail[]> {
  return (await queuedMail().where(sql<string>`data->>'reference'`, "=", reference).execute()).map(asQueued);
}

/**
 * Removes the not-yet-sent mail addressed to factory-made users, so a later test file that runs a
 * worker does not have to deliver it. Call from afterAll (files run one at a time).
 */
export async function discardTestMail(): Promise<void> {
  await sql`
    with gone as (
      delete from mail_deliveries where status = 'queued' and recipient like ${`%@${TEST_MAIL_DOMAIN}`} and sending_since is null
      returning id
    )
    select graphile_worker.remove_job(key) from (select 'mail:' || id as key from gone) as k
  `.execute(db());
}

/** Everything about a case that a refused or conflicting command must leave alone. */
export async function caseSnapshot(caseId: string) {
  const kase = await db().selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
  const deadlines = await db().selectFrom("case_deadlines").selectAll().where("case_id", "=", caseId).orderBy("stage").orderBy("kind").execute();
  const events = await db().selectFrom("case_events").select(["id", "type"]).where("case_id", "=", caseId).orderBy("id").execute();
  const messages = await db().selectFrom("messages").select(["id", "body"]).where("case_id", "=", caseId).orderBy("created_at").execute();
  const mail = await mailAbout(kase.reference);
  return { case: kase, deadlines, events, messages, mail: mail.map((m) => m.id) };
}
