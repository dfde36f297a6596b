import type { Actor } from "../../app/domain";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { performCaseCommand } from "../../app/models/case-commands.server";
import { loadCaseView } from "../../app/models/case-view.server";
import { collectMyData } from "../../app/models/export.server";
import { maskedStaffCaseView } from "../../app/models/identity-reveals.server";
import { listDeliveryProblems } from "../../app/models/mail-deliveries.server";
import { INBOUND_LOG_PAGE, listInboundMail, parseInboundCursor } from "../../app/models/inbound-mail.server";
import { loader as inboundLoader } from "../../app/routes/mail.inbound";
import { sessionCookieFor } from "../../app/auth/guards.server";
import { replyTokenFor, newReplyToken } from "../../app/mail/reply-tokens.server";
import { receiveInboundMail } from "../../app/mail/inbound/receive.server";
import { startInboundSmtp } from "../../app/mail/inbound/smtp-listener.server";
import { sql } from "kysely";
import { createTransport } from "nodemailer";
import { attachIntakeToCase, discardIntake, intakeItem, listIntake, openCaseFromIntake } from "../../app/models/intake.server";
import { createClient, createLiaison, createOfficer, discardTestMail, fileCase, mailAbout, plusDays, testEmail, type FiledCase, type TestUser } from "../support/factories";

// The intake queue shows its rows to the officer only (row-level security): one officer reads it.
let reader: Promise<Extract<Actor, { role: "officer" }>> | undefined;
const intakeReader = () => (reader ??= createOfficer().then((o) => o.actor));
import { mailFixture, type FixtureName, type FixtureVars } from "../support/mail-fixtures";

const T0 = new Date("2026-03-03T10:00:00.000Z");
const DOMAIN = "replies.recourse.test";

beforeAll(() => {
  process.env.MAIL_REPLY_DOMAIN = DOMAIN;
});
afterAll(discardTestMail);

async function world() {
  const client = await createClient("Inbound");
  const liaison = await createLiaison(client.id);
  const officer = await createOfficer();
  const filed = await fileCase({ clientId: client.id }, T0);
  return { client, liaison, officer, filed, complainant: filed.complainant };
}

/** A fixture with a fresh Message-ID, so each test's mail is new to the pipeline. */
function fixture(name: FixtureName, vars: FixtureVars) {
  return mailFixture(name, { TOKEN: newReplyToken(), REF1: `${randomUUID()}@nowhere.example`, REF2: `${randomUUID()}@nowhere.example`, ...vars }, { messageId: `<${randomUUID()}@client.example>` });
}

const receive = (raw: Buffer, now = plusDays(T0, 2)) => receiveInboundMail(raw, { via: "webhook", now });

async function messagesOf(caseId: string) {
  return db().selectFrom("messages").selectAll().where("case_id", "=", caseId).orderBy("created_at").execute();
}

async function inbound(id: string) {
  return db().selectFrom("inbound_mails").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function version(caseId: string) {
  return (await db().selectFrom("cases").select("version").where("id", "=", caseId).executeTakeFirstOrThrow()).version;
}

/** The liaison acknowledges on day 1 and asks the complainant for more: the answer clock pauses. */
async function waitForComplainant(filed: FiledCase, liaison: TestUser) {
  const v = await version(filed.id);
  for (const [i, command] of ([{ type: "acknowledge" }, { type: "request_information", message: "Which address?" }] as const).entries()) {
    expect(await performCaseCommand({ actor: liaison.actor, reference: filed.reference, expectedVersion: v + i, command, now: plusDays(T0, 1) })).toMatchObject({ ok: true });
  }
}

describe("matching inbound mail to a case", () => {
  it("by reply token: posted as the complainant, channel email, for all parties, without the quoted history; others are told", async () => {
    const { filed, complainant, liaison } = await world();
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const result = await receive(fixture("gmail-reply", { TOKEN: token, FROM: "someone-else@example.org" }));
    expect(result).toMatchObject({ status: "stored", kind: "message", outcome: "posted", reference: filed.reference });
    const [message] = (await messagesOf(filed.id)).filter((m) => m.channel === "email");
    expect(message).toMatchObject({ author_id: complainant.id, author_role: "complainant", audience: "parties", channel: "email" });
    expect(message!.body).toBe("Hello,\n\nThe mailing came to my address in São Paulo on 3 November; I attach nothing else.\n\nAna");
    const row = await inbound(result.id);
    expect(row).toMatchObject({ matched_by: "token", case_id: filed.id, user_id: complainant.id, message_ref: message!.id });
    expect(Buffer.from(row.raw).toString("latin1")).toContain("Content-Transfer-Encoding: quoted-printable");
    const told = (await mailAbout(filed.reference)).filter((m) => m.template === "new_reply").map((m) => m.to);
    expect(told).toContain(liaison.email);
    expect(told).not.toContain(complainant.email);
  });

  it("resumes a paused clock like a web reply", async () => {
    const { filed, complainant, liaison } = await world();
    await waitForComplainant(filed, liaison);
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    expect(await receive(fixture("outlook-reply", { TOKEN: token, FROM: complainant.email }), plusDays(T0, 3))).toMatchObject({ outcome: "posted" });
    const c = await db().selectFrom("cases").select("status").where("id", "=", filed.id).executeTakeFirstOrThrow();
    expect(c.status).toBe("in_progress");
    const events = await db().selectFrom("case_events").select("type").where("case_id", "=", filed.id).execute();
    expect(events.map((e) => e.type)).toContain("clock_resumed");
    const paused = await db().selectFrom("case_deadlines").select("paused_at").where("case_id", "=", filed.id).execute();
    expect(paused.every((d) => d.paused_at === null)).toBe(true);
  });

  it("stores the same Message-ID once however often it is delivered", async () => {
    const { filed, complainant } = await world();
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const raw = fixture("gmail-reply", { TOKEN: token, FROM: complainant.email });
    const first = await receive(raw);
    const again = await Promise.all([receive(raw), receive(raw)]);
    expect(first.status).toBe("stored");
    expect(again).toEqual([{ status: "duplicate", id: first.id }, { status: "duplicate", id: first.id }]);
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toHaveLength(1);
  });

  it("a party's address replying in the case's thread, not to a reply address, goes to intake with the case suggested (ADR 060)", async () => {
    const { filed, complainant } = await world();
    const sent = await db().selectFrom("mail_deliveries").select("message_id").where("case_id", "=", filed.id).where("recipient", "=", complainant.email).executeTakeFirstOrThrow();
    const result = await receive(fixture("outlook-reply", { REF2: sent.message_id.slice(1, -1), FROM: complainant.email }));
    expect(result).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect(await inbound(result.id)).toMatchObject({ matched_by: null, user_id: null, case_id: filed.id });
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === complainant.email)!;
    expect(item.reason).toContain(`Replies in the thread of case ${filed.reference}`);
    expect(item.reason).toContain("not sent to a reply address");
    expect(await intakeItem(await intakeReader(), item.id)).toMatchObject({ suggestedReference: filed.reference });
  });

  it("a forged From with a case reference in the subject posts nothing: the complainant's clock stays paused, nobody is told, the officer sees it in intake (ADR 060)", async () => {
    const { filed, complainant, liaison } = await world();
    await waitForComplainant(filed, liaison);
    const mailBefore = (await mailAbout(filed.reference)).length;
    // Anyone can write these headers: the complainant's address, and the next reference in the subject.
    const forged = await receive(fixture("apple-mail-reply", { SUBJECTREF: filed.reference, FROM: complainant.email.toUpperCase() }), plusDays(T0, 3));
    expect(forged).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
    expect((await db().selectFrom("cases").select("status").where("id", "=", filed.id).executeTakeFirstOrThrow()).status).toBe("awaiting_complainant");
    expect((await mailAbout(filed.reference)).length).toBe(mailBefore);
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === complainant.email)!;
    expect(item.reason).toContain(`Names case ${filed.reference} in its subject`);
    expect(await intakeItem(await intakeReader(), item.id)).toMatchObject({ suggestedReference: filed.reference });
  });

  it("an officer's or a liaison's address in From posts on no case without their reply address (ADR 060)", async () => {
    const { filed, liaison, officer } = await world();
    for (const from of [officer.email, liaison.email]) {
      const result = await receive(fixture("apple-mail-reply", { SUBJECTREF: filed.reference, FROM: from }));
      expect(result).toMatchObject({ outcome: "intake", reference: filed.reference });
    }
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
  });

  it("mail from a complainant's address that names no case suggests their case, and is not posted (ADR 060)", async () => {
    const { filed, complainant } = await world();
    const result = await receive(fixture("gmail-reply", { FROM: complainant.email, SUBJECTREF: "no reference" }));
    expect(result).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
  });

  it("a liaison chooses by address: the reply address is for staff only, the second one (named in their mail) for all parties", async () => {
    const { filed, liaison, complainant } = await world();
    const staffOnly = await replyTokenFor(db(), filed.id, liaison.id);
    const everyone = await replyTokenFor(db(), filed.id, liaison.id, true);
    expect(everyone).not.toBe(staffOnly);
    const send = (to: string) =>
      receive(
        Buffer.from(
          [`From: <${liaison.email}>`, `To: ${to}`, "Subject: Re: Privacy Inquiry", `Message-ID: <${randomUUID()}@liaison.example>`, "Content-Type: text/plain; charset=utf-8", "", `Reply sent to ${to}`, ""].join("\r\n"),
        ),
      );
    expect(await send(`<case+${staffOnly}@${DOMAIN}>`)).toMatchObject({ outcome: "posted" });
    expect(await send(`<case+${everyone}@${DOMAIN}>`)).toMatchObject({ outcome: "posted" });
    expect(await send(`<case+${staffOnly}@${DOMAIN}>, <case+${everyone}@${DOMAIN}>`)).toMatchObject({ outcome: "posted" });
    // Each message by what it was sent to (three mails in one millisecond may share created_at).
    const posted = (await messagesOf(filed.id)).filter((m) => m.channel === "email").map((m) => [m.author_id, m.body.trim(), m.audience]);
    expect(posted.sort()).toEqual(
      [
        [liaison.id, `Reply sent to <case+${staffOnly}@${DOMAIN}>`, "staff"],
        [liaison.id, `Reply sent to <case+${everyone}@${DOMAIN}>`, "parties"],
        [liaison.id, `Reply sent to <case+${staffOnly}@${DOMAIN}>, <case+${everyone}@${DOMAIN}>`, "parties"],
      ].sort(),
    );
    // The complainant is told of the two replies meant for them, not of the staff note.
    const told = (await mailAbout(filed.reference)).filter((m) => m.template === "new_reply" && m.to === complainant.email);
    expect(told).toHaveLength(2);
  });

  it("a reply address of a deactivated officer or liaison, or of a liaison of a deactivated client, posts nothing: the mail goes to intake", async () => {
    const { filed, client, liaison, officer } = await world();
    const other = await createLiaison(client.id);
    const mailTo = (from: string, token: string) => mailWithFiles(from, `case+${token}@${DOMAIN}`, [["letter.pdf", "application/pdf", new Uint8Array(readFileSync(new URL("../fixtures/files/evidence.pdf", import.meta.url)))]]);
    const liaisonToken = await replyTokenFor(db(), filed.id, liaison.id, true);
    const officerToken = await replyTokenFor(db(), filed.id, officer.id);
    await db().updateTable("users").set({ active: false, deactivated_at: T0 }).where("id", "in", [liaison.id, officer.id]).execute();
    expect(await receive(mailTo(liaison.email, liaisonToken))).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect(await receive(mailTo(officer.email, officerToken))).toMatchObject({ outcome: "intake", reference: filed.reference });
    // An active liaison of a client that was deactivated.
    const otherToken = await replyTokenFor(db(), filed.id, other.id);
    await db().updateTable("clients").set({ active: false, deactivated_at: T0 }).where("id", "=", client.id).execute();
    const third = await receive(mailTo(other.email, otherToken));
    expect(third).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect(await messagesOf(filed.id)).toEqual([]);
    expect(await db().selectFrom("attachments").select("id").where("case_id", "=", filed.id).execute()).toEqual([]);
    expect((await inbound(third.id)).note).toContain("deactivated");
  });

  it("staff mail names both reply addresses; the complainant's names one", async () => {
    const secret = process.env.INBOUND_MAIL_SECRET;
    process.env.INBOUND_MAIL_SECRET = "inbound-test-secret"; // inbound mail on: mail carries reply addresses
    const { filed, liaison, complainant } = await world().finally(() => {
      if (secret === undefined) delete process.env.INBOUND_MAIL_SECRET;
      else process.env.INBOUND_MAIL_SECRET = secret;
    });
    const mails = await db().selectFrom("mail_deliveries").select(["recipient", "reply_to", "data"]).where("case_id", "=", filed.id).execute();
    const toLiaison = mails.find((m) => m.recipient === liaison.email)!;
    const everyone = await replyTokenFor(db(), filed.id, liaison.id, true);
    expect(toLiaison.reply_to).toBe(`case+${await replyTokenFor(db(), filed.id, liaison.id)}@${DOMAIN}`);
    expect(toLiaison.data.replyByMail).toEqual({ everyone: `case+${everyone}@${DOMAIN}` });
    const toComplainant = mails.find((m) => m.recipient === complainant.email)!;
    expect(toComplainant.data.replyByMail).toBe(true);
  });

  it("mail about an ended case, the case-closed mail first, has no Reply-To and promises no reply by mail (ADR 066)", async () => {
    const secret = process.env.INBOUND_MAIL_SECRET;
    process.env.INBOUND_MAIL_SECRET = "inbound-test-secret";
    try {
      const { filed, officer, complainant, liaison } = await world();
      const opened = await db().selectFrom("mail_deliveries").select("reply_to").where("case_id", "=", filed.id).where("recipient", "=", complainant.email).executeTakeFirstOrThrow();
      expect(opened.reply_to).toMatch(/^case\+/); // replies by mail are on
      const close = { type: "close" as const, kind: "duplicate" as const, reason: "Same as another case." };
      expect(await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: await version(filed.id), command: close, now: plusDays(T0, 2) })).toMatchObject({ ok: true });
      const closing = await db().selectFrom("mail_deliveries").select(["recipient", "reply_to", "data"]).where("case_id", "=", filed.id).where("template", "=", "case_closed").execute();
      expect(closing.map((m) => m.recipient).sort()).toEqual([complainant.email, liaison.email].sort());
      for (const m of closing) {
        expect(m.reply_to, m.recipient).toBeNull();
        expect(m.data.replyByMail, m.recipient).toBe(false);
      }
      // Any later mail about the ended case, too.
      const { enqueueMail } = await import("../../app/jobs/enqueue.server");
      await db().transaction().execute((trx) =>
        enqueueMail(trx, { template: "new_reply", to: complainant.email, data: { reference: filed.reference, caseUrl: "https://recourse.example.test/my/cases/x", recipientName: "Ana", authorRole: "officer", replyByMail: true } }),
      );
      const later = await db().selectFrom("mail_deliveries").select(["reply_to", "data"]).where("case_id", "=", filed.id).where("template", "=", "new_reply").executeTakeFirstOrThrow();
      expect(later.reply_to).toBeNull();
      expect(later.data.replyByMail).toBe(false);
    } finally {
      if (secret === undefined) delete process.env.INBOUND_MAIL_SECRET;
      else process.env.INBOUND_MAIL_SECRET = secret;
    }
  });

  it("a stranger naming a case, or replying in its thread, goes to intake and never onto the case", async () => {
    const { filed } = await world();
    const stranger = testEmail("stranger");
    const bySubject = await receive(fixture("gmail-reply", { SUBJECTREF: filed.reference, FROM: stranger }));
    const sent = await db().selectFrom("mail_deliveries").select("message_id").where("case_id", "=", filed.id).executeTakeFirstOrThrow();
    const byThread = await receive(fixture("outlook-reply", { REF2: sent.message_id.slice(1, -1), FROM: stranger }));
    for (const r of [bySubject, byThread]) expect(r).toMatchObject({ outcome: "intake" });
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
    const { open } = await listIntake(await intakeReader());
    const mine = open.filter((i) => i.fromAddress === stranger);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.reason).toContain(`not a party to that case`);
  });

  it("mail that matches nothing opens an intake item with the whole text", async () => {
    const stranger = testEmail("newcomer");
    const result = await receive(fixture("html-only", { FROM: stranger, SUBJECTREF: "nothing" }));
    expect(result).toMatchObject({ outcome: "intake", reference: null });
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === stranger)!;
    const detail = await intakeItem(await intakeReader(), item.id);
    expect(detail!.body).toContain("I still get the letters & the calls.");
    expect(detail!.body).not.toContain("evil.example");
  });

  it("a closed case does not take a complainant's mail: it goes to intake with the reason", async () => {
    const { filed, complainant, officer } = await world();
    const v = await version(filed.id);
    expect(await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: v, command: { type: "close", kind: "duplicate", reason: "Same as another." }, now: plusDays(T0, 1) })).toMatchObject({ ok: true });
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const result = await receive(fixture("gmail-reply", { TOKEN: token, FROM: complainant.email }));
    expect(result).toMatchObject({ outcome: "intake", reference: filed.reference });
    expect((await messagesOf(filed.id)).filter((m) => m.channel === "email")).toEqual([]);
  });
});

describe("machines' mail", () => {
  it("an automatic reply is recorded, never posted, and causes no mail", async () => {
    const { filed, complainant } = await world();
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const before = (await mailAbout(filed.reference)).length;
    const result = await receive(fixture("auto-reply", { TOKEN: token, FROM: complainant.email }));
    expect(result).toMatchObject({ kind: "auto_reply", outcome: "recorded" });
    expect(await messagesOf(filed.id)).toEqual([]);
    expect((await mailAbout(filed.reference)).length).toBe(before);
    expect((await listIntake(await intakeReader())).open.some((i) => i.fromAddress === complainant.email)).toBe(false);
  });

  it("a bounce marks the delivery undeliverable and tells the case's staff on the timeline", async () => {
    const { filed, complainant, liaison, officer } = await world();
    const sent = await db().selectFrom("mail_deliveries").select(["id", "message_id"]).where("case_id", "=", filed.id).where("recipient", "=", complainant.email).executeTakeFirstOrThrow();
    const result = await receive(fixture("bounce", { REF2: sent.message_id.slice(1, -1), BOUNCED: complainant.email }));
    expect(result).toMatchObject({ kind: "bounce", outcome: "bounce_recorded", reference: filed.reference });
    const delivery = await db().selectFrom("mail_deliveries").select(["bounced_at", "bounce_detail"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(delivery.bounced_at).not.toBeNull();
    expect(delivery.bounce_detail).toMatch(/User unknown/);
    const events = await db().selectFrom("case_events").select(["type", "payload"]).where("case_id", "=", filed.id).where("type", "=", "mail_undeliverable").execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ recipient: complainant.email });
    expect(await messagesOf(filed.id)).toEqual([]);
    // The case page tells staff whose mail bounced and why; the complainant's page does not.
    const staffView = await loadCaseView(liaison.actor, filed.reference, plusDays(T0, 3));
    const line = staffView!.timeline.find((e) => e.kind === "event" && e.type === "mail_undeliverable");
    expect(line && line.kind === "event" ? line.payload : null).toMatchObject({ recipient: complainant.email, detail: expect.stringMatching(/User unknown/) });
    const officerView = await loadCaseView(officer.actor, filed.reference, plusDays(T0, 3));
    const mailed = officerView!.timeline.flatMap((e) => (e.kind === "mail" ? e.deliveries : [])).find((d) => d.recipient === complainant.email && d.bouncedAt);
    expect(mailed?.bounceDetail).toMatch(/User unknown/);
    const complainantView = await loadCaseView(complainant.actor, filed.reference, plusDays(T0, 3));
    expect(complainantView!.timeline.some((e) => e.kind === "event" && e.type === "mail_undeliverable")).toBe(false);
    // /mail/deliveries lists it under "Bounced" with the time it came back.
    const { bounced } = await listDeliveryProblems(officer.actor);
    expect(bounced.find((b) => b.id === sent.id)).toMatchObject({ reference: filed.reference, recipient: complainant.email, bouncedAt: plusDays(T0, 2) });
  });

  it("mail from our own address is a loop: recorded only", async () => {
    const { filed } = await world();
    const result = await receive(fixture("gmail-reply", { SUBJECTREF: filed.reference, FROM: "PrivacyInquiry@customerportfolios.com" }));
    expect(result).toMatchObject({ kind: "loop", outcome: "recorded" });
  });
});

describe("the intake queue", () => {
  async function intakeFrom(sender: string) {
    await receive(fixture("gmail-reply", { FROM: sender, SUBJECTREF: "none" }), new Date("2026-03-02T08:00:00.000Z"));
    return (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === sender)!;
  }

  it("opens a case whose clocks start when the mail arrived, once", async () => {
    const officer = await createOfficer();
    const sender = testEmail("intake-open");
    const item = await intakeFrom(sender);
    const input = { clientId: null, category: "request_removal" as const, description: "From the e-mail.", desiredOutcome: "Deletion.", country: "DE", name: "Ana Lima", email: sender, earlierContact: null };
    const opened = await openCaseFromIntake(officer.actor, item.id, input, new Date("2026-03-05T09:00:00.000Z"));
    expect(opened).toMatchObject({ ok: true });
    const reference = (opened as { reference: string }).reference;
    // Opened in the app now; received (and counted from) when the mail arrived.
    const c = await db().selectFrom("cases").select(["id", "received_at", "received_via"]).where("reference", "=", reference).executeTakeFirstOrThrow();
    expect(c.received_at?.toISOString()).toBe("2026-03-02T08:00:00.000Z");
    expect(c.received_via).toBe("email");
    const ack = await db().selectFrom("case_deadlines").select("starts_at").where("case_id", "=", c.id).where("kind", "=", "acknowledgement").executeTakeFirstOrThrow();
    expect(ack.starts_at.toISOString()).toBe("2026-03-02T08:00:00.000Z");
    const detail = await intakeItem(await intakeReader(), item.id);
    expect(detail).toMatchObject({ status: "case_opened", reference, decidedBy: officer.name });
    expect(await openCaseFromIntake(officer.actor, item.id, input, new Date())).toMatchObject({ ok: false });
    expect(await db().selectFrom("cases").select("id").where("submission_key", "=", item.id).execute()).toHaveLength(1);
  });

  it("attaches the mail to an existing case as a message the officer files, audited on the case", async () => {
    const { filed, officer } = await world();
    const item = await intakeFrom(testEmail("intake-attach"));
    expect(await attachIntakeToCase(officer.actor, item.id, "PS-1999-999999", "staff", new Date())).toMatchObject({ ok: false, field: "reference" });
    expect(await attachIntakeToCase(officer.actor, item.id, filed.reference.toLowerCase(), "staff", new Date())).toEqual({ ok: true, reference: filed.reference });
    const [message] = await messagesOf(filed.id);
    expect(message).toMatchObject({ author_id: officer.id, channel: "email", audience: "staff" });
    expect(message!.body).toContain(item.fromAddress);
    const events = await db().selectFrom("case_events").select(["type", "actor_id"]).where("case_id", "=", filed.id).where("type", "=", "intake_attached").execute();
    expect(events).toEqual([{ type: "intake_attached", actor_id: officer.id }]);
    expect(await discardIntake(officer.actor, item.id, "late", new Date())).toMatchObject({ ok: false });
  });

  it("the complainant's e-mail attached for all parties is their reply: the paused clock runs again from when it arrived, the others are told (ADR 066)", async () => {
    const { filed, complainant, liaison, officer } = await world();
    await waitForComplainant(filed, liaison);
    const dueBefore = await db().selectFrom("case_deadlines").select("due_at").where("case_id", "=", filed.id).where("kind", "=", "response").executeTakeFirstOrThrow();
    // A new message, not "Reply": no reply address, so it waits in intake.
    const arrived = plusDays(T0, 3);
    expect(await receive(fixture("gmail-reply", { FROM: complainant.email, SUBJECTREF: "my answer" }), arrived)).toMatchObject({ outcome: "intake", reference: filed.reference });
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === complainant.email)!;
    const told = (await mailAbout(filed.reference)).filter((m) => m.template === "new_reply").length;
    expect(await attachIntakeToCase(officer.actor, item.id, filed.reference, "parties", plusDays(T0, 9))).toMatchObject({ ok: true });
    expect((await db().selectFrom("cases").select("status").where("id", "=", filed.id).executeTakeFirstOrThrow()).status).toBe("in_progress");
    const response = await db().selectFrom("case_deadlines").select(["due_at", "paused_at"]).where("case_id", "=", filed.id).where("kind", "=", "response").executeTakeFirstOrThrow();
    expect(response.paused_at).toBeNull();
    // Paused from day 1 to day 3 (when it arrived), not to day 9 (when it was attached).
    const moved = response.due_at.getTime() - dueBefore.due_at.getTime();
    expect(moved).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(moved).toBeLessThan(4 * 86_400_000);
    const events = await db().selectFrom("case_events").select("type").where("case_id", "=", filed.id).execute();
    expect(events.map((e) => e.type)).toContain("clock_resumed");
    const replies = (await mailAbout(filed.reference)).filter((m) => m.template === "new_reply").slice(told).map((m) => m.to);
    expect(replies).toContain(liaison.email);
    expect(replies).not.toContain(complainant.email);
  });

  it("someone else's e-mail, or the complainant's attached for staff only, leaves the wait as it is", async () => {
    const { filed, complainant, liaison, officer } = await world();
    await waitForComplainant(filed, liaison);
    const lawyer = await intakeFrom(testEmail("intake-lawyer"));
    expect(await attachIntakeToCase(officer.actor, lawyer.id, filed.reference, "parties", plusDays(T0, 4))).toMatchObject({ ok: true });
    await receive(fixture("gmail-reply", { FROM: complainant.email, SUBJECTREF: "for staff" }), plusDays(T0, 3));
    const own = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === complainant.email)!;
    expect(await attachIntakeToCase(officer.actor, own.id, filed.reference, "staff", plusDays(T0, 4))).toMatchObject({ ok: true });
    expect((await db().selectFrom("cases").select("status").where("id", "=", filed.id).executeTakeFirstOrThrow()).status).toBe("awaiting_complainant");
  });

  it("discards only with a reason, and records who and why", async () => {
    const officer = await createOfficer();
    const item = await intakeFrom(testEmail("intake-discard"));
    expect(await discardIntake(officer.actor, item.id, "   ", new Date())).toMatchObject({ ok: false, field: "reason" });
    expect(await discardIntake(officer.actor, item.id, "Spam.", new Date())).toEqual({ ok: true, reference: null });
    expect(await intakeItem(await intakeReader(), item.id)).toMatchObject({ status: "discarded", discardReason: "Spam.", decidedBy: officer.name });
  });
});

/** A reply with files: each [name, content type, bytes]. */
function mailWithFiles(from: string, to: string, files: [string, string, Uint8Array][]) {
  const boundary = `b-${randomUUID()}`;
  const parts = files.map(([name, type, bytes]) =>
    [`--${boundary}`, `Content-Type: ${type}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`, "Content-Transfer-Encoding: base64", "", Buffer.from(bytes).toString("base64").replace(/.{76}/g, "$&\r\n"), ""].join("\r\n"),
  );
  return Buffer.from(
    [
      `From: <${from}>`,
      `To: <${to}>`,
      "Subject: Re: Privacy Inquiry",
      `Message-ID: <${randomUUID()}@files.example>`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Two files attached.",
      "",
      ...parts,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

describe("files of inbound mail", () => {
  const pdf = new Uint8Array(readFileSync(new URL("../fixtures/files/evidence.pdf", import.meta.url)));
  const exe = new Uint8Array(readFileSync(new URL("../fixtures/files/program.exe.pdf", import.meta.url)));

  it("a refused file is not dropped silently: the mail records it and the case tells staff why, the accepted one is saved", async () => {
    const { filed, complainant, liaison } = await world();
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const result = await receive(mailWithFiles(complainant.email, `case+${token}@${DOMAIN}`, [["letter.pdf", "application/pdf", pdf], ["invoice.pdf", "application/pdf", exe]]));
    expect(result).toMatchObject({ outcome: "posted" });
    const saved = await db().selectFrom("attachments").select("safe_name").where("case_id", "=", filed.id).execute();
    expect(saved.map((a) => a.safe_name)).toEqual(["letter.pdf"]);
    expect((await inbound(result.id)).attachments).toEqual([
      { name: "letter.pdf", size: pdf.byteLength, outcome: "saved" },
      { name: "invoice.pdf", size: exe.byteLength, outcome: "refused", reason: expect.stringMatching(/"invoice.pdf" is not a file type we accept/) },
    ]);
    const staffView = await loadCaseView(liaison.actor, filed.reference, plusDays(T0, 3));
    const line = staffView!.timeline.find((e) => e.kind === "event" && e.type === "attachments_refused");
    expect(line && line.kind === "event" ? line.payload.files : null).toEqual([{ name: "invoice.pdf", reason: expect.stringMatching(/not a file type we accept/) }]);
    const complainantView = await loadCaseView(complainant.actor, filed.reference, plusDays(T0, 3));
    expect(complainantView!.timeline.some((e) => e.kind === "event" && e.type === "attachments_refused")).toBe(false);
  });

  it("a case opened from an intake e-mail keeps its files under the same rules; a refused one is listed, not dropped (ADR 066)", async () => {
    const officer = await createOfficer();
    const sender = testEmail("intake-files");
    const result = await receive(mailWithFiles(sender, "privacyinquiry@customerportfolios.example", [["evidence.pdf", "application/pdf", pdf], ["invoice.pdf", "application/pdf", exe]]));
    expect(result).toMatchObject({ outcome: "intake" });
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === sender)!;
    const input = { clientId: null, category: "request_removal" as const, description: "From the e-mail.", desiredOutcome: "Deletion.", country: "DE", name: "Ana Lima", email: sender, earlierContact: null };
    const opened = await openCaseFromIntake(officer.actor, item.id, input, plusDays(T0, 3));
    expect(opened).toMatchObject({ ok: true });
    const c = await db().selectFrom("cases").select("id").where("reference", "=", (opened as { reference: string }).reference).executeTakeFirstOrThrow();
    const saved = await db().selectFrom("attachments").select(["safe_name", "message_id", "uploaded_by"]).where("case_id", "=", c.id).execute();
    expect(saved).toEqual([{ safe_name: "evidence.pdf", message_id: null, uploaded_by: officer.id }]);
    expect((await inbound(result.id)).attachments).toEqual([
      { name: "evidence.pdf", size: pdf.byteLength, outcome: "saved" },
      { name: "invoice.pdf", size: exe.byteLength, outcome: "refused", reason: expect.stringMatching(/"invoice.pdf" is not a file type we accept/) },
    ]);
    const refused = await db().selectFrom("case_events").select("payload").where("case_id", "=", c.id).where("type", "=", "attachments_refused").execute();
    expect(refused.map((e) => e.payload)).toEqual([{ messageId: null, audience: "parties", clientId: null, files: [{ name: "invoice.pdf", reason: expect.stringMatching(/not a file type we accept/) }] }]);
  });

  it("a file over the size limit is refused with its size; the intake item shows the files that will not be kept", async () => {
    const saved = process.env.ATTACHMENT_MAX_FILE_BYTES;
    process.env.ATTACHMENT_MAX_FILE_BYTES = String(pdf.byteLength - 1);
    try {
      const stranger = testEmail("files");
      const result = await receive(mailWithFiles(stranger, "privacyinquiry@customerportfolios.example", [["big.pdf", "application/pdf", pdf], ["run.pdf", "application/pdf", exe]]));
      expect(result).toMatchObject({ outcome: "intake" });
      expect((await inbound(result.id)).attachments.map((a) => [a.name, a.outcome])).toEqual([["big.pdf", "refused"], ["run.pdf", "refused"]]);
      const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === stranger)!;
      const detail = await intakeItem(await intakeReader(), item.id);
      expect(detail!.refusedAttachments.map((f) => f.name)).toEqual(["big.pdf", "run.pdf"]);
      expect(detail!.refusedAttachments[0]!.reason).toMatch(/"big.pdf" is .* a file may be at most/);
    } finally {
      if (saved === undefined) delete process.env.ATTACHMENT_MAX_FILE_BYTES;
      else process.env.ATTACHMENT_MAX_FILE_BYTES = saved;
    }
  });
});

describe("the officer's log of mail received", () => {
  it("lists every mail newest first with sender, match and outcome, a page at a time; staff who are not officers are refused", async () => {
    const { filed, complainant, liaison, officer } = await world();
    const base = new Date("2031-01-01T00:00:00.000Z");
    const at = (s: number) => new Date(base.getTime() + s * 1000);
    // Older mail first, so that the four below are the newest of all.
    await db()
      .insertInto("inbound_mails")
      .values(Array.from({ length: 55 }, (_, i) => ({ dedup_key: `log-${randomUUID()}`, received_at: at(-100 + i), via: "webhook" as const, raw: Buffer.from("x"), raw_size: 1, kind: "unreadable" as const, outcome: "recorded" as const })))
      .execute();
    const token = await replyTokenFor(db(), filed.id, complainant.id);
    const posted = await receive(mailWithFiles(complainant.email, `case+${token}@${DOMAIN}`, [["run.pdf", "application/pdf", new Uint8Array(readFileSync(new URL("../fixtures/files/program.exe.pdf", import.meta.url)))]]), at(1));
    const intake = await receive(fixture("gmail-reply", { FROM: testEmail("log-stranger"), SUBJECTREF: "none" }), at(2));
    const auto = await receive(fixture("auto-reply", { TOKEN: token, FROM: complainant.email }), at(3));
    const sent = await db().selectFrom("mail_deliveries").select("message_id").where("case_id", "=", filed.id).where("recipient", "=", complainant.email).executeTakeFirstOrThrow();
    const bounce = await receive(fixture("bounce", { REF2: sent.message_id.slice(1, -1), BOUNCED: complainant.email }), at(4));

    const first = await listInboundMail(officer.actor, null);
    expect(first.entries).toHaveLength(INBOUND_LOG_PAGE);
    expect(first.entries.slice(0, 4).map((e) => [e.id, e.outcome, e.reference])).toEqual([
      [bounce.id, "bounce_recorded", filed.reference],
      [auto.id, "recorded", filed.reference],
      [intake.id, "intake", null],
      [posted.id, "posted", filed.reference],
    ]);
    expect(first.entries[1]!.kind).toBe("auto_reply");
    expect(first.entries[2]!.intakeId).not.toBeNull();
    expect(first.entries[3]).toMatchObject({ matchedBy: "token", fromAddress: complainant.email, fileCount: 1, refusedFiles: [{ name: "run.pdf", reason: expect.stringMatching(/not a file type we accept/) }] });
    // The next page starts right after the last row shown: no row twice, none missed.
    const second = await listInboundMail(officer.actor, parseInboundCursor(first.older));
    expect(second.entries[0]!.receivedAt.getTime()).toBeLessThan(first.entries.at(-1)!.receivedAt.getTime() + 1);
    const ids = new Set([...first.entries, ...second.entries].map((e) => e.id));
    expect(ids.size).toBe(first.entries.length + second.entries.length);
    expect(second.entries.slice(0, 9).every((e) => e.receivedAt < base)).toBe(true);
    expect(parseInboundCursor("'; drop table inbound_mails; --")).toBeNull();

    const cookie = async (userId: string) => (await sessionCookieFor(userId)).split(";")[0]!;
    const get = async (userId: string, query = "") =>
      inboundLoader({ request: new Request(`http://localhost:3000/mail/inbound${query}`, { headers: { Cookie: await cookie(userId) } }), params: {}, context: {} });
    expect((await get(officer.id, "?before=nonsense")).badCursor).toBe(true);
    for (const userId of [liaison.id, complainant.id]) {
      const refused = await get(userId).then(() => null, (e: unknown) => e as Response);
      expect(refused?.status).toBe(403);
    }
  });
});

describe("hostile content", () => {
  it("NUL and other control bytes in the subject, sender name and body are stored without them", async () => {
    const raw = Buffer.concat([
      Buffer.from(`From: "Eve\u0000" <${testEmail("nul")}>\r\nSubject: Re: hello\u0000world\r\nMessage-ID: <${randomUUID()}@nul.example>\r\n\r\nbefore`, "latin1"),
      Buffer.from([0, 1, 27]),
      Buffer.from(" after\r\n"),
    ]);
    const result = await receive(raw);
    expect(result).toMatchObject({ status: "stored", outcome: "intake" });
    const row = await inbound(result.id);
    expect(row.subject).toBe("Re: helloworld");
    expect(row.full_text).toBe("before after\n");
    expect(Buffer.from(row.raw).includes(0)).toBe(true);
  });
});

describe("who sees the bookkeeping of a mail (ADR 060)", () => {
  const exe = () => new Uint8Array(readFileSync(new URL("../fixtures/files/program.exe.pdf", import.meta.url)));
  const eventTypes = async (actor: Actor, reference: string) =>
    (await loadCaseView(actor, reference, plusDays(T0, 3)))!.timeline.flatMap((e) => (e.kind === "event" ? [e.type] : []));

  it("an e-mail attached from intake as internal, with a refused file: the liaison sees neither that it exists nor the file's name", async () => {
    const { filed, liaison, officer } = await world();
    const stranger = testEmail("internal-intake");
    await receive(mailWithFiles(stranger, "privacyinquiry@customerportfolios.example", [["run.pdf", "application/pdf", exe()]]));
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === stranger)!;
    expect(await attachIntakeToCase(officer.actor, item.id, filed.reference, "internal", plusDays(T0, 2))).toMatchObject({ ok: true });
    expect(await eventTypes(officer.actor, filed.reference)).toEqual(expect.arrayContaining(["intake_attached", "attachments_refused"]));
    const seen = await eventTypes(liaison.actor, filed.reference);
    expect(seen).not.toContain("intake_attached");
    expect(seen).not.toContain("attachments_refused");
  });

  it("a staff note's refused files are seen by its client's liaisons, not by another client's after a reassignment", async () => {
    const { filed, liaison, officer } = await world();
    const token = await replyTokenFor(db(), filed.id, liaison.id);
    expect(await receive(mailWithFiles(liaison.email, `case+${token}@${DOMAIN}`, [["run.pdf", "application/pdf", exe()]]))).toMatchObject({ outcome: "posted" });
    expect(await eventTypes(liaison.actor, filed.reference)).toContain("attachments_refused");
    const otherClient = await createClient("Inbound other");
    const otherLiaison = await createLiaison(otherClient.id);
    const v = await version(filed.id);
    expect(
      await performCaseCommand({ actor: officer.actor, reference: filed.reference, expectedVersion: v, command: { type: "assign", clientId: otherClient.id, liaisonId: null }, now: plusDays(T0, 3) }),
    ).toMatchObject({ ok: true });
    expect(await eventTypes(otherLiaison.actor, filed.reference)).not.toContain("attachments_refused");
    expect(await eventTypes(officer.actor, filed.reference)).toContain("attachments_refused");
  });

  it("the complainant of a case opened from someone else's e-mail is not given the sender's address, on the page or in the export", async () => {
    const officer = await createOfficer();
    const lawyer = testEmail("lawyer");
    await receive(fixture("gmail-reply", { FROM: lawyer, SUBJECTREF: "none" }), new Date("2026-03-02T08:00:00.000Z"));
    const item = (await listIntake(await intakeReader())).open.find((i) => i.fromAddress === lawyer)!;
    const email = testEmail("represented");
    const input = { clientId: null, category: "request_removal" as const, description: "Through my lawyer.", desiredOutcome: "Deletion.", country: "DE", name: "Ana Lima", email, earlierContact: null };
    const opened = (await openCaseFromIntake(officer.actor, item.id, input, new Date("2026-03-05T09:00:00.000Z"))) as { ok: true; reference: string };
    const complainant = await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const actor = { role: "complainant" as const, userId: complainant.id };
    const view = await loadCaseView(actor, opened.reference, new Date("2026-03-05T10:00:00.000Z"));
    expect(view!.timeline.some((e) => e.kind === "event" && e.type === "opened_from_intake")).toBe(true);
    expect(JSON.stringify(view)).not.toContain(lawyer);
    expect(JSON.stringify(await collectMyData(actor, new Date("2026-03-05T10:00:00.000Z"), false))).not.toContain(lawyer);
    // Staff still see who sent it.
    const staffView = await loadCaseView(officer.actor, opened.reference, new Date("2026-03-05T10:00:00.000Z"));
    expect(staffView!.timeline.find((e) => e.kind === "event" && e.type === "opened_from_intake")).toMatchObject({ payload: { from: lawyer } });
    // ... masked on the staff page, as every sender taken from intake is (ADR 028, 060).
    const shown = maskedStaffCaseView(staffView!).timeline.find((e) => e.kind === "event" && e.type === "opened_from_intake");
    expect(shown).toMatchObject({ payload: { from: expect.stringContaining("***@") } });
    expect(JSON.stringify(shown)).not.toContain(lawyer);
  });
});

describe("the built-in SMTP listener when the database goes away", () => {
  it("answers 451 (try again later) and keeps no copy as failed; the retry is processed", async () => {
    const { filed } = await world();
    const token = await replyTokenFor(db(), filed.id, filed.complainant.id);
    const raw = fixture("gmail-reply", { FROM: filed.complainant.email, TOKEN: token });
    const messageId = /^Message-ID: (.+)$/im.exec(raw.toString("latin1"))![1]!.trim();
    // A real fault: the connection that processes this message is terminated (57P01, as a restart
    // or a failover does), and only that one: the next connection would store a copy.
    await sql`
      create function test_terminate_inbound_processing() returns trigger language plpgsql security definer as $$
      begin perform pg_terminate_backend(pg_backend_pid()); return new; end $$`.execute(db());
    await sql.raw(`
      create trigger outage before insert on inbound_mails for each row
      when (new.message_id = '${messageId.replace(/'/g, "''")}' and new.dedup_key not like 'failed:%')
      execute function test_terminate_inbound_processing()`).execute(db());
    const listener = await startInboundSmtp({ replyDomain: DOMAIN, smtpHost: "127.0.0.1", smtpPort: 0 }, () => {});
    const send = () =>
      createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true, connectionTimeout: 5_000 })
        .sendMail({ envelope: { from: filed.complainant.email, to: [`case+${token}@${DOMAIN}`] }, raw });
    try {
      await expect(send()).rejects.toMatchObject({ responseCode: 451 });
      expect(await db().selectFrom("inbound_mails").select("id").where("message_id", "=", messageId).execute()).toEqual([]);
      // PostgreSQL is back: the sending server's retry is posted on the case.
      await sql`drop trigger outage on inbound_mails`.execute(db());
      await send();
      const rows = await db().selectFrom("inbound_mails").select(["via", "outcome"]).where("message_id", "=", messageId).execute();
      expect(rows).toEqual([{ via: "smtp", outcome: "posted" }]);
    } finally {
      await sql`drop trigger if exists outage on inbound_mails`.execute(db());
      await sql`drop function if exists test_terminate_inbound_processing()`.execute(db());
      await listener.stop();
    }
  });
});
