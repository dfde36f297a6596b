import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATE_NAMES, type TemplateName } from "../../emails";
import { linksSwallowingPunctuation } from "../../emails/links";
import { SAMPLES } from "../../emails/samples";
import { operator } from "../../app/config/operator.server";
import { ownerDb as db } from "../../app/db/db.server"; // the tests look and arrange as the owner (no row-level security)
import { enqueueMail, enqueueMails, type QueuedMail } from "../../app/jobs/enqueue.server";
import { startWorker } from "../../app/jobs/worker.server";
import { resetTransport } from "../../app/mail/transport.server";
import { createClient, createOfficer, discardTestMail, fileCase, type FiledCase } from "../support/factories";
import { startSmtpServer, type RunningSmtpServer, type StoredMail } from "../support/smtp";

// Every template, sent for real: enqueue (threading fixed) → graphile-worker → nodemailer → the
// in-process smtp-server → mailparser. Once as an instance with inbound mail configured (Reply-To,
// "reply to this e-mail"), once without (no Reply-To, the mail points to the case page).

const REPLY_DOMAIN = "replies.recourse-it.test";
const savedEnv = { ...process.env };
let smtp: RunningSmtpServer;
let worker: { stop(): Promise<void> };
let dir: string;
const received = new Map<string, StoredMail>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "recourse-roundtrip-"));
  smtp = await startSmtpServer({ dir, afterAccept: (mail) => mail.messageId && received.set(mail.messageId, mail) });
  process.env.SMTP_URL = smtp.url;
  resetTransport();
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, pollInterval: 100 });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
  process.env = { ...savedEnv };
  resetTransport();
  await discardTestMail();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function setInbound(on: boolean) {
  if (on) {
    process.env.MAIL_REPLY_DOMAIN = REPLY_DOMAIN;
    process.env.INBOUND_MAIL_SECRET = "round-trip-secret";
  } else {
    delete process.env.MAIL_REPLY_DOMAIN;
    delete process.env.INBOUND_MAIL_SECRET;
    delete process.env.INBOUND_SMTP_PORT;
  }
}

async function arrived(messageId: string, timeoutMs = 20_000): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = received.get(messageId);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`mail ${messageId} did not arrive (got ${received.size} mails)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
const squash = (s: string) => s.replace(/(?:\s|[\u200b-\u200f\ufeff]|\u034f)+/g, " ").trim();

/** What a reader sees of the HTML body: text of its elements, without tags. */
function htmlReading(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, "").replace(/<!--[\s\S]*?-->/g, "");
  return squash(decode(body.replace(/<br\s*\/?>/g, " ").replace(/<[^>]+>/g, " ")));
}

/** The paragraphs, list items and heading the HTML shows as text (not the parts marked to skip in text). */
function htmlFacts(html: string): string[] {
  const facts: string[] = [];
  for (const m of html.matchAll(/<(p|li|h1)(\s[^>]*)?>([\s\S]*?)<\/\1>/g)) {
    if ((m[2] ?? "").includes("data-skip-in-text")) continue;
    facts.push(squash(decode(m[3]!.replace(/<br\s*\/?>/g, " ").replace(/<[^>]+>/g, " "))));
  }
  return facts.filter((f) => f !== "");
}

/** Every line of the text in the HTML, and every paragraph of the HTML in the text: the same facts. */
function expectSameFacts(mail: StoredMail) {
  const reading = htmlReading(mail.html);
  for (const raw of mail.text.split("\n")) {
    const line = squash(raw)
      .replace(/^- /, "")
      .replace(/<(https?:[^>\s]+)>/g, "$1")
      .replace(/:$/, "");
    if (line === "" || /^-+$/.test(line)) continue;
    expect(reading, `text line missing from the HTML: ${line}`).toContain(line);
  }
  const text = squash(mail.text.replace(/<(https?:[^>\s]+)>/g, "$1"));
  for (const fact of htmlFacts(mail.html)) expect(text, `HTML paragraph missing from the text: ${fact}`).toContain(fact);
}

/** Mail about no case (yet): a sign-in link, a staff invitation, the staff's daily digest, a held filing. */
const CASELESS: readonly TemplateName[] = ["sign_in_link", "staff_invitation", "notice_digest", "held_filing"];
const caseTemplates = (TEMPLATE_NAMES as readonly TemplateName[]).filter((n) => !CASELESS.includes(n));
const fromAddress = () => /<([^>]+)>/.exec(operator.mailFrom)?.[1] ?? operator.mailFrom;

describe.each([
  { inbound: true, label: "with inbound mail configured" },
  { inbound: false, label: "without inbound mail" },
])("every template through real SMTP, $label", ({ inbound }) => {
  let filed: FiledCase;
  const sent: { name: TemplateName; messageId: string; deliveryId: string }[] = [];
  const caseless: { name: TemplateName; messageId: string }[] = [];
  // A held filing's reference belongs to no case yet; the sample's may belong to a case another test
  // file made in the shared database, which would give the mail that case's thread.
  const heldReference = (name: TemplateName) => (name === "held_filing" ? { reference: "PS-2099-900123" } : {});

  beforeAll(async () => {
    setInbound(inbound);
    try {
      const client = await createClient("Roundtrip Client");
      filed = await fileCase({ clientId: client.id, name: "Anna Roundtrip" }, new Date());
      // One mail of each case template about this case to its complainant, in order, each in its own
      // transaction (as separate decisions would), then a sign-in link (no case).
      for (const name of caseTemplates) {
        const sample = SAMPLES[name];
        expect(sample, `sample data for ${name}`).toBeDefined();
        const data = { ...sample, reference: filed.reference, recipientName: filed.complainant.name };
        const [queued] = await db()
          .transaction()
          .execute((trx) => enqueueMails(trx, [{ template: name, to: filed.complainant.email, data } as QueuedMail]));
        sent.push({ name, messageId: queued!.messageId, deliveryId: queued!.deliveryId });
      }
      for (const name of CASELESS) {
        const queued = await db()
          .transaction()
          .execute((trx) => enqueueMail(trx, { template: name, to: filed.complainant.email, data: { ...SAMPLES[name], ...heldReference(name), recipientName: filed.complainant.name } } as QueuedMail));
        caseless.push({ name, messageId: queued.messageId });
      }
    } finally {
      setInbound(false);
    }
  });

  it("threads the case's mail to one recipient: In-Reply-To the previous, References the first and the previous", async () => {
    const acknowledgement = await db()
      .selectFrom("mail_deliveries")
      .select(["message_id", "in_reply_to", "references"])
      .where("case_id", "=", filed.id)
      .where("recipient", "=", filed.complainant.email)
      .where("template", "=", "acknowledgement")
      .orderBy("queued_at")
      .executeTakeFirstOrThrow();
    // The filing's own acknowledgement opens the thread.
    expect(acknowledgement.in_reply_to).toBeNull();
    expect(acknowledgement.references).toBeNull();
    const first = acknowledgement.message_id;
    let previous = first;
    for (const { name, messageId } of sent) {
      const mail = await arrived(messageId);
      expect(mail.messageId, name).toBe(messageId);
      expect(mail.inReplyTo, name).toBe(previous);
      expect(mail.references, name).toEqual(previous === first ? [first] : [first, previous]);
      previous = messageId;
    }
  });

  it.each(caseTemplates)("%s: From, To, Subject, Reply-To and both bodies", async (name) => {
    const { messageId } = sent.find((s) => s.name === name)!;
    const mail = await arrived(messageId);
    expect(mail.from).toBe(fromAddress());
    expect(mail.to).toEqual([filed.complainant.email]);
    expect(mail.subject).toBe(`Privacy Inquiry [${filed.reference}]`);
    // No personal data in the subject: not the name, not the address, not the client.
    for (const personal of [filed.complainant.name, "Anna", filed.complainant.email, "Roundtrip Client"]) expect(mail.subject).not.toContain(personal);

    if (inbound && name === "case_closed") {
      // An ended case takes no reply: the mail that says so invites none (ADR 066).
      expect(mail.replyTo).toBeUndefined();
      expect(mail.text).not.toMatch(/reply(ing)? to this e-mail/i);
      expect(mail.html).not.toMatch(/reply(ing)? to this e-mail/i);
    } else if (inbound) {
      const token = await db()
        .selectFrom("mail_reply_tokens")
        .select("token")
        .where("case_id", "=", filed.id)
        .where("user_id", "=", filed.complainant.id)
        .executeTakeFirstOrThrow();
      expect(mail.replyTo).toBe(`case+${token.token}@${REPLY_DOMAIN}`);
      expect(mail.text).toMatch(/reply(ing)? to this e-mail/i);
    } else {
      expect(mail.replyTo).toBeUndefined();
      expect(mail.text).not.toMatch(/reply(ing)? to this e-mail/i);
      expect(mail.html).not.toMatch(/reply(ing)? to this e-mail/i);
    }

    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.text).not.toMatch(/<[a-z][^>]*>/i);
    expect(mail.text).toContain(filed.reference);
    expect(mail.text).toContain(operator.address);
    expect(mail.html).toContain(operator.phone);
    expect(linksSwallowingPunctuation(mail.text)).toEqual([]);
    expectSameFacts(mail);
  });

  it.each(CASELESS)("%s: a plain subject, no threading and no Reply-To (it belongs to no case)", async (name) => {
    const mail = await arrived(caseless.find((c) => c.name === name)!.messageId);
    expect(mail.from).toBe(fromAddress());
    expect(mail.to).toEqual([filed.complainant.email]);
    // A held filing already has its reference; the others say what they are about.
    expect(mail.subject).toMatch(/^Privacy Inquiry(: \S| \[[A-Z]+-\d{4}-\d{6}\]$)/);
    expect(mail.subject).not.toContain(filed.complainant.name);
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(mail.replyTo).toBeUndefined();
    const sample = SAMPLES[name] as { link?: string | null; listUrl?: string };
    expect(mail.text).toContain(sample.link ?? sample.listUrl);
    expect(linksSwallowingPunctuation(mail.text)).toEqual([]);
    expectSameFacts(mail);
  });
});

describe("reply tokens", () => {
  it("are one per case and person: staff and the complainant of one case, and two cases, get different Reply-To addresses", async () => {
    setInbound(true);
    try {
      const officer = await createOfficer();
      const filed = await fileCase({ name: "Ben Roundtrip" }, new Date());
      const other = await fileCase({ name: "Cleo Roundtrip" }, new Date());
      const rows = await db()
        .selectFrom("mail_deliveries")
        .select(["case_id", "recipient", "reply_to"])
        .where("case_id", "in", [filed.id, other.id])
        .execute();
      const complainantA = rows.find((r) => r.recipient === filed.complainant.email)!;
      const complainantB = rows.find((r) => r.recipient === other.complainant.email)!;
      expect(complainantA.reply_to).toMatch(new RegExp(`^case\\+[a-z2-7]{32}@${REPLY_DOMAIN.replace(/\./g, "\\.")}$`));
      expect(complainantB.reply_to).toMatch(/^case\+[a-z2-7]{32}@/);
      expect(complainantA.reply_to).not.toBe(complainantB.reply_to);
      // Staff recipients of the same case (officers' new-case mail) get their own token.
      const officerA = rows.find((r) => r.case_id === filed.id && r.recipient === officer.email)!;
      expect(officerA.reply_to).toMatch(/^case\+[a-z2-7]{32}@/);
      expect(officerA.reply_to).not.toBe(complainantA.reply_to);
    } finally {
      setInbound(false);
    }
  });
});
