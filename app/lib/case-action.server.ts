import { data, redirect } from "@remix-run/node";
import type { Actor } from "~/domain";
import { performCaseCommand } from "~/models/case-commands.server";
import { parseCaseForm } from "./case-forms";

export interface CaseActionResult {
  intent: string | null;
  errors: Record<string, string>;
  conflict?: boolean;
}

/** The action of both case pages: parse, run the one use case, answer with what happened. */
export async function handleCaseAction(request: Request, actor: Actor, reference: string, pagePath: string) {
  const parsed = parseCaseForm(await request.formData());
  if (!parsed.ok) return data<CaseActionResult>({ intent: parsed.intent, errors: parsed.errors }, { status: 400 });
  const { command, body, version, intent } = parsed.value;
  const outcome = await performCaseCommand({ actor, reference, expectedVersion: version, command, body, now: new Date() });
  if (outcome.ok) return redirect(`${pagePath}?done=${encodeURIComponent(intent)}`, 303);
  switch (outcome.kind) {
    case "not_found":
      throw new Response("There is no such case, or it is not yours to see.", { status: 404 });
    case "conflict":
      return data<CaseActionResult>({ intent, errors: { _form: outcome.reason }, conflict: true }, { status: 409 });
    case "refused":
      return data<CaseActionResult>({ intent, errors: { _form: outcome.refusal.reason } }, { status: 422 });
  }
}
