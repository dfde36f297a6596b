import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/Field";
import { askForSignInLink } from "~/auth/sign-in.server";
import { clientAddressOf } from "~/security/load-context";
import { email, parseWith } from "~/lib/forms";
import { emailErrorIn } from "~/lib/complaint-form";
import { localeFromRequest, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("signin.title") }];

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { sent: url.searchParams.get("sent") === "1", expired: url.searchParams.get("expired") === "1", locale: localeFromRequest(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(z.object({ email }), await request.formData());
  if (!parsed.ok) {
    // In the visitor's language; the schema's own messages are English.
    const t = translatorFor(localeFromRequest(request));
    return data({ errors: { email: emailErrorIn(t, parsed.codes.email ?? "invalid_type") } as Record<string, string> }, { status: 400 });
  }
  // The same answer for every address; the link itself is sent in the background.
  const asked = await askForSignInLink(parsed.data.email, clientAddressOf(context), new Date(), localeFromRequest(request));
  if (!asked.ok) {
    const minutes = Math.ceil(asked.retryAfterSeconds / 60);
    const t = translatorFor(localeFromRequest(request));
    return data({ errors: { _form: t("signin.throttled", { minutes }) } as Record<string, string> }, { status: 429, headers: { "Retry-After": String(asked.retryAfterSeconds) } });
  }
  return redirect("/signin?sent=1");
}

export default function SignIn() {
  const { sent, expired } = useLoaderData<typeof loader>();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  const t = useT();
  return (
    <main id="main" className="narrow">
      <h1>{t("signin.title")}</h1>
      {sent ? (
        <p className="notice" role="status">
          {t("signin.sent")}
        </p>
      ) : (
        <p>{t("signin.intro")}</p>
      )}
      {errors._form && <p className="form-error" role="alert">{errors._form}</p>}
      {expired && <p className="form-error" role="alert">{t("signin.expired")}</p>}
      <Form method="post" noValidate>
        <Field name="email" label={t("signin.email")} error={errors.email}>
          {(a) => <input {...a} type="email" autoComplete="email" />}
        </Field>
        <button type="submit">{t("signin.submit")}</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
