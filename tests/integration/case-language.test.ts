// The case's language (ADR 033): a case keeps the language it was filed in, the complainant's
// switch on the case page changes it, and every mail to the complainant goes in it; staff mail
// stays English, and nobody changes the language of a case that is not theirs.
import { afterAll, describe, expect, it } from "vitest";
import { ownerDb as db } from "../../app/db/db.server";
import { performCaseCommand } from "../../app/models/case-commands.server";
import { setCaseLanguage } from "../../app/models/case-language.server";
import { renderEmail, type TemplateName } from "../../emails";
import { createComplainant, createOfficer, discardTestMail, fileCase, mailAbout } from "../support/factories";

const NOW = new Date("2026-03-03T10:00:00.000Z");

afterAll(discardTestMail);

async function languageOf(reference: string) {
  return (await db().selectFrom("cases").select("language").where("reference", "=", reference).executeTakeFirstOrThrow()).language;
}

async function versionOf(reference: string) {
  return (await db().selectFrom("cases").select("version").where("reference", "=", reference).executeTakeFirstOrThrow()).version;
}

describe("the language of a case", () => {
  it("is the language the complaint was filed in, and the acknowledgement is written in it", async () => {
    const filed = await fileCase({ language: "de" }, NOW);
    expect(await languageOf(filed.reference)).toBe("de");
    const [ack] = (await mailAbout(filed.reference)).filter((m) => m.template === "acknowledgement");
    expect(ack?.data.locale).toBe("de");
    const mail = renderEmail("acknowledgement", ack!.data as never);
    expect(mail.html).toContain('lang="de"');
    expect(mail.text).toContain("Wir haben Ihre Beschwerde erhalten");
    expect(mail.text).toContain("Mit freundlichen Grüßen");
    expect(mail.subject).toBe(`Privacy Inquiry [${filed.reference}]`);
  });

  it("is English when the filing named none", async () => {
    const filed = await fileCase({}, NOW);
    expect(await languageOf(filed.reference)).toBe("en");
    const [ack] = (await mailAbout(filed.reference)).filter((m) => m.template === "acknowledgement");
    expect(ack?.data.locale).toBe("en");
  });

  it("follows the complainant's switch: later mail to them goes in the new language, staff mail stays English", async () => {
    await createOfficer();
    const filed = await fileCase({ language: "de" }, NOW);
    expect(await setCaseLanguage(filed.complainant.actor, filed.reference, "fr")).toBe(true);
    expect(await languageOf(filed.reference)).toBe("fr");
    // A preference, not a change of the case: an open form stays valid.
    expect(await versionOf(filed.reference)).toBe(1);

    const note = await performCaseCommand({
      actor: filed.complainant.actor,
      reference: filed.reference,
      expectedVersion: 1,
      command: { type: "post_message", audience: "parties", channel: "web" },
      body: "Ein Nachtrag.",
      now: new Date(NOW.getTime() + 60_000),
    });
    expect(note.ok).toBe(true);
    const officer = await createOfficer();
    const answered = await performCaseCommand({
      actor: officer.actor,
      reference: filed.reference,
      expectedVersion: await versionOf(filed.reference),
      command: { type: "post_message", audience: "parties", channel: "web" },
      body: "Une réponse.",
      now: new Date(NOW.getTime() + 120_000),
    });
    expect(answered.ok).toBe(true);

    const mails = await mailAbout(filed.reference);
    const toComplainant = mails.filter((m) => m.to === filed.complainant.email && m.template === "new_reply");
    expect(toComplainant).toHaveLength(1);
    expect(toComplainant[0]!.data.locale).toBe("fr");
    expect(renderEmail("new_reply", toComplainant[0]!.data as never).text).toContain("Lire le message");

    const toStaff = mails.filter((m) => m.to !== filed.complainant.email);
    expect(toStaff.length).toBeGreaterThan(0);
    for (const m of toStaff) {
      expect(m.data.locale, m.template).toBe("en");
      expect(renderEmail(m.template as TemplateName, m.data as never).html).toContain('lang="en"');
    }
  });

  it("cannot be changed by another complainant", async () => {
    const filed = await fileCase({ language: "de" }, NOW);
    const stranger = await createComplainant();
    expect(await setCaseLanguage(stranger.actor, filed.reference, "fr")).toBe(false);
    expect(await languageOf(filed.reference)).toBe("de");
  });

  it("refuses a language we do not speak at the database", async () => {
    const filed = await fileCase({}, NOW);
    await expect(db().updateTable("cases").set({ language: "xx" as never }).where("reference", "=", filed.reference).execute()).rejects.toThrow(/check/);
  });
});
