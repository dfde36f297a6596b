import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AUDIENCES, intakeSenderShownInFull, maskIdentity } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { operator } from "~/config/operator.server";
import { ComplainantCell } from "~/components/ComplainantCell";
import { ComplaintFields } from "~/components/ComplaintFields";
import { Field, FieldScope, FormError } from "~/components/Field";
import { complainantLanguage, complaintForm, complaintInput, echoValues, fileErrors } from "~/lib/complaint-form";
import { useDates } from "~/lib/dates";
import { parseWith, text, uuid } from "~/lib/forms";
import { attachIntakeToCase, discardIntake, intakeItem, openCaseFromIntake } from "~/models/intake.server";
import { listClients } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "E-mail in intake" }];

function itemId(value: string | undefined): string {
  const id = uuid("").safeParse(value);
  if (!id.success) throw new Response("There is no such e-mail in the intake queue.", { status: 404 });
  return id.data;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const found = await intakeItem(actor, itemId(params.id));
  if (!found) throw new Response("There is no such e-mail in the intake queue.", { status: 404 });
  // The officer deciding on the mail sees its sender; once decided, masked like every list (ADR 028, 060).
  const { fromName, fromAddress, ...item } = found;
  const sender = intakeSenderShownInFull(item.status) ? { name: fromName, address: fromAddress } : null;
  const masked = sender ? null : { identity: maskIdentity({ name: fromName, email: fromAddress }), known: Boolean(fromName || fromAddress) };
  return { item, sender, masked, clients: item.status === "open" ? await listClients() : [], operatorName: operator.name };
}

const openForm = complaintForm.omit({ submissionKey: true }).extend({ ...complainantLanguage, intent: z.literal("open") });
const attachForm = z.object({
  intent: z.literal("attach"),
  reference: z.string({ error: "Enter the case reference." }).trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2,8}-\d{4}-\d{6,9}$/, "Enter a case reference like PS-2026-000123.")),
  audience: z.enum(AUDIENCES, { error: "Choose who may read it." }),
});
const discardForm = z.object({ intent: z.literal("discard"), reason: text("the reason", 2000) });

type ActionResult = { intent: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const id = itemId(params.id);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: Record<string, string>, status = 400) =>
    data<ActionResult>({ intent, errors, values: { ...echoValues(form), reference: String(form.get("reference") ?? "").slice(0, 100), reason: String(form.get("reason") ?? "").slice(0, 2000), audience: String(form.get("audience") ?? "") } }, { status });
  const now = new Date();
  if (intent === "open") {
    const parsed = parseWith(openForm, form);
    if (!parsed.ok) return fail(parsed.errors);
    const outcome = await openCaseFromIntake(actor, id, complaintInput({ ...parsed.data, submissionKey: id }), now);
    if (!outcome.ok) return fail("refusal" in outcome || "field" in outcome ? fileErrors(outcome as Parameters<typeof fileErrors>[0]) : { _form: outcome.reason }, 409);
    return redirectWithFlash(`/cases/${outcome.reference}`, { key: "flash.case.opened", values: { reference: outcome.reference ?? "" } });
  }
  if (intent === "attach") {
    const parsed = parseWith(attachForm, form);
    if (!parsed.ok) return fail(parsed.errors);
    const outcome = await attachIntakeToCase(actor, id, parsed.data.reference, parsed.data.audience, now);
    if (!outcome.ok) return fail({ [outcome.field ?? "_form"]: outcome.reason }, 409);
    return redirect(`/cases/${outcome.reference}#timeline`, 303);
  }
  if (intent === "discard") {
    const parsed = parseWith(discardForm, form);
    if (!parsed.ok) return fail(parsed.errors);
    const outcome = await discardIntake(actor, id, parsed.data.reason, now);
    if (!outcome.ok) return fail({ [outcome.field ?? "_form"]: outcome.reason }, 409);
    return redirect("/intake", 303);
  }
  return fail({ _form: "Unknown action." });
}

const AUDIENCE_LABELS = { parties: "Everyone on the case", staff: "Staff only (not the complainant)", internal: "Internal (Security Officer only)" } as const;

export default function IntakeItem() {
  const { formatDateTime } = useDates();
  const { item, sender, masked, clients, operatorName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const valuesFor = (intent: string) => (result?.intent === intent ? result.values : undefined);
  const openValues = valuesFor("open") ?? { name: sender?.name ?? "", email: sender?.address ?? "", description: item.body.slice(0, 10_000) };
  return (
    <main id="main" className="narrow">
      <p><Link to="/intake">← Intake</Link></p>
      <h1>{item.subject || "(no subject)"}</h1>
      <dl className="facts">
        <dt>From</dt>
        <dd>
          {sender ? (sender.name ? `${sender.name} <${sender.address}>` : sender.address || "no address") : masked?.known ? <ComplainantCell complainant={masked.identity} /> : "no address"}
        </dd>
        <dt>Received</dt><dd>{formatDateTime(item.receivedAt)}</dd>
        <dt>Why it is here</dt><dd>{item.reason}</dd>
        {item.attachmentCount > 0 && (<><dt>Attachments</dt><dd>{item.attachmentNames.join(", ")}</dd></>)}
        {item.refusedAttachments.length > 0 && (
          <>
            <dt>Files that will not be kept</dt>
            <dd>
              <ul className="refused-files">
                {item.refusedAttachments.map((f, i) => <li key={i}>{f.reason}</li>)}
              </ul>
              <span className="muted">They stay in the original e-mail only; they are not added to a case.</span>
            </dd>
          </>
        )}
      </dl>
      <h2>The e-mail</h2>
      <p className="muted">Shown as plain text: nothing in it is loaded or followed.</p>
      <pre className="mail-text">{item.body || "(no text)"}</pre>

      {item.status !== "open" ? (
        <p className="notice" role="status">
          {item.status === "discarded" ? `Discarded: ${item.discardReason ?? ""}` : item.status === "attached" ? "Attached to case " : "A case was opened from it: "}
          {item.reference && <Link to={`/cases/${item.reference}`}>{item.reference}</Link>}
          {item.decidedBy ? ` (${item.decidedBy}, ${item.decidedAt ? formatDateTime(item.decidedAt) : ""})` : ""}
        </p>
      ) : (
        <>
          <section aria-labelledby="open-heading" className="intake-action">
            <h2 id="open-heading">Open a case from it</h2>
            <p>The case&apos;s clocks start when the e-mail arrived ({formatDateTime(item.receivedAt)}).</p>
            <FormError message={errorsFor("open")._form} />
            <FieldScope.Provider value={{ prefix: "open" }}>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="open" />
                <ComplaintFields clients={clients} operatorName={operatorName} errors={errorsFor("open")} values={openValues} staff />
                <button type="submit">Open the case</button>
              </Form>
            </FieldScope.Provider>
          </section>
          <section aria-labelledby="attach-heading" className="intake-action">
            <h2 id="attach-heading">Attach it to a case</h2>
            {item.suggestedReference && (
              <p>
                It seems to belong to case <Link to={`/cases/${item.suggestedReference}`}>{item.suggestedReference}</Link>. Nothing was
                posted there: only mail to a reply address of ours is posted by itself.
              </p>
            )}
            <FormError message={errorsFor("attach")._form} />
            <FieldScope.Provider value={{ prefix: "attach", values: valuesFor("attach") ?? (item.suggestedReference ? { reference: item.suggestedReference } : undefined) }}>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="attach" />
                <Field name="reference" label="Case reference" error={errorsFor("attach").reference} hint="For example PS-2026-000123.">
                  {(a) => <input {...a} type="text" autoComplete="off" />}
                </Field>
                <Field name="audience" label="Who may read it" error={errorsFor("attach").audience} hint="From the case's complainant's own address and for all parties, it counts as their reply: a paused clock runs again from when it arrived.">
                  {(a) => (
                    <select {...a} defaultValue={a.defaultValue ?? "staff"}>
                      {AUDIENCES.map((x) => (<option key={x} value={x}>{AUDIENCE_LABELS[x]}</option>))}
                    </select>
                  )}
                </Field>
                <button type="submit">Attach to the case</button>
              </Form>
            </FieldScope.Provider>
          </section>
          <section aria-labelledby="discard-heading" className="intake-action">
            <h2 id="discard-heading">Discard it</h2>
            <FormError message={errorsFor("discard")._form} />
            <FieldScope.Provider value={{ prefix: "discard", values: valuesFor("discard") }}>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="discard" />
                <Field name="reason" label="Why it is discarded" error={errorsFor("discard").reason} hint="For example: spam, not about personal data, a duplicate of another e-mail.">
                  {(a) => <textarea {...a} rows={3} />}
                </Field>
                <button type="submit" className="danger">Discard</button>
              </Form>
            </FieldScope.Provider>
          </section>
        </>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
