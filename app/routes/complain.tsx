import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { operator } from "~/config/operator.server";
import { FormError } from "~/components/Field";
import { ComplaintFields } from "~/components/ComplaintFields";
import { complaintForm, complaintInput, echoValues, fileErrors } from "~/lib/complaint-form";
import { parseWith } from "~/lib/forms";
import { filePublicComplaint } from "~/models/complaints.server";
import { localeFromRequest } from "~/i18n";
import { clientAddressOf } from "~/security/load-context";
import { readActionForm } from "~/lib/uploads.server";
import { FileField } from "~/components/case/FileField";
import { listClients } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "Make a complaint" }];

export async function loader() {
  return { clients: await listClients({ activeOnly: true }), operatorName: operator.name, submissionKey: randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const read = await readActionForm(request);
  const form = read.form;
  if (!read.ok) return data({ errors: { files: read.error } as Record<string, string>, values: echoValues(form) }, { status: read.status });
  const parsed = parseWith(complaintForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoValues(form) }, { status: 400 });
  const files = read.files.map((f) => ({ fileName: f.fileName, bytes: f.bytes }));
  // The same answer whether or not we know the address: a reference and "we have sent you an e-mail".
  // The case keeps the language the form was filled in (ADR 033).
  const outcome = await filePublicComplaint({ ...complaintInput(parsed.data), language: localeFromRequest(request) }, clientAddressOf(context), new Date(), files);
  if (!outcome.ok && "throttled" in outcome) {
    return data({ errors: { _form: outcome.reason } as Record<string, string>, values: echoValues(form) }, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
  }
  if (!outcome.ok) return data({ errors: fileErrors(outcome), values: echoValues(form) }, { status: 400 });
  return redirect(`/complain/received/${outcome.reference}`);
}

export default function Complain() {
  const { clients, operatorName, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <main id="main" className="narrow">
      <h1>Make a complaint</h1>
      <p>
        Tell us what happened and what you would like done. We will send you an e-mail with your case
        reference and a link to follow your complaint. Fields are required unless marked optional.
      </p>
      <FormError message={errors._form} />
      {Object.keys(errors).length > 0 && !errors._form && (
        <p className="form-error" role="alert">Please correct the fields marked below.</p>
      )}
      <Form method="post" noValidate encType="multipart/form-data">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <ComplaintFields clients={clients} operatorName={operatorName} errors={errors} values={result?.values ?? {}} />
        <FileField error={errors.files} label="Documents that support your complaint (optional)" />
        <button type="submit" disabled={busy}>{busy ? "Sending…" : "Send my complaint"}</button>
      </Form>
    </main>
  );
}
