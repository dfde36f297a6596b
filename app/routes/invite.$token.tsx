import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { Enrolment, RecoveryCodes } from "~/components/account/Enrolment";
import { enrolmentView } from "~/auth/enrolment.server";
import { acceptInvite, inviteByToken } from "~/models/accounts.server";
import { INVITE_GONE, MIN_PASSWORD_LENGTH } from "~/lib/account-words";
import { parseWith } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Set up your staff account" }];

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

const acceptForm = z.object({
  password: z.string({ error: "Choose a password." }).min(1, "Choose a password.").max(1000, "That password is too long."),
  confirm: z.string({ error: "Type the password again." }).min(1, "Type the password again.").max(1000, "That password is too long."),
  code: z.string({ error: "Enter the code from your app." }).trim().min(1, "Enter the code from your app.").max(20, "That is not a code."),
});

// Opening the link changes nothing (mail scanners follow links): only the form's POST uses it.
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const invite = TOKEN.test(token) ? await inviteByToken(token, new Date()) : null;
  if (!invite) return { invite: null };
  const { totpSecret, ...shown } = invite;
  return { invite: { ...shown, ...(await enrolmentView(invite.email, totpSecret)) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  if (!TOKEN.test(token)) return data({ errors: { _form: INVITE_GONE } as Record<string, string>, recoveryCodes: null }, { status: 400 });
  const parsed = parseWith(acceptForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, recoveryCodes: null }, { status: 400 });
  const outcome = await acceptInvite(token, parsed.data, new Date());
  if (!outcome.ok) return data({ errors: { [outcome.field]: outcome.reason } as Record<string, string>, recoveryCodes: null }, { status: 400 });
  return { errors: {} as Record<string, string>, recoveryCodes: outcome.recoveryCodes };
}

export default function AcceptInvite() {
  const { invite } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.recoveryCodes) {
    return (
      <main id="main" className="narrow">
        <h1>Your account is ready</h1>
        <p role="status" className="notice">Your password and second factor are set. Sign in with your e-mail address, your password and a code from your app.</p>
        <RecoveryCodes codes={result.recoveryCodes} />
        <p><Link className="button" to="/login">Go to staff sign-in</Link></p>
      </main>
    );
  }
  if (!invite) {
    return (
      <main id="main" className="narrow">
        <h1>This invitation cannot be used</h1>
        <p>{INVITE_GONE}</p>
      </main>
    );
  }
  const errors = result?.errors ?? {};
  return (
    <main id="main" className="narrow">
      <h1>Set up your staff account</h1>
      <p>
        Welcome, {invite.name}. You are invited as {invite.role === "officer" ? "Security Officer" : `liaison for ${invite.clientName ?? "a client"}`}, signing
        in as <strong>{invite.email}</strong>.
      </p>
      <FormError message={errors._form} />
      <Form method="post" noValidate>
        <h2>1. Choose a password</h2>
        <Field name="password" label="New password" error={errors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.`}>
          {(a) => <input {...a} type="password" autoComplete="new-password" />}
        </Field>
        <Field name="confirm" label="New password again" error={errors.confirm}>
          {(a) => <input {...a} type="password" autoComplete="new-password" />}
        </Field>
        <h2>2. Second factor</h2>
        <Enrolment qrSvg={invite.qrSvg} secret={invite.secret} />
        <Field name="code" label="6-digit code from your app" error={errors.code}>
          {(a) => <input {...a} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={20} />}
        </Field>
        <button type="submit">Set up my account</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
