// What a complaint is about, as the complainant's pages head it (my cases list, case page).
import { describe, expect, it } from "vitest";
import { CATEGORIES, isPrincipleCategory } from "../../app/domain";
import { categoryLabel, complaintSubject, translatorFor } from "../../app/i18n";

describe("a complaint's subject", () => {
  it("names a principle as a principle, in each language", () => {
    expect(complaintSubject(translatorFor("en"), "notice")).toBe("A concern under the Notice principle");
    expect(complaintSubject(translatorFor("de"), "security")).toBe("Ein Anliegen zum Grundsatz „Sicherheit“");
    expect(complaintSubject(translatorFor("fr"), "choice")).toBe("Un problème relevant du principe « Choix »");
  });

  it("is a request's own words, and an unknown category as stored", () => {
    const t = translatorFor("en");
    expect(complaintSubject(t, "request_access")).toBe("See the personal data held about me");
    expect(complaintSubject(t, "legacy_kind")).toBe("legacy_kind");
    expect(categoryLabel(t, "__proto__")).toBe("__proto__");
    expect(isPrincipleCategory("toString")).toBe(false);
  });

  it("is never the bare key for any category in any language", () => {
    for (const language of ["en", "de", "fr"] as const) {
      const t = translatorFor(language);
      for (const category of CATEGORIES) {
        const subject = complaintSubject(t, category);
        expect(subject, `${language} ${category}`).not.toContain("complain.category");
        expect(subject, `${language} ${category}`).not.toBe(category);
        if (isPrincipleCategory(category)) expect(subject).toContain(categoryLabel(t, category));
      }
    }
  });
});
