import { data } from "@remix-run/node";
import { postedOnWebsite, type Actor } from "~/domain";
import { performCaseCommand } from "~/models/case-commands.server";
import { parseCaseForm } from "./case-forms";
import { loadOperatorZone } from "~/models/clock-settings.server";
import type { ActionForm } from "./uploads.server";
import { caseDoneFlash, redirectWithFlash } from "./flash.server";
import type { FieldErrors } from "./forms";
import type { Translate } from "~/i18n";
import { uploadErrorIn } from "~/i18n/uploads";

export interface CaseActionResult {
  intent: string | null;
  errors: Record<string, string>;
  conflict?: boolean;
  /** What was typed, to put back into the form (not after a conflict: the case changed under it). */
  values?: Record<string, string>;
}

const TYPED_FIELDS = ["body", "reason", "kind", "dueAt", "audience", "channel", "monetaryAmount", "exclusion", "direction", "occurredAt", "occurredOn", "externalReference"];

function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of TYPED_FIELDS) {
    const v = form.get(key);
    if (typeof v === "string") values[key] = v.slice(0, 10_000);
  }
  return values;
}

/** The longest text of the complainant's forms (message, reasons): case-forms.ts's limit. */
const COMPLAINANT_TEXT_LIMIT = 10_000;

/**
 * The complainant's form errors in their language, from each field's zod code (the schema's and
 * the domain's sentences are English, for staff). Upload refusals stay as the upload check words them.
 */
export function complainantErrorsIn(t: Translate, codes: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, code] of Object.entries(codes)) {
    if (field === "body") out.body = code === "too_big" ? t("case.error.tooLong", { max: COMPLAINANT_TEXT_LIMIT }) : t("case.error.required");
    else out._form = t("case.error.form");
  }
  return out;
}

/**
 * The action of both case pages: parse, run the one use case, answer with what happened. The
 * route reads the form (readActionForm) and passes what it read: a body is read once. `t`: the
 * complainant's page passes its language, and every refusal is worded in it.
 */
export async function handleCaseAction(read: ActionForm, actor: Actor, reference: string, pagePath: string, t?: Translate) {
  const form = read.form;
  // The operator's zone is read only for the one form that has a wall-clock time in it (a logged letter or call).
  const parsed = parseCaseForm(form, form.get("intent") === "log_contact" ? await loadOperatorZone() : undefined);
  if (!read.ok) {
    // A refused file refuses the message with it; what was typed comes back, the files must be chosen again.
    const intent = parsed.ok ? parsed.value.intent : parsed.intent;
    const error = t ? uploadErrorIn(t, read.problem) : read.error;
    return data<CaseActionResult>({ intent, errors: intent ? { files: error } : { _form: error }, values: typedValues(form) }, { status: read.status });
  }
  if (!parsed.ok) return data<CaseActionResult>({ intent: parsed.intent, errors: t ? complainantErrorsIn(t, parsed.codes) : parsed.errors, values: typedValues(form) }, { status: 400 });
  const { body, version, intent } = parsed.value;
  const command = parsed.value.command.type === "post_message" ? postedOnWebsite(actor, parsed.value.command) : parsed.value.command;
  const files = read.files.map((f) => ({ fileName: f.fileName, bytes: f.bytes }));
  const outcome = await performCaseCommand({ actor, reference, expectedVersion: version, command, body, files, now: new Date() });
  // The notice rides on a cookie, not the address, so a reload does not repeat it (ADR 035).
  if (outcome.ok) return redirectWithFlash(pagePath, caseDoneFlash(intent, actor.role));
  switch (outcome.kind) {
    case "not_found":
      throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
    case "conflict":
      return data<CaseActionResult>({ intent, errors: { _form: t ? t("case.error.conflict") : outcome.reason }, conflict: true }, { status: 409 });
    case "refused":
      return data<CaseActionResult>({ intent, errors: { _form: t ? t("case.error.refused", { code: outcome.refusal.code }) : outcome.refusal.reason }, values: typedValues(form) }, { status: 422 });
  }
}
