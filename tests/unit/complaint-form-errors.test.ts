import { describe, expect, it } from "vitest";
import { translatorFor } from "../../app/i18n";
import { complainantLanguage, complaintErrorsIn, complaintForm, complaintInput } from "../../app/lib/complaint-form";
import { parseWith } from "../../app/lib/forms";

// The public complaint form's field errors in the complainant's language (issue 10): worded from
// each field's zod code, in English exactly the schema's own sentences.

function failed(fields: Record<string, string>) {
  const parsed = parseWith(complaintForm, new URLSearchParams(fields));
  if (parsed.ok) throw new Error("expected the form to be refused");
  return parsed;
}

const empty = { organization: "", category: "", description: "", desiredOutcome: "", country: "", name: "", email: "", submissionKey: "" };
const tooLong = {
  organization: "not-a-client-id",
  category: "notice",
  description: "x".repeat(10_001),
  desiredOutcome: "x".repeat(5_001),
  earlierContact: "x".repeat(5_001),
  country: "DE",
  name: "x".repeat(201),
  email: `${"x".repeat(250)}@example.com`,
  submissionKey: "00000000-0000-4000-8000-000000000000",
};

describe("the complaint form's field errors", () => {
  it("say in English what the schema says, for missing and for too long fields", () => {
    // (A form without its fields at all is no browser's: there the schema's generic sentence for the form key is not kept.)
    for (const fields of [empty, tooLong]) {
      const parsed = failed(fields);
      expect(complaintErrorsIn(translatorFor("en"), parsed.codes)).toEqual(
        // The schema writes limits without a thousands separator; the catalog formats the number.
        Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [k, v.replace("10000", "10,000").replace("5000", "5,000")])),
      );
    }
  });

  it("are in German and French, one for each field that failed", () => {
    for (const fields of [empty, tooLong, {}]) {
      const parsed = failed(fields);
      for (const locale of ["de", "fr"] as const) {
        const worded = complaintErrorsIn(translatorFor(locale), parsed.codes);
        expect(Object.keys(worded).sort()).toEqual(Object.keys(parsed.errors).sort());
        for (const [field, text] of Object.entries(worded)) expect(text, `${locale} ${field}`).not.toBe(parsed.errors[field]);
      }
    }
    expect(complaintErrorsIn(translatorFor("de"), failed(empty).codes).description).toBe("Beschreiben Sie, was geschehen ist.");
    expect(complaintErrorsIn(translatorFor("fr"), failed(tooLong).codes).name).toBe("Votre nom ne doit pas dépasser 200 caractères.");
  });
});

describe("the complainant's language on staff forms", () => {
  const staffForm = complaintForm.extend(complainantLanguage);
  const filled = { ...tooLong, organization: "operator", description: "A letter.", desiredOutcome: "Deletion.", earlierContact: "", name: "Rita", email: "rita@example.de" };

  it("carries the chosen language into the filing, so the case's mail goes in it", () => {
    const parsed = parseWith(staffForm, new URLSearchParams({ ...filled, language: "de" }));
    expect(parsed.ok && complaintInput(parsed.data).language).toBe("de");
  });

  it("is English when the form sends none, and refuses a language the app does not write", () => {
    const none = parseWith(staffForm, new URLSearchParams(filled));
    expect(none.ok && complaintInput(none.data).language).toBe("en");
    const other = parseWith(staffForm, new URLSearchParams({ ...filled, language: "xx" }));
    expect(other).toMatchObject({ ok: false, errors: { language: "Choose the language of the complainant's mail." } });
  });

  it("is not taken from the public form, whose language is the page's", () => {
    const parsed = parseWith(complaintForm, new URLSearchParams({ ...filled, language: "fr" }));
    expect(parsed.ok && complaintInput(parsed.data).language).toBeUndefined();
  });
});
