import { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Parses a form (or URL parameters) with zod; errors come back keyed by field, one sentence each. */
export function parseWith<T extends z.ZodType>(schema: T, input: FormData | URLSearchParams):
  | { ok: true; data: z.output<T> }
  | { ok: false; errors: FieldErrors; codes: FieldErrors } {
  // One pass over the entries: a field named twice becomes a list. (Asking getAll() per key
  // scans every entry for every key, and 50,000 fields then froze the server for seconds.)
  const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of input.entries()) {
    const v = typeof value === "string" ? value : "";
    if (!Object.prototype.hasOwnProperty.call(raw, key)) raw[key] = v;
    else if (Array.isArray(raw[key])) (raw[key] as string[]).push(v);
    else raw[key] = [raw[key] as string, v];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  const codes: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "_form";
    errors[key] ??= issue.message;
    codes[key] ??= issue.code;
  }
  // `codes`: each field's zod issue code (invalid_type, too_big, …), so a page in the
  // complainant's language can word the failure instead of showing the English message.
  return { ok: false, errors, codes };
}

/** Text fields: trimmed, required unless optional, with a limit a person can see. */
export const text = (label: string, max = 5000) =>
  z
    .string({ error: `Enter ${label}.` })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, `Enter ${label}.`).max(max, `Keep ${label} under ${max} characters.`));

export const optionalText = (label: string, max = 5000) =>
  z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .pipe(z.string().max(max, `Keep ${label} under ${max} characters.`).optional());

export const uuid = (message: string) => z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);

export const email = z
  .string({ error: "Enter your e-mail address." })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an e-mail address like name@example.com.").max(254, "That e-mail address is too long."));

export const caseReference = z.string().regex(/^[A-Z]{2,3}-\d{4}-\d{6}$/, "That is not a case reference.");

/** A case reference from the URL, or a 400 that says so. */
export function referenceParam(value: string | undefined): string {
  const ref = caseReference.safeParse(value);
  if (!ref.success) throw new Response("That is not a case reference.", { status: 400 });
  return ref.data;
}
