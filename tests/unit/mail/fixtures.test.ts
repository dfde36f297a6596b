import { describe, expect, it } from "vitest";
import { parseInbound } from "../../../app/mail/inbound/parse.server";
import { newTextOfReply } from "../../../app/mail/inbound/quoted-text";
import { classifyMail } from "../../../app/mail/inbound/classify";
import { mailFixture } from "../../support/mail-fixtures";

const own = ["privacyinquiry@customerportfolios.example"];
const vars = { FROM: "sender@example.org", TOKEN: "abcdefghijklmnopqrstuvwxyz234567", SUBJECTREF: "PS-2026-000042" };

async function parsed(name: Parameters<typeof mailFixture>[0]) {
  const mail = await parseInbound(mailFixture(name, vars));
  return { mail, kind: classifyMail({ headers: mail.headers, contentType: mail.contentType, fromAddress: mail.fromAddress, returnPath: mail.returnPath, ownAddresses: own }), text: newTextOfReply(mail.text) };
}

describe("inbound fixtures shaped like real mail clients", () => {
  it("Gmail: multipart/alternative, quoted-printable UTF-8, wrapped attribution and > quotes", async () => {
    const { mail, kind, text } = await parsed("gmail-reply");
    expect(kind).toBe("message");
    expect(mail.fromAddress).toBe("sender@example.org");
    expect(mail.recipients).toContain("case+abcdefghijklmnopqrstuvwxyz234567@replies.recourse.test");
    expect(mail.threadIds).toEqual(["<second@customerportfolios.example>", "<first@customerportfolios.example>"]);
    expect(mail.subject).toBe("Re: Privacy Inquiry [PS-2026-000042]");
    expect(text).toBe("Hello,\n\nThe mailing came to my address in São Paulo on 3 November; I attach nothing else.\n\nAna");
  });

  it("Outlook: Windows-1252 quoted-printable, Original Message block, HTML with a tracking image ignored", async () => {
    const { mail, kind, text } = await parsed("outlook-reply");
    expect(kind).toBe("message");
    expect(mail.fromName).toBe("Berger, Jonas");
    expect(text).toBe("Dear Sir or Madam,\n\nI’ve enclosed the details you asked for – the letter dated 2 November cost me €10 in postage.\n\nKind regards\nJonas Berger");
    expect(mail.text).not.toContain("tracker.example");
  });

  it("Apple Mail: ISO-8859-1 in base64, encoded-word sender name, iPhone signature, a PDF attachment", async () => {
    const { mail, kind, text } = await parsed("apple-mail-reply");
    expect(kind).toBe("message");
    expect(mail.fromName).toBe("Élodie Favre");
    expect(text).toBe("Bonjour,\n\nVoici la lettre reçue à Genève. Merci de la supprimer.\n\nÉlodie");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "lettre.pdf", contentType: "application/pdf" });
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("HTML only: text without scripts, styles or remote addresses; the blockquote is history", async () => {
    const { mail, text } = await parsed("html-only");
    expect(mail.text).not.toMatch(/evil\.example|alert|color:red/);
    expect(text).toBe("I still get the letters & the calls.\nlogo\nPlease stop them.");
  });

  it("an out-of-office reply is an automatic reply", async () => {
    expect((await parsed("auto-reply")).kind).toBe("auto_reply");
  });

  it("a delivery status notification is a bounce naming the failed recipient and our Message-ID", async () => {
    const mail = await parseInbound(mailFixture("bounce", { BOUNCED: "gone@example.org", REF2: "sent-1@customerportfolios.example" }));
    expect(classifyMail({ headers: mail.headers, contentType: mail.contentType, fromAddress: mail.fromAddress, returnPath: mail.returnPath, ownAddresses: own })).toBe("bounce");
    expect(mail.returnPath).toBe("");
    expect(mail.reportedRecipients).toEqual(["gone@example.org"]);
    expect(mail.reportedMessageIds).toEqual(["<sent-1@customerportfolios.example>"]);
    expect(mail.reportedDiagnostic).toMatch(/550 5\.1\.1/);
  });
});
