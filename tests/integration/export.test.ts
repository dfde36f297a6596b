// The complainant's own data (issue 9 part 5): the export holds everything the complainant may see
// (their cases, parties' messages, their files, the steps of each case, their account) and nothing
// else: no staff or internal note, no file of one, no staff bookkeeping, no second complainant's
// data. The downloads are never cached and come with a file name. The erasure request opens a
// case of its own, about the operator, at the company stage.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { ownerDb as db } from "../../app/db/db.server";
import type { Actor } from "../../app/domain";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { collectMyData, ERASURE_DESCRIPTION, requestErasure } from "../../app/models/export.server";
import { acceptPublicFiling, processPublicFiling } from "../../app/models/public-filing.server";
import { changeLegalHold } from "../../app/models/retention.server";
import { complainantCasePage, loadCaseView } from "../../app/models/case-view.server";
import { openCaseFromIntake } from "../../app/models/intake.server";
import { requestSignInLink } from "../../app/auth/sign-in.server";
import { action as exportAction, loader as exportLoader } from "../../app/routes/my.export";
import { loader as jsonLoader } from "../../app/routes/my.export[.]json";
import { loader as htmlLoader } from "../../app/routes/my.export[.]html";
import { complaintInput, createClient, createLiaison, createOfficer, discardTestMail, fileCase, testEmail, type FiledCase, type TestUser } from "../support/factories";

const NOW = new Date("2026-11-20T10:00:00Z");
let officer: TestUser<Extract<Actor, { role: "officer" }>>;
let liaison: TestUser<Extract<Actor, { role: "liaison" }>>;
let clientId: string;
let otherClientId: string;

interface Marked {
  filed: FiledCase;
  marks: { description: string; parties: string; staff: string; internal: string; partiesFile: string; internalFile: string; complaintFile: string };
}

async function markedCase(tag: string, email?: string, name = `Person ${tag}`): Promise<Marked> {
  const marks = {
    description: `DESCRIPTION-${tag}`,
    parties: `PARTIES-${tag}`,
    staff: `STAFFNOTE-${tag}`,
    internal: `INTERNAL-${tag}`,
    partiesFile: `PARTIESFILE-${tag}`,
    internalFile: `INTERNALFILE-${tag}`,
    complaintFile: `COMPLAINTFILE-${tag}`,
  };
  const filed = await fileCase({ clientId, description: `${marks.description} my data`, name, ...(email ? { email } : {}) }, NOW);
  let version = 1;
  const ids: Record<string, string> = {};
  for (const [actor, audience, body] of [
    [liaison.actor, "parties", marks.parties],
    [liaison.actor, "staff", marks.staff],
    [officer.actor, "internal", marks.internal],
  ] as const) {
    const done = await performCaseCommand({ actor, reference: filed.reference, expectedVersion: version, command: { type: "post_message", audience, channel: "web" }, body, now: NOW });
    if (!done.ok) throw new Error(JSON.stringify(done));
    version = done.version;
    ids[audience] = (await db().selectFrom("messages").select("id").where("case_id", "=", filed.id).where("body", "=", body).executeTakeFirstOrThrow()).id;
  }
  const file = (messageId: string | null, text: string) => ({
    case_id: filed.id, message_id: messageId, file_name: `${text}.txt`, safe_name: `${text}.txt`, content_type: "text/plain", size_bytes: text.length, sha256: "0".repeat(64), content: Buffer.from(text), uploaded_by: null,
  });
  await db().insertInto("attachments").values([file(ids.parties!, marks.partiesFile), file(ids.internal!, marks.internalFile), file(null, marks.complaintFile)]).execute();
  // Staff bookkeeping on the case: a reassignment and a legal hold, both invisible to the complainant.
  const moved = await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: version, command: { type: "assign", clientId: otherClientId, liaisonId: null }, now: NOW });
  if (!moved.ok) throw new Error(JSON.stringify(moved));
  expect(await changeLegalHold(officer.actor, filed.reference, { type: "place_legal_hold", reason: `HOLDREASON-${tag}` }, NOW)).toEqual({ ok: true });
  return { filed, marks };
}

let mine: Marked;
let mySecond: Marked;
let theirs: Marked;

beforeAll(async () => {
  clientId = (await createClient("Export")).id;
  otherClientId = (await createClient("Export other")).id;
  officer = await createOfficer();
  liaison = await createLiaison(clientId);
  mine = await markedCase("one");
  mySecond = await markedCase("two", mine.filed.complainant.email);
  theirs = await markedCase("three", undefined, "Someone Else Entirely");
}, 120_000);

afterAll(async () => {
  await discardTestMail();
});

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** A signed-in request of `userId` to `path` (a GET, or a POST of `form`). */
async function signedIn(path: string, userId: string, language = "en", form?: Record<string, string>): Promise<LoaderFunctionArgs & ActionFunctionArgs> {
  const headers = { Cookie: (await sessionCookieFor(userId)).split(";")[0]!, "Accept-Language": language };
  const request = form
    ? new Request(`http://localhost:3000${path}`, { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() })
    : new Request(`http://localhost:3000${path}`, { headers });
  return { request, params: {}, context: {} };
}

describe("the export", () => {
  it("contains everything the complainant may see, across their cases", async () => {
    const data = await collectMyData(mine.filed.complainant.actor, NOW, true);
    const text = JSON.stringify(data);
    expect(data.you).toMatchObject({ email: mine.filed.complainant.email, name: mine.filed.complainant.name });
    expect(data.cases.map((c) => c.reference).sort()).toEqual([mine.filed.reference, mySecond.filed.reference].sort());
    for (const m of [mine, mySecond]) {
      expect(text).toContain(m.marks.description);
      expect(text).toContain(m.marks.parties);
      expect(text).toContain(b64(m.marks.partiesFile));
      expect(text).toContain(b64(m.marks.complaintFile));
      expect(text).toContain(`${m.marks.complaintFile}.txt`);
    }
    const first = data.cases.find((c) => c.reference === mine.filed.reference)!;
    expect(first.events.map((e) => e.type)).toContain("case_filed");
    expect(first.mails.length).toBeGreaterThan(0);
    expect(first.messages.find((m) => m.body === mine.marks.parties)?.files.map((f) => f.name)).toEqual([`${mine.marks.partiesFile}.txt`]);
  });

  it("contains nothing internal, no staff bookkeeping and nothing of another complainant", async () => {
    const text = JSON.stringify(await collectMyData(mine.filed.complainant.actor, NOW, true));
    for (const m of [mine, mySecond]) {
      for (const forbidden of [m.marks.staff, m.marks.internal, m.marks.internalFile, b64(m.marks.internalFile), `HOLDREASON-${m === mine ? "one" : "two"}`]) expect(text).not.toContain(forbidden);
    }
    for (const forbidden of [...Object.values(theirs.marks), theirs.filed.complainant.email, theirs.filed.complainant.name, theirs.filed.reference]) expect(text).not.toContain(forbidden);
    expect(text).not.toContain("legal_hold");
    expect(text).not.toContain("\"assigned\"");
    expect(text).not.toContain(otherClientId);
    expect(text).not.toContain(liaison.email);
  });

  it("is served as a JSON download and a readable page, never cached, only to the complainant", async () => {
    const args = async (path: string, userId: string, language = "en"): Promise<LoaderFunctionArgs> => ({
      request: new Request(`http://localhost:3000${path}`, { headers: { Cookie: (await sessionCookieFor(userId)).split(";")[0]!, "Accept-Language": language } }),
      params: {},
      context: {},
    });
    const json = await jsonLoader(await args("/my/export.json", mine.filed.complainant.id));
    expect(json.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(json.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await json.text();
    expect(JSON.parse(body).cases).toHaveLength(2);
    expect(body).not.toContain(mine.marks.internal);
    // The JSON file keeps its English names and its codes, whatever the page's language.
    expect(body).toContain(`"from": "the company's staff"`);
    expect(body).toContain(`"type": "case_filed"`);

    const html = await htmlLoader(await args("/my/export.html", mine.filed.complainant.id));
    expect(html.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("Content-Disposition")).toMatch(/filename="my-data-\d{4}-\d{2}-\d{2}\.html"/);
    expect(html.headers.get("Cache-Control")).toBe("private, no-store");
    const page = await html.text();
    expect(page).toContain(mine.marks.description);
    expect(page).toContain(mine.marks.parties);
    expect(page).toMatch(/href="\/attachments\/[0-9a-f-]{36}"/);
    expect(page).not.toContain(mine.marks.internal);
    expect(page).not.toContain(mine.marks.staff);
    expect(page).not.toContain(theirs.marks.description);
    expect(page).not.toContain("<script");
    expect(page).toContain('<html lang="en">');

    // The frame in the complainant's language (ADR 033); what they wrote as they wrote it.
    const german = await htmlLoader(await args("/my/export.html", mine.filed.complainant.id, "de-DE,de;q=0.9"));
    const seite = await german.text();
    expect(seite).toContain('<html lang="de">');
    expect(seite).toContain("<h1>Ihre Daten</h1>");
    expect(seite).toContain(mine.marks.description);
    // The names and steps in it too, not only its headings: what it is, each step, who wrote, which mail.
    expect(seite).toContain("Alles, was wir im Zusammenhang mit Ihren Beschwerden über Sie gespeichert haben");
    expect(seite).toContain("Sie haben Ihre Beschwerde eingereicht. Sie begann beim Schritt: Kundenunternehmen.");
    expect(seite).toContain("<strong>Von den Mitarbeitenden des Unternehmens</strong>");
    expect(seite).toMatch(/<td[^>]*>Beschwerde erhalten<\/td>/);
    expect(seite).toMatch(/<dt>Bei<\/dt><dd>Kundenunternehmen<\/dd>/);
    for (const english of ["Everything we hold", "case filed", "acknowledgement", "From you", "company&#x27;s staff", "(web)", "Waiting for", "In progress", "Other mail"]) {
      expect(seite).not.toContain(english);
    }

    const refused = await jsonLoader(await args("/my/export.json", officer.id)).then(
      () => null,
      (e: unknown) => e as Response,
    );
    expect(refused?.status).toBeGreaterThanOrEqual(300);
  });
});

describe("the erasure request", () => {
  it("opens a case of its own about the operator, at the company stage, once per form", async () => {
    const key = crypto.randomUUID();
    const filed = await requestErasure(mine.filed.complainant.actor, key, NOW);
    expect(filed.ok).toBe(true);
    const again = await requestErasure(mine.filed.complainant.actor, key, NOW);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    // Someone else posting that form's key learns nothing of the case it made (review, 30 Nov).
    const stranger = await fileCase({}, NOW);
    const copied = await requestErasure(stranger.complainant.actor, key, NOW);
    expect(copied).toEqual({ ok: false, code: "not_filed", reason: "This form was already used. Reload the page and send the request again." });
    if (!filed.ok) return;
    const row = await db().selectFrom("cases").select(["client_id", "stage", "status", "category", "complainant_id", "description", "erasure_request"]).where("reference", "=", filed.reference).executeTakeFirstOrThrow();
    expect(row).toEqual({ client_id: null, stage: "company", status: "awaiting_acknowledgement", category: "request_removal", complainant_id: mine.filed.complainant.id, description: ERASURE_DESCRIPTION, erasure_request: true });
  });

  const erasureRequestsOf = async (userId: string) =>
    (await db().selectFrom("cases").select("reference").where("complainant_id", "=", userId).where("erasure_request", "=", true).execute()).map((r) => r.reference);

  it("is refused while one is open, naming it, however it is sent", async () => {
    const [open] = await erasureRequestsOf(mine.filed.complainant.id);
    expect(open).toBeDefined();
    expect(await requestErasure(mine.filed.complainant.actor, crypto.randomUUID(), NOW)).toMatchObject({ ok: false, code: "already_open", reference: open });
    // The page's form, posted again (the audit's second submit): refused with the reference, nothing filed.
    const answer = await exportAction(await signedIn("/my/export", mine.filed.complainant.id, "en", { intent: "erase", confirm: "yes", submissionKey: crypto.randomUUID() }));
    expect(answer).not.toBeInstanceOf(Response);
    const refused = answer as unknown as { data: { error: string }; init: { status: number } };
    expect(refused.init.status).toBe(409);
    expect(refused.data.error).toContain(open);
    // Two at once (different forms): one request between them.
    const both = await Promise.all([requestErasure(mySecond.filed.complainant.actor, crypto.randomUUID(), NOW), requestErasure(theirs.filed.complainant.actor, crypto.randomUUID(), NOW), requestErasure(theirs.filed.complainant.actor, crypto.randomUUID(), NOW)]);
    expect(both[0]).toMatchObject({ ok: false, code: "already_open" });
    expect(both.slice(1).filter((o) => o.ok)).toHaveLength(1);
    expect(await erasureRequestsOf(mine.filed.complainant.id)).toEqual([open]);
    expect(await erasureRequestsOf(theirs.filed.complainant.id)).toHaveLength(1);
  });

  it("the page names the open request to its owner only, whatever the address says, and confirms a new one once through a cookie", async () => {
    const [open] = await erasureRequestsOf(mine.filed.complainant.id);
    const own = await exportLoader(await signedIn(`/my/export?requested=${open}`, mine.filed.complainant.id));
    expect(own).toMatchObject({ openRequest: open });
    // Someone else, given the owner's reference in the address: nothing about it.
    const fresh = await fileCase({ clientId, description: "Someone with no request" }, NOW);
    const stranger = await exportLoader(await signedIn(`/my/export?requested=${open}`, fresh.complainant.id));
    expect(stranger).toMatchObject({ openRequest: null });
    expect(JSON.stringify(stranger)).not.toContain(open!);

    // A new request: back to the page itself (nothing in the address), the reference in a one-time notice.
    const sent = await exportAction(await signedIn("/my/export", fresh.complainant.id, "en", { intent: "erase", confirm: "yes", submissionKey: crypto.randomUUID() }));
    expect(sent).toBeInstanceOf(Response);
    const redirect = sent as Response;
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get("Location")).toBe("/my/export");
    const [filed] = await erasureRequestsOf(fresh.complainant.id);
    expect(redirect.headers.get("Set-Cookie")).toContain("recourse_flash=");
    expect(decodeURIComponent(redirect.headers.get("Set-Cookie")!)).not.toContain("requested");
    expect(await exportLoader(await signedIn("/my/export", fresh.complainant.id))).toMatchObject({ openRequest: filed });
  });
});

describe("a complaint held for the complainant's address", () => {
  it("is in their export, JSON and page, with what was written, when, and that it waits for confirmation; not in anyone else's", async () => {
    const input = complaintInput({ email: mine.filed.complainant.email.toUpperCase(), name: "Held Writer", description: "HELDFILING-one about my address", desiredOutcome: "HELDOUTCOME-one", clientId });
    const accepted = await acceptPublicFiling(input, null, NOW, [{ fileName: "held-evidence.txt", bytes: new TextEncoder().encode("HELDFILE-one") }]);
    if (!accepted.ok) throw new Error(JSON.stringify(accepted));
    const filing = await db().selectFrom("public_filings").select("id").where("reference", "=", accepted.reference).executeTakeFirstOrThrow();
    expect(await processPublicFiling(filing.id, NOW)).toBe("held");

    const data = await collectMyData(mine.filed.complainant.actor, NOW, true);
    expect(data.heldFilings).toEqual([
      expect.objectContaining({
        reference: accepted.reference,
        receivedAt: NOW.toISOString(),
        state: "awaiting_confirmation",
        name: "Held Writer",
        description: "HELDFILING-one about my address",
        desiredOutcome: "HELDOUTCOME-one",
        organization: expect.stringMatching(/^Export /),
        files: [{ name: "held-evidence.txt", size: 12, base64: b64("HELDFILE-one") }],
      }),
    ]);
    // Not a case of theirs (it is not one until it is confirmed).
    expect(data.cases.map((c) => c.reference)).not.toContain(accepted.reference);
    const html = await htmlLoader(await signedIn("/my/export.html", mine.filed.complainant.id));
    const page = await html.text();
    expect(page).toContain("HELDFILING-one about my address");
    expect(page).toContain(accepted.reference);
    expect(page).toContain("Waiting for you to confirm it");
    const json = await (await jsonLoader(await signedIn("/my/export.json", mine.filed.complainant.id))).text();
    expect(json).toContain("HELDFILING-one");

    const other = JSON.stringify(await collectMyData(theirs.filed.complainant.actor, NOW, true));
    expect(other).not.toContain("HELDFILING-one");
    expect(other).not.toContain(accepted.reference);
    // Once its link has expired, it is still held until housekeeping deletes it, and says so.
    const later = await collectMyData(mine.filed.complainant.actor, new Date(NOW.getTime() + 15 * 86_400_000), false);
    expect(later.heldFilings[0]).toMatchObject({ state: "expired", files: [{ name: "held-evidence.txt", size: 12 }] });
    expect(later.heldFilings[0]!.files[0]).not.toHaveProperty("base64");
  });
});


describe("the deadlines of each case", () => {
  it("are in the export as the complainant's case page shows them: kind, step, due, state and how it was worked out, in their language", async () => {
    const filed = await fileCase({ clientId, description: "DEADLINES-case" }, NOW);
    const acknowledged = await performCaseCommand({ actor: liaison.actor, reference: filed.reference, expectedVersion: 1, command: { type: "acknowledge" }, now: NOW });
    expect(acknowledged).toMatchObject({ ok: true });
    const page = complainantCasePage((await loadCaseView(filed.complainant.actor, filed.reference, NOW))!, "en");
    expect(page.deadlines.length).toBeGreaterThanOrEqual(2);

    const data = await collectMyData(filed.complainant.actor, NOW, false);
    const [exported] = data.cases;
    expect(exported!.deadlines).toHaveLength(page.deadlines.length);
    for (const [i, d] of page.deadlines.entries()) {
      expect(exported!.deadlines[i]).toMatchObject({ dueAt: new Date(d.dueAt).toISOString(), state: d.state, stage: "Client company" });
    }
    const ack = exported!.deadlines.find((d) => d.kind === "Acknowledgement")!;
    expect(ack).toMatchObject({ state: "met", stateText: "met", metAt: NOW.toISOString() });
    expect(ack.explanation).toMatch(/^Due .+ \(end of day, .+\): /);
    const answer = exported!.deadlines.find((d) => d.kind === "Answer")!;
    expect(answer).toMatchObject({ state: "pending", stateText: expect.stringMatching(/^due in \d+ days$/), metAt: null });

    // The readable page words them in the complainant's language.
    const seite = await (await htmlLoader(await signedIn("/my/export.html", filed.complainant.id, "de-DE,de;q=0.9"))).text();
    expect(seite).toContain("<h4>Fristen (2)</h4>");
    expect(seite).toMatch(/<td[^>]*>Eingangsbestätigung<\/td>/);
    expect(seite).toMatch(/<td[^>]*>eingehalten am/);
    expect(seite).toMatch(/<td[^>]*>Fällig am [^<]+\(Ende des Tages, /);
    expect(seite).toMatch(/<td[^>]*>fällig in \d+ Tagen<\/td>/);
    // Each cell names its column, for the narrow-screen layout (in the reader's language).
    expect(seite).toMatch(/<td data-label="Fällig">/);
  });
});

describe("mail to the complainant's address about no case", () => {
  it("is in the export with its kind, subject and delivery, never a sign-in link's token; not in anyone else's", async () => {
    await requestSignInLink(mine.filed.complainant.email, NOW);
    const row = await db().selectFrom("mail_deliveries").select(["data"]).where("recipient", "=", mine.filed.complainant.email).where("template", "=", "sign_in_link").executeTakeFirstOrThrow();
    const link = String(row.data.link);
    const token = new URL(link).searchParams.get("token") ?? link.split("/").at(-1)!;
    expect(token.length).toBeGreaterThan(10);

    const data = await collectMyData(mine.filed.complainant.actor, NOW, true);
    expect(data.mailsAboutNoCase).toContainEqual({ at: expect.any(String), template: "sign_in_link", subject: expect.stringMatching(/your sign-in link/i), status: "queued", sentAt: null });
    const json = await (await jsonLoader(await signedIn("/my/export.json", mine.filed.complainant.id))).text();
    const page = await (await htmlLoader(await signedIn("/my/export.html", mine.filed.complainant.id))).text();
    for (const text of [JSON.stringify(data), json, page]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(link);
    }
    expect(page).toMatch(/<td[^>]*>Sign-in link<\/td>/);
    expect(JSON.stringify(await collectMyData(theirs.filed.complainant.actor, NOW, true))).not.toContain("sign_in_link");
  });
});

/** An e-mail as the inbound pipeline keeps it; with `intake`, also its intake queue item. */
async function inboundMail(from: string, subject: string, text: string, options: { messageRef?: string; note?: string; intake?: { reason: string; discardReason?: string } } = {}) {
  const mail = await db()
    .insertInto("inbound_mails")
    .values({
      dedup_key: `test:${crypto.randomUUID()}`,
      received_at: NOW,
      via: "webhook",
      envelope_to: [],
      from_address: from,
      from_name: "Sender",
      subject,
      raw: Buffer.from(`From: <${from}>\r\nSubject: ${subject}\r\n\r\n${text}`),
      raw_size: text.length,
      kind: "message",
      outcome: options.messageRef ? "posted" : options.intake ? "intake" : "recorded",
      message_ref: options.messageRef ?? null,
      full_text: text,
      new_text: text,
      note: options.note ?? null,
      attachments: JSON.stringify([{ name: "scan.pdf", outcome: "kept" }]),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!options.intake) return { mailId: mail.id, itemId: null };
  const item = await db()
    .insertInto("intake_items")
    .values({
      inbound_mail_id: mail.id,
      received_at: NOW,
      from_address: from,
      subject,
      body: text,
      reason: options.intake.reason,
      ...(options.intake.discardReason ? { status: "discarded" as const, discard_reason: options.intake.discardReason, decided_at: NOW } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { mailId: mail.id, itemId: item.id };
}

describe("e-mails the complainant sent", () => {
  it("are in the export when they did not become one of their messages: when, subject, text; never our notes on them, nor anyone else's mail", async () => {
    const address = mine.filed.complainant.email;
    await inboundMail(address.toUpperCase(), "MAILSUBJECT-one", "MAILTEXT-one about my data", { note: "INBOUNDNOTE-one", intake: { reason: "INTAKEREASON-one", discardReason: "DISCARDREASON-one" } });
    const posted = await db().selectFrom("messages").select("id").where("case_id", "=", mine.filed.id).where("body", "=", mine.marks.parties).executeTakeFirstOrThrow();
    await inboundMail(address, "POSTEDSUBJECT-one", "POSTEDTEXT-one", { messageRef: posted.id });
    await inboundMail(testEmail("someone"), "OTHERSUBJECT-one", "OTHERTEXT-one");

    const data = await collectMyData(mine.filed.complainant.actor, NOW, true);
    expect(data.mailsFromYou).toEqual([{ receivedAt: NOW.toISOString(), subject: "MAILSUBJECT-one", text: "MAILTEXT-one about my data", files: ["scan.pdf"] }]);
    const text = JSON.stringify(data);
    for (const forbidden of ["INBOUNDNOTE-one", "INTAKEREASON-one", "DISCARDREASON-one", "POSTEDTEXT-one", "OTHERTEXT-one", "OTHERSUBJECT-one"]) expect(text).not.toContain(forbidden);
    const page = await (await htmlLoader(await signedIn("/my/export.html", mine.filed.complainant.id))).text();
    expect(page).toContain("MAILTEXT-one about my data");
    expect(page).not.toContain("DISCARDREASON-one");
    expect(JSON.stringify(await collectMyData(theirs.filed.complainant.actor, NOW, true))).not.toContain("MAILTEXT-one");
  });
});

describe("a case opened from someone else's e-mail", () => {
  it("does not name the sender in the complainant's export", async () => {
    const lawyer = testEmail("lawyer");
    const { itemId } = await inboundMail(lawyer, "On behalf of my client", "LAWYERTEXT: my client wants their data erased.", { intake: { reason: "No case matched." } });
    const client = testEmail("lawyers-client");
    const opened = await openCaseFromIntake(officer.actor, itemId!, { clientId: null, category: "request_removal", description: "FROMINTAKE-case", desiredOutcome: "Deletion.", country: "DE", name: "Client Of Lawyer", email: client, earlierContact: null }, NOW);
    expect(opened).toMatchObject({ ok: true });
    const user = await db().selectFrom("users").select("id").where("email", "=", client).executeTakeFirstOrThrow();
    const data = await collectMyData({ role: "complainant", userId: user.id }, NOW, true);
    const opening = data.cases[0]!.events.find((e) => e.type === "opened_from_intake");
    expect(opening?.details).toEqual({ receivedAt: NOW.toISOString() });
    const text = JSON.stringify(data);
    expect(text).not.toContain(lawyer);
    expect(text).not.toContain("LAWYERTEXT");
  });
});
