import { z } from "zod";
import { CATEGORIES } from "~/domain";
import type { ComplaintInput, FileOutcome } from "~/models/complaints.server";
import { COUNTRIES } from "./countries";
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

export function complaintInput(f: z.output<typeof complaintForm>): ComplaintInput {
  return {
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

/** A refusal from filing, placed on the field it concerns. */
export function fileErrors(outcome: Extract<FileOutcome, { ok: false }>): FieldErrors {
  const field = "field" in outcome && outcome.field ? (outcome.field === "clientId" ? "organization" : outcome.field) : "_form";
  return { [field]: outcome.reason };
}

/** What the person typed, to put back in the form after an error (forms work without JavaScript). */
export function echoValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of ["organization", "companyQuery", "category", "description", "desiredOutcome", "earlierContact", "country", "name", "email", "startStage"]) {
    const v = form.get(key);
    if (typeof v === "string") values[key] = v.slice(0, 10_000);
  }
  return values;
}
