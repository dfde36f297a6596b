import { randomUUID } from "node:crypto";
import { redirectWithFlash } from "~/lib/flash.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RECEIVED_VIA, STAGES, stepName } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { operator } from "~/config/operator.server";
import { ComplaintFields } from "~/components/ComplaintFields";
import { Field, FormError } from "~/components/Field";
import { complainantLanguage, complaintForm, complaintInput, echoValues, fileErrors } from "~/lib/complaint-form";
import { optionalText, parseWith } from "~/lib/forms";
import { dateTimeIn } from "~/lib/case-forms";
import { zoneName } from "~/domain";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { readActionForm } from "~/lib/uploads.server";
import { FileField } from "~/components/case/FileField";
import { fileComplaint } from "~/models/complaints.server";
import { listClients } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "Open a referred case" }];

/** The receipt time is read in the operator's zone (named beside the field), not in UTC. */
const referralForm = (zone: string) =>
  complaintForm.extend({
    ...complainantLanguage,
    startStage: z.enum(STAGES, { error: "Choose the step where the case arrived." }),
    receivedVia: z.enum(RECEIVED_VIA, { error: "Choose how the complaint reached us." }),
    receivedAt: dateTimeIn(zone),
    disputeReference: optionalText("the dispute body's case number", 100),
  });

const RECEIVED_VIA_LABELS: Record<(typeof RECEIVED_VIA)[number], string> = {
  referral: "Referred by the dispute body",
  postal: "By post",
  phone: "By telephone",
  email: "By e-mail",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSignedIn({ request, context }, ["officer"]);
  const [clients, zone] = await Promise.all([listClients({ activeOnly: true }), operatorZoneOf(context)]);
  return { clients, operatorName: operator.name, submissionKey: randomUUID(), zoneName: zoneName(zone) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  const read = await readActionForm(request);
  const form = read.form;
  const values = { ...echoValues(form), ...staffValues(form) };
  if (!read.ok) return data({ errors: { files: read.error } as Record<string, string>, values }, { status: read.status });
  const parsed = parseWith(referralForm(await operatorZoneOf(context)), form);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const f = parsed.data;
  const files = read.files.map((x) => ({ fileName: x.fileName, bytes: x.bytes }));
  const outcome = await fileComplaint(
    complaintInput(f),
    new Date(),
    { actor, startStage: f.startStage, receivedVia: f.receivedVia, receivedAt: f.receivedAt, disputeReference: f.disputeReference ?? null },
    { files },
  );
  // The domain's refusals of a receipt time belong beside that field.
  if (!outcome.ok && "refusal" in outcome && /received/.test(outcome.reason)) {
    return data({ errors: { receivedAt: outcome.reason } as Record<string, string>, values }, { status: 400 });
  }
  if (!outcome.ok) return data({ errors: fileErrors(outcome), values }, { status: 400 });
  return redirectWithFlash(`/cases/${outcome.reference}`, { key: "flash.case.opened", values: { reference: outcome.reference } });
}

function staffValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of ["receivedVia", "receivedAt", "disputeReference"]) {
    const v = form.get(key);
    if (typeof v === "string") values[key] = v.slice(0, 200);
  }
  return values;
}

export default function NewReferredCase() {
  const { clients, operatorName, submissionKey, zoneName: zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main id="main" className="narrow">
      <h1>Open a referred case</h1>
      <p>For a complaint that first reaches us at a later step, such as a referral from the dispute body, or one received by post or telephone.</p>
      <FormError message={errors._form} />
      <Form method="post" noValidate encType="multipart/form-data">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <Field name="receivedVia" label="How it reached us" error={errors.receivedVia}>
          {(a) => (
            <select {...a} defaultValue={values.receivedVia ?? "referral"}>
              {RECEIVED_VIA.map((v) => (<option key={v} value={v}>{RECEIVED_VIA_LABELS[v]}</option>))}
            </select>
          )}
        </Field>
        <Field name="receivedAt" label={`When it was received (${zone})`} hint={`Date and time in ${zone}, the operator's zone. The clocks start at this time, not now. Not in the future, and at most a year ago.`} error={errors.receivedAt}>
          {(a) => <input {...a} type="datetime-local" defaultValue={values.receivedAt} />}
        </Field>
        <Field name="disputeReference" label="The dispute body's case number (optional)" error={errors.disputeReference}>
          {(a) => <input {...a} type="text" defaultValue={values.disputeReference} maxLength={100} />}
        </Field>
        <Field name="startStage" label="The step where the case arrived" error={errors.startStage}>
          {(a) => (
            <select {...a} defaultValue={values.startStage ?? "dma"}>
              {STAGES.map((s) => (<option key={s} value={s}>{stepName(s)}</option>))}
            </select>
          )}
        </Field>
        <ComplaintFields clients={clients} operatorName={operatorName} errors={errors} values={values} staff />
        <FileField error={errors.files} label="Scans or documents that came with it (optional)" />
        <button type="submit">Open the case</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
