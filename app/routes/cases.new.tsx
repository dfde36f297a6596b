import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STAGES, STAGE_LABELS } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { operator } from "~/config/operator.server";
import { ComplaintFields } from "~/components/ComplaintFields";
import { Field, FormError } from "~/components/Field";
import { complaintForm, complaintInput, echoValues, fileErrors } from "~/lib/complaint-form";
import { parseWith } from "~/lib/forms";
import { fileComplaint } from "~/models/complaints.server";
import { listClients } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "Open a referred case" }];

const referralForm = complaintForm.extend({
  startStage: z.enum(STAGES, { error: "Choose the step where the case arrived." }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedIn(request, ["officer"]);
  return { clients: await listClients({ activeOnly: true }), operatorName: operator.name, submissionKey: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn(request, ["officer"]);
  const form = await request.formData();
  const parsed = parseWith(referralForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoValues(form) }, { status: 400 });
  const outcome = await fileComplaint(complaintInput(parsed.data), new Date(), { actor, startStage: parsed.data.startStage });
  if (!outcome.ok) return data({ errors: fileErrors(outcome), values: echoValues(form) }, { status: 400 });
  return redirect(`/cases/${outcome.reference}?done=opened`);
}

export default function NewReferredCase() {
  const { clients, operatorName, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main id="main" className="narrow">
      <h1>Open a referred case</h1>
      <p>For a complaint that first reaches us at a later step, such as a referral from the dispute body, or one received by post or telephone.</p>
      <FormError message={errors._form} />
      <Form method="post" noValidate>
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <Field name="startStage" label="The step where the case arrived" error={errors.startStage}>
          {(a) => (
            <select {...a} defaultValue={values.startStage ?? "dma"}>
              {STAGES.map((s) => (<option key={s} value={s}>{STAGE_LABELS[s]}</option>))}
            </select>
          )}
        </Field>
        <ComplaintFields clients={clients} operatorName={operatorName} errors={errors} values={values} staff />
        <button type="submit">Open the case</button>
      </Form>
    </main>
  );
}
