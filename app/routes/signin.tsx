import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/Field";
import { askForSignInLink } from "~/auth/sign-in.server";
import { clientAddressOf } from "~/security/load-context";
import { email, parseWith } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Follow your complaint" }];

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { sent: url.searchParams.get("sent") === "1", expired: url.searchParams.get("expired") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(z.object({ email }), await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string> }, { status: 400 });
  // The same answer for every address; the link itself is sent in the background.
  const asked = await askForSignInLink(parsed.data.email, clientAddressOf(context), new Date());
  if (!asked.ok) {
    const minutes = Math.ceil(asked.retryAfterSeconds / 60);
    const wait = minutes === 1 ? "a minute" : `${minutes} minutes`;
    return data({ errors: { _form: `We have had many requests from your connection. Please try again in ${wait}.` } as Record<string, string> }, { status: 429, headers: { "Retry-After": String(asked.retryAfterSeconds) } });
  }
  return redirect("/signin?sent=1");
}

export default function SignIn() {
  const { sent, expired } = useLoaderData<typeof loader>();
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  return (
    <main id="main" className="narrow">
      <h1>Follow your complaint</h1>
      {sent ? (
        <p className="notice" role="status">
          If we have a complaint from that address, we have sent it a sign-in link. It works once and expires after 30 minutes.
        </p>
      ) : (
        <p>You do not need a password. Enter the e-mail address you used for your complaint and we will send you a sign-in link.</p>
      )}
      {errors._form && <p className="form-error" role="alert">{errors._form}</p>}
      {expired && <p className="form-error" role="alert">That sign-in link has expired or was already used. Ask for a new one here.</p>}
      <Form method="post" noValidate>
        <Field name="email" label="Email" error={errors.email}>
          {(a) => <input {...a} type="email" autoComplete="email" />}
        </Field>
        <button type="submit">Send me a sign-in link</button>
      </Form>
    </main>
  );
}
