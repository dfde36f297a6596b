import { z } from "zod";
import { CATEGORIES } from "~/domain";
import type { ComplaintInput, FileOutcome } from "~/models/complaints.server";
import { COUNTRIES } from "./countries";
import { LOCALES, type Locale, type Translate } from "~/i18n";
import { email, optionalText, text, uuid, type FieldErrors } from "./forms";

import { ORGANIZATION_UNKNOWN, OPERATOR_ITSELF } from "./organization";

export const complaintForm = z.object({
  organization: z
    .string({ error: "Choose the organization your complaint is about." })
    .min(1, "Choose the organization your complaint is about.")
    .refine((v) => v === OPERATOR_ITSELF || v === ORGANIZATION_UNKNOWN || uuid("").safeParse(v).success, "Choose one of the organizations in the list."),
  category: z.enum(CATEGORIES, { error: "Choose what your complaint is about." }),
  description: text("what happened", 10_000),
  desiredOutcome: text("the outcome you want", 5_000),
  earlierContact: optionalText("your earlier contact", 5_000),
  country: z.enum(Object.keys(COUNTRIES) as [string, ...string[]], { error: "Choose your country of residence." }),
  name: text("your name", 200),
  email,
  submissionKey: uuid("The form has expired. Please reload the page and send it again."),
});

/**
 * Staff forms that open a case for someone (a referral, a letter, an intake mail) say which
 * language the complainant's mail goes in; the public form takes the page's language (ADR 033).
 */
export const complainantLanguage = {
  language: z.enum(LOCALES, { error: "Choose the language of the complainant's mail." }).default("en"),
};

export function complaintInput(f: z.output<typeof complaintForm> & { language?: Locale }): ComplaintInput {
  return {
    ...(f.language ? { language: f.language } : {}),
    // Not known: the case starts with the operator, who finds the company in triage (ADR 034).
    clientId: f.organization === OPERATOR_ITSELF || f.organization === ORGANIZATION_UNKNOWN ? null : f.organization,
    category: f.category,
    description: f.description,
    desiredOutcome: f.desiredOutcome,
    earlierContact: f.earlierContact ?? null,
    country: f.country,
    name: f.name,
    email: f.email,
    submissionKey: f.submissionKey,
  };
}

/** The longest text each field takes (as in complaintForm above). */
const TEXT_LIMITS = { description: 10_000, desiredOutcome: 5_000, earlierContact: 5_000, name: 200 } as const;

/** An e-mail field's failure in the reader's language, from its zod code (the complaint form, /signin). */
export function emailErrorIn(t: Translate, code: string): string {
  return t(code === "too_big" ? "complain.error.emailTooLong" : code === "invalid_format" ? "complain.error.emailInvalid" : "complain.error.emailRequired");
}

/**
 * The public form's field errors in the complainant's language, from each field's zod code: the
 * schema's messages are English (the staff forms show them as they are).
 */
export function complaintErrorsIn(t: Translate, codes: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, code] of Object.entries(codes)) {
    if (field === "organization") out[field] = t(code === "custom" ? "complain.error.organizationList" : "complain.error.organization");
    else if (field === "category") out[field] = t("complain.error.category");
    else if (field === "country") out[field] = t("complain.error.country");
    else if (field === "email") out[field] = emailErrorIn(t, code);
    else if (field in TEXT_LIMITS) {
      const max = TEXT_LIMITS[field as keyof typeof TEXT_LIMITS];
      out[field] = code === "too_big" ? t("complain.error.tooLong", { field, max }) : t("complain.error.required", { field });
    } else if (field === "submissionKey") out[field] = t("complain.error.expired");
    else out[field] = t("complain.fixFields");
  }
  return out;
}

/** A refusal from filing, placed on the field it concerns. */
export function fileErrors(outcome: Extract<FileOutcome, { ok: false }>): FieldErrors {
  const field = "field" in outcome && outcome.field ? (outcome.field === "clientId" ? "organization" : outcome.field) : "_form";
  return { [field]: outcome.reason };
}

/** What the person typed, to put back in the form after an error (forms work without JavaScript). */
export function echoValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of ["organization", "companyQuery", "category", "description", "desiredOutcome", "earlierContact", "country", "name", "email", "startStage", "language"]) {
    const v = form.get(key);
    if (typeof v === "string") values[key] = v.slice(0, 10_000);
  }
  return values;
}
