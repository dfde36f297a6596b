// The complainant's words about moving up the ladder (app/i18n/escalation.ts), in each language:
// every reason the domain gives for "not yet" has a sentence, with its dates and steps filled in.
import { describe, expect, it } from "vitest";
import { LOCALES, translatorFor } from "../../app/i18n";
import { escalationNowText, escalationWhyText } from "../../app/i18n/escalation";
import type { EscalationWhy } from "../../app/domain";

const DUE = new Date("2026-12-08T04:59:59.999Z"); // the end of 7 Dec 2026 in New York
const REASONS: EscalationWhy[] = [
  { kind: "closed" },
  { kind: "last_step" },
  { kind: "excluded", exclusion: "already_arbitrated" },
  { kind: "excluded", exclusion: "court_judgment" },
  { kind: "excluded", exclusion: "settled" },
  { kind: "company_and_dma_first" },
  { kind: "dpa_referral_needed", framework: "EU-U.S. Data Privacy Framework" },
  { kind: "dpa_period", framework: "EU-U.S. Data Privacy Framework", opensAt: DUE },
  { kind: "organization_period", opensAt: DUE },
  { kind: "after_deadline", to: "company", dueAt: DUE, missing: "acknowledged" },
  { kind: "after_deadline", to: "dma", dueAt: DUE, missing: "answered" },
  { kind: "paused" },
  { kind: "decide_first", to: "arbitration" },
  { kind: "answered_on_time", to: "dma" },
];
const CONTACTS = { operator: "Op LLC", email: "so@op.test", phone: "+1 555", address: "1 Main St", disputeBody: "Body", disputeAddress: "2 Side St" };

describe("why a case cannot move up yet", () => {
  it.each(LOCALES)("has a filled-in sentence for every reason in %s, each different", (locale) => {
    const t = translatorFor(locale, "America/New_York");
    const texts = REASONS.map((why) => escalationWhyText(t, why));
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(15);
      expect(text).not.toMatch(/[{}]/);
    }
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("names the day in the operator's zone and the step, in the complainant's language", () => {
    const why: EscalationWhy = { kind: "after_deadline", to: "company", dueAt: DUE, missing: "acknowledged" };
    expect(escalationWhyText(translatorFor("en", "America/New_York"), why)).toBe(
      "You can move this case to our Security Officer after 7 Dec 2026 if your complaint has not been acknowledged by then, or as soon as you reject an answer.",
    );
    expect(escalationWhyText(translatorFor("de", "America/New_York"), why)).toContain("nach dem 7. Dez. 2026 an unseren Sicherheitsbeauftragten");
    expect(escalationWhyText(translatorFor("fr", "America/New_York"), why)).toContain("après le 7 déc. 2026");
    expect(escalationWhyText(translatorFor("de", "America/New_York"), { kind: "excluded", exclusion: "settled" })).toContain("Vergleich");
  });
});

describe("the next step, now", () => {
  it("names the step and how to reach it, or that there is none", () => {
    const en = translatorFor("en");
    expect(escalationNowText(en, "client", CONTACTS)).toContain("so@op.test");
    expect(escalationNowText(en, "company", CONTACTS)).toContain("Body, 2 Side St");
    expect(escalationNowText(translatorFor("fr"), "company", CONTACTS)).toContain("Body");
    expect(escalationNowText(en, "arbitration", CONTACTS)).toBe(en("mail.case.escalation.noFurther"));
  });
});
