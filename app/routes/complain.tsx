import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { operator } from "~/config/operator.server";
import { FormError } from "~/components/Field";
import { ComplaintFields, type CompanySearch } from "~/components/ComplaintFields";
import { complaintErrorsIn, complaintForm, complaintInput, echoValues } from "~/lib/complaint-form";
import { parseWith } from "~/lib/forms";
import { acceptPublicFiling } from "~/models/public-filing.server";
import { localeFromRequest, translatorFor, useT } from "~/i18n";
import { clientAddressOf } from "~/security/load-context";
import { readActionForm } from "~/lib/uploads.server";
import { uploadErrorIn } from "~/i18n/uploads";
import { FileField } from "~/components/case/FileField";
import { findClients } from "~/models/client-search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Make a complaint" }];

// No list of every client: the form searches them (issue 10; hundreds do not fit a drop-down).
export async function loader({ request }: LoaderFunctionArgs) {
  return { operatorName: operator.name, submissionKey: randomUUID(), title: translatorFor(localeFromRequest(request))("complain.meta.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Every refusal in the complainant's language (the models' reasons are English, for staff and logs).
  const t = translatorFor(localeFromRequest(request));
  const read = await readActionForm(request);
  const form = read.form;
  if (!read.ok) return data({ errors: { files: uploadErrorIn(t, read.problem) } as Record<string, string>, values: echoValues(form) }, { status: read.status });
  // "Find the company": the same form back, every field kept, the matching clients to choose from.
  if (form.get("intent") === "find-company") {
    const query = String(form.get("companyQuery") ?? "").slice(0, 200);
    return data({ errors: {} as Record<string, string>, values: echoValues(form), search: { query, ...(await findClients(query)) } });
  }
  const parsed = parseWith(complaintForm, form);
  if (!parsed.ok) return data({ errors: complaintErrorsIn(t, parsed.codes), values: echoValues(form) }, { status: 400 });
  const files = read.files.map((f) => ({ fileName: f.fileName, bytes: f.bytes }));
  // The same work and the same answer for every address (ADR 032): the submission is stored and its
  // job queued; whether it opens a case or waits for confirmation is decided in the background.
  // The case keeps the language the form was filled in (ADR 033).
  const outcome = await acceptPublicFiling({ ...complaintInput(parsed.data), language: localeFromRequest(request) }, clientAddressOf(context), new Date(), files);
  if (!outcome.ok && "throttled" in outcome) {
    const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
    return data({ errors: { _form: t("complain.throttled", { minutes }) } as Record<string, string>, values: echoValues(form) }, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
  }
  if (!outcome.ok) {
    const organization = t(outcome.code === "client_inactive" ? "complain.error.organizationInactive" : "complain.error.organizationList");
    return data({ errors: { organization } as Record<string, string>, values: echoValues(form) }, { status: 400 });
  }
  return redirect(`/complain/received/${outcome.reference}`);
}

export default function Complain() {
  const t = useT();
  const { operatorName, submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") !== "find-company";
  const search = result && "search" in result ? (result.search as CompanySearch) : null;
  return (
    <main id="main" className="narrow">
      <h1>{t("complain.heading")}</h1>
      <p>{t("complain.intro")}</p>
      <FormError message={errors._form} />
      {Object.keys(errors).length > 0 && !errors._form && (
        <p className="form-error" role="alert">{t("complain.fixFields")}</p>
      )}
      <Form method="post" noValidate encType="multipart/form-data">
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <ComplaintFields search={search} operatorName={operatorName} errors={errors} values={result?.values ?? {}} />
        <FileField error={errors.files} label={t("complain.files")} />
        <button type="submit" disabled={busy}>{busy ? t("complain.sending") : t("complain.send")}</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
