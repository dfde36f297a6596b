// Masking (issue 9, item 6; ADR 028): every staff list's loader data carries the complainant only
// masked (the page is rendered from it, and it is what /route.data answers); the staff case page
// masks them everywhere until "Show identity" is posted; each reveal is a case event in the hash
// chain that the officer reads on /audit/reveals.
import { randomInt, randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { receiveInboundMail } from "../../app/mail/inbound/receive.server";
import { verifyEventChains } from "../../app/models/audit.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { acceptPublicFiling } from "../../app/models/public-filing.server";
import { anonymiseCaseIn } from "../../app/models/retention.server";
import { loader as queueLoader } from "../../app/routes/cases._index";
import { action as caseAction, loader as caseLoader } from "../../app/routes/cases.$reference";
import { loader as heldLoader } from "../../app/routes/held-filings";
import { loader as intakeLoader } from "../../app/routes/intake._index";
import { loader as intakeItemLoader } from "../../app/routes/intake.$id";
import { loader as inboundLoader } from "../../app/routes/mail.inbound";
import { loader as deliveriesLoader } from "../../app/routes/mail.deliveries";
import { loader as revealsLoader } from "../../app/routes/audit_.reveals";
import { complaintInput, createClient, createLiaison, createOfficer, fileCase, type FiledCase } from "../support/factories";
import { runFilingJobs } from "../support/public-filings";

const BASE = "http://localhost:3000";
const tag = randomUUID().slice(0, 8);
// Distinctive, so that any appearance of the full value in an answer is found.
const NAME = `Zebulon Quixote${tag}`;
const EMAIL = `zebulon.quixote.${tag}@example.test`;
const MASKED_NAME = "Z. Q.";
const MASKED_EMAIL = "ze***@example.test";
const STRANGER_NAME = `Xaviera Strangelove${tag}`;
const STRANGER = `xaviera.${tag}@example.org`;

let officer: Awaited<ReturnType<typeof createOfficer>>;
let liaisonA: Awaited<ReturnType<typeof createLiaison>>;
let liaisonB: Awaited<ReturnType<typeof createLiaison>>;
let clientA: string;
let filed: FiledCase;
let heldReference: string;
const cookies = new Map<string, string>();

async function cookieOf(userId: string): Promise<string> {
  if (!cookies.has(userId)) cookies.set(userId, (await sessionCookieFor(userId)).split(";")[0]!);
  return cookies.get(userId)!;
}

async function get(path: string, userId: string, params: Record<string, string> = {}): Promise<LoaderFunctionArgs> {
  return { request: new Request(`${BASE}${path}`, { headers: { Cookie: await cookieOf(userId) } }), params, context: {} };
}

async function post(path: string, userId: string, form: Record<string, string>, params: Record<string, string> = {}): Promise<ActionFunctionArgs> {
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: await cookieOf(userId) },
    body: new URLSearchParams(form).toString(),
  });
  return { request, params, context: {} };
}

/** What a loader or action threw (a Response for 403/404 and redirects), or null. */
async function thrown(run: () => Promise<unknown>): Promise<Response | null> {
  try {
    await run();
    return null;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** The loader data as the .data answer would serialise it: what must not hold the full identity. */
const text = (value: unknown) => JSON.stringify(value);

function expectNoFullIdentity(value: unknown) {
  const body = text(value).toLowerCase();
  expect(body).not.toContain(EMAIL.toLowerCase());
  expect(body).not.toContain(NAME.toLowerCase());
  // Not even the parts: the local part, or the surname.
  expect(body).not.toContain(`zebulon.quixote.${tag}`);
  expect(body).not.toContain(`quixote${tag}`);
}

const revealsOf = (caseId: string) =>
  db().selectFrom("case_events").select(["actor_id", "actor_role", "payload", "created_at"]).where("case_id", "=", caseId).where("type", "=", "identity_revealed").orderBy("seq").execute();

beforeAll(async () => {
  const now = new Date();
  clientA = (await createClient("Masking A")).id;
  const clientB = (await createClient("Masking B")).id;
  officer = await createOfficer();
  liaisonA = await createLiaison(clientA);
  liaisonB = await createLiaison(clientB);
  filed = await fileCase({ clientId: clientA, name: NAME, email: EMAIL }, now);
  // The complainant writes: their name is the message's author on the timeline.
  const wrote = await performCaseCommand({ actor: filed.complainant.actor, reference: filed.reference, expectedVersion: 1, command: { type: "post_message", audience: "parties", channel: "web" }, body: "Any news?", now });
  if (!wrote.ok) throw new Error(JSON.stringify(wrote));
  // A second public filing for the same address is held (ADR 020).
  const held = await acceptPublicFiling(complaintInput({ clientId: clientA, name: NAME, email: EMAIL }), `10.${(process.pid % 200) + 21}.${randomInt(250)}.9`, now);
  if (!held.ok) throw new Error(JSON.stringify(held));
  heldReference = held.reference;
  const handled = await runFilingJobs(now);
  if (handled[heldReference] !== "held") throw new Error(`the filing was not held: ${JSON.stringify(handled)}`);
  // Mail to the complainant that failed, with a refusal that quotes the address.
  await db()
    .updateTable("mail_deliveries")
    .set({ status: "failed", failed_at: now, attempts: 5, last_error: `550 5.1.1 <${EMAIL}>: Recipient address rejected` })
    .where("case_id", "=", filed.id)
    .where("recipient", "=", EMAIL)
    .execute();
  // Mail from a stranger that matches no case goes to intake.
  const raw = Buffer.from(
    [`From: ${STRANGER_NAME} <${STRANGER}>`, "To: privacy@recourse.test", "Subject: A question", `Message-ID: <${randomUUID()}@example.org>`, "Content-Type: text/plain; charset=utf-8", "", "Do you hold my data?", ""].join("\r\n"),
  );
  const received = await receiveInboundMail(raw, { via: "webhook", now });
  expect(received).toMatchObject({ outcome: "intake" });
});

describe("staff lists show the complainant masked, in the loader data", () => {
  it("the officer's queue and the liaison's queue", async () => {
    const asOfficer = await queueLoader(await get(`/cases?status=all&client=${clientA}`, officer.id));
    const asLiaison = await queueLoader(await get("/cases?status=all", liaisonA.id));
    for (const page of [asOfficer, asLiaison]) {
      const row = page.rows.find((r) => r.reference === filed.reference);
      expect(row?.complainant).toEqual({ name: MASKED_NAME, email: MASKED_EMAIL });
      expectNoFullIdentity(page);
    }
  });

  it("held filings", async () => {
    const page = await heldLoader(await get("/held-filings", officer.id));
    expect(page.rows.find((r) => r.reference === heldReference)?.person).toEqual({ name: MASKED_NAME, email: MASKED_EMAIL });
    expectNoFullIdentity(page);
  });

  it("intake (the sender of unmatched mail)", async () => {
    const page = await intakeLoader(await get("/intake", officer.id));
    const body = text(page);
    expect(body).toContain("xa***@example.org");
    expect(body).toContain("X. S.");
    expect(body).not.toContain(STRANGER);
    expect(body).not.toContain(STRANGER_NAME);
  });

  it("mail deliveries (the recipient, and the address quoted in the error)", async () => {
    const page = await deliveriesLoader(await get("/mail/deliveries", officer.id));
    const row = page.failed.find((d) => d.reference === filed.reference);
    expect(row).toMatchObject({ recipient: MASKED_EMAIL, lastError: `550 5.1.1 <${MASKED_EMAIL}>: Recipient address rejected` });
    expectNoFullIdentity(page);
  });
});

describe("the officer's mail pages (ADR 060)", () => {
  it("mail received (/mail/inbound): the sender, and the address a bounce note names", async () => {
    // A distinctive moment long past (newer rows would change other files' first page), and a cursor
    // just after it, so that this row heads the page whatever else is stored.
    const at = new Date(Date.UTC(2001, 0, 1, 0, randomInt(0, 59), randomInt(0, 59), randomInt(0, 999)));
    await db()
      .insertInto("inbound_mails")
      .values({ dedup_key: `mask-${randomUUID()}`, received_at: at, via: "webhook", raw: Buffer.from("x"), raw_size: 1, kind: "bounce", outcome: "bounce_recorded", from_address: STRANGER, from_name: STRANGER_NAME, note: `Bounce of the case_filed mail to ${EMAIL}.` })
      .execute();
    const before = `${new Date(at.getTime() + 1).toISOString()}_ffffffff-ffff-ffff-ffff-ffffffffffff`;
    const page = await inboundLoader(await get(`/mail/inbound?before=${encodeURIComponent(before)}`, officer.id));
    expect(page.entries[0]).toMatchObject({ sender: { name: "X. S.", email: "xa***@example.org" }, note: `Bounce of the case_filed mail to ${MASKED_EMAIL}.` });
    expectNoFullIdentity(page);
    expect(text(page)).not.toContain(STRANGER);
    expect(text(page)).not.toContain(STRANGER_NAME);
  });

  it("an intake item's page shows the sender in full while it waits, masked once it is decided", async () => {
    const item = await db().selectFrom("intake_items").select("id").where("from_address", "=", STRANGER).executeTakeFirstOrThrow();
    const open = await intakeItemLoader(await get(`/intake/${item.id}`, officer.id, { id: item.id }));
    expect(text(open)).toContain(STRANGER);
    expect(text(open)).toContain(STRANGER_NAME);
    await db().updateTable("intake_items").set({ status: "discarded", discard_reason: "Spam.", decided_by: officer.id, decided_at: new Date() }).where("id", "=", item.id).execute();
    const decided = await intakeItemLoader(await get(`/intake/${item.id}`, officer.id, { id: item.id }));
    expect(decided.masked?.identity).toEqual({ name: "X. S.", email: "xa***@example.org" });
    expect(text(decided)).not.toContain(STRANGER);
    expect(text(decided)).not.toContain(STRANGER_NAME);
  });
});

describe("the staff case page", () => {
  it("masks the complainant everywhere: the facts, their message on the timeline, mail to them", async () => {
    for (const who of [officer.id, liaisonA.id]) {
      const page = await caseLoader(await get(`/cases/${filed.reference}`, who, { reference: filed.reference }));
      expect(page.view.case.complainant).toEqual({ name: MASKED_NAME, email: MASKED_EMAIL });
      const mine = page.view.timeline.find((e) => e.kind === "message" && e.authorRole === "complainant");
      expect(mine).toMatchObject({ authorName: MASKED_NAME });
      expectNoFullIdentity(page);
    }
    // The officer's page lists the mail about the case, addressed masked.
    const officerPage = await caseLoader(await get(`/cases/${filed.reference}`, officer.id, { reference: filed.reference }));
    expect(text(officerPage)).toContain(MASKED_EMAIL);
  });

  it("shows the full identity in the answer to 'Show identity', and records who, which case and when", async () => {
    const before = await revealsOf(filed.id);
    const t0 = Date.now();
    const answer = (await caseAction(await post(`/cases/${filed.reference}`, liaisonA.id, { intent: "reveal_identity" }, { reference: filed.reference }))) as unknown as {
      data: { identity: { name: string; email: string } };
      init: { headers: Record<string, string> };
    };
    expect(answer.data.identity).toEqual({ name: NAME, email: EMAIL });
    expect(answer.init.headers["Cache-Control"]).toBe("no-store");
    const after = await revealsOf(filed.id);
    expect(after).toHaveLength(before.length + 1);
    const event = after.at(-1)!;
    expect(event).toMatchObject({ actor_id: liaisonA.id, actor_role: "liaison", payload: {} });
    expect(new Date(event.created_at).getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    // The next view is masked again (no lasting flag), and the reveal is on no timeline.
    const page = await caseLoader(await get(`/cases/${filed.reference}`, liaisonA.id, { reference: filed.reference }));
    expectNoFullIdentity(page);
    expect(page.view.timeline.some((e) => e.kind === "event" && e.type === "identity_revealed")).toBe(false);
    // The hash chain takes the reveal in (ADR 019).
    expect((await verifyEventChains(db(), filed.id)).broken).toEqual([]);
  });

  it("refuses a reveal to staff who may not see the case, and records nothing", async () => {
    const before = await revealsOf(filed.id);
    const refused = await thrown(async () => caseAction(await post(`/cases/${filed.reference}`, liaisonB.id, { intent: "reveal_identity" }, { reference: filed.reference })));
    expect(refused?.status).toBe(404);
    const complainant = await thrown(async () => caseAction(await post(`/cases/${filed.reference}`, filed.complainant.id, { intent: "reveal_identity" }, { reference: filed.reference })));
    expect(complainant?.status).toBe(403);
    expect(await revealsOf(filed.id)).toEqual(before);
  });
});

describe("/audit/reveals", () => {
  it("lists each reveal for the officer, by person and by case; others are refused", async () => {
    await caseAction(await post(`/cases/${filed.reference}`, officer.id, { intent: "reveal_identity" }, { reference: filed.reference }));
    const all = await revealsLoader(await get("/audit/reveals", officer.id));
    const ours = all.rows.filter((r) => r.reference === filed.reference);
    expect(ours.map((r) => r.actorRole)).toEqual(["officer", "liaison"]);
    expect(all.people.map((p) => p.id)).toEqual(expect.arrayContaining([officer.id, liaisonA.id]));

    const byLiaison = await revealsLoader(await get(`/audit/reveals?person=${liaisonA.id}`, officer.id));
    expect(byLiaison.rows.map((r) => r.reference)).toEqual([filed.reference]);
    const byCase = await revealsLoader(await get(`/audit/reveals?case=${filed.reference.toLowerCase()}`, officer.id));
    expect(byCase.rows).toHaveLength(2);
    expect(byCase.rows.every((r) => r.reference === filed.reference)).toBe(true);

    const bad = await revealsLoader(await get("/audit/reveals?case=DROP%20TABLE&person=nope", officer.id));
    expect(bad.rows).toEqual([]);
    expect(bad.errors).toMatchObject({ case: expect.stringMatching(/not a case reference/), person: expect.any(String) });

    expect((await thrown(async () => revealsLoader(await get("/audit/reveals", liaisonA.id))))?.status).toBe(403);
    expect((await thrown(async () => revealsLoader(await get("/audit/reveals", filed.complainant.id))))?.status).toBe(403);
  });

  it("pages by keyset: the next page starts after the last row shown", async () => {
    const now = Date.now();
    // 101 reveals by the officer on one case: a full page and one more.
    await db()
      .insertInto("case_events")
      .values(Array.from({ length: 101 }, (_, i) => ({ case_id: filed.id, type: "identity_revealed", actor_id: liaisonB.id, actor_role: "liaison", payload: "{}", created_at: new Date(now - 60_000 + i) })))
      .execute();
    const first = await revealsLoader(await get(`/audit/reveals?person=${liaisonB.id}`, officer.id));
    expect(first.rows).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    const second = await revealsLoader(await get(`/audit/reveals?person=${liaisonB.id}&after=${first.nextCursor}`, officer.id));
    expect(second.rows).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Date(second.rows[0]!.at).getTime()).toBe(now - 60_000);
    // A cursor that is not one of ours is ignored: the first page again, no error.
    const forged = await revealsLoader(await get(`/audit/reveals?person=${liaisonB.id}&after=${Buffer.from("x'; drop table cases|1").toString("base64url")}`, officer.id));
    expect(forged.rows).toHaveLength(100);
  });
});

describe("an anonymised case (retention, ADR 026)", () => {
  let gone: FiledCase;
  beforeAll(async () => {
    const closedAt = new Date(Date.now() - 40 * 31 * 86_400_000);
    gone = await fileCase({ clientId: clientA, name: `Gone Person${tag}`, email: `gone.${tag}@example.test` }, new Date(closedAt.getTime() - 86_400_000));
    const closed = await performCaseCommand({ actor: officer.actor, reference: gone.reference, expectedVersion: 1, command: { type: "close", kind: "unfounded", reason: "No grounds" }, now: closedAt });
    if (!closed.ok) throw new Error(JSON.stringify(closed));
    const done = await db().transaction().execute((trx) => anonymiseCaseIn(trx, gone.id, new Date()));
    if (done.kind !== "anonymised") throw new Error(JSON.stringify(done));
  });

  it("shows 'Anonymised' in the queue, its search and the case page, not initials of the placeholder", async () => {
    const anonymised = { name: null, email: null, anonymised: true };
    for (const who of [officer.id, liaisonA.id]) {
      for (const path of [`/cases?status=all&client=${clientA}`, `/cases?status=all&q=${gone.reference}`]) {
        const page = await queueLoader(await get(path, who));
        expect(page.rows.find((r) => r.reference === gone.reference)?.complainant, path).toEqual(anonymised);
      }
      const page = await caseLoader(await get(`/cases/${gone.reference}`, who, { reference: gone.reference }));
      expect(page.view.case.complainant).toEqual(anonymised);
      expect(text(page)).not.toMatch(/A\. C\.|an\*\*\*@invalid/);
    }
  });

  it("offers no 'Show identity' and refuses one, recording nothing; offers no action", async () => {
    const page = await caseLoader(await get(`/cases/${gone.reference}`, officer.id, { reference: gone.reference }));
    expect(page.view.case.revealable).toBe(false);
    expect(page.view.available).toEqual([]);
    const answer = (await caseAction(await post(`/cases/${gone.reference}`, officer.id, { intent: "reveal_identity" }, { reference: gone.reference }))) as unknown as {
      data: { identity: unknown; errors: Record<string, string> };
      init: { status: number };
    };
    expect(answer.init.status).toBe(422);
    expect(answer.data.identity).toBeNull();
    expect(answer.data.errors._form).toMatch(/anonymised/);
    expect(await revealsOf(gone.id)).toEqual([]);
    // The page of a case that is not anonymised still offers it.
    expect((await caseLoader(await get(`/cases/${filed.reference}`, officer.id, { reference: filed.reference }))).view.case.revealable).toBe(true);
  });

  it("refuses an internal note on it (nothing the sweep would no longer remove)", async () => {
    const version = (await db().selectFrom("cases").select("version").where("id", "=", gone.id).executeTakeFirstOrThrow()).version;
    const note = await performCaseCommand({ actor: officer.actor, reference: gone.reference, expectedVersion: version, command: { type: "post_message", audience: "internal", channel: "web" }, body: "A late call from the person", now: new Date() });
    expect(note).toMatchObject({ ok: false, kind: "refused", refusal: { code: "case_closed" } });
  });
});
