import { data } from "@remix-run/node";
import { postedOnWebsite, type Actor } from "~/domain";
import { performCaseCommand } from "~/models/case-commands.server";
import { parseCaseForm } from "./case-forms";
import { loadOperatorZone } from "~/models/clock-settings.server";
import type { ActionForm } from "./uploads.server";
import { caseDoneFlash, redirectWithFlash } from "./flash.server";

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

/**
 * The action of both case pages: parse, run the one use case, answer with what happened. The
 * route reads the form (readActionForm) and passes what it read: a body is read once.
 */
export async function handleCaseAction(read: ActionForm, actor: Actor, reference: string, pagePath: string) {
  const form = read.form;
  // The operator's zone is read only for the one form that has a wall-clock time in it (a logged letter or call).
  const parsed = parseCaseForm(form, form.get("intent") === "log_contact" ? await loadOperatorZone() : undefined);
  if (!read.ok) {
    // A refused file refuses the message with it; what was typed comes back, the files must be chosen again.
    const intent = parsed.ok ? parsed.value.intent : parsed.intent;
    return data<CaseActionResult>({ intent, errors: intent ? { files: read.error } : { _form: read.error }, values: typedValues(form) }, { status: read.status });
  }
  if (!parsed.ok) return data<CaseActionResult>({ intent: parsed.intent, errors: parsed.errors, values: typedValues(form) }, { status: 400 });
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
      return data<CaseActionResult>({ intent, errors: { _form: outcome.reason }, conflict: true }, { status: 409 });
    case "refused":
      return data<CaseActionResult>({ intent, errors: { _form: outcome.refusal.reason }, values: typedValues(form) }, { status: 422 });
  }
}
