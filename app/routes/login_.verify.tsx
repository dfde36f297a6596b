import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { Enrolment, RecoveryCodes } from "~/components/account/Enrolment";
import { enrolmentView } from "~/auth/enrolment.server";
import { safeNext } from "~/auth/guards.server";
import { sessionMetaOf } from "~/auth/sessions.server";
import { clearPendingCookie, completeSecondFactor, pendingSignIn, readPendingCookie } from "~/models/accounts.server";
import { parseWith } from "~/lib/forms";
import { pleaseWait } from "~/security/throttle.server";

export const meta: MetaFunction = () => [{ title: "Staff sign-in: code" }];

const codeForm = z.object({
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(40, "That is not a code."),
});

/** The second step of staff sign-in: a pending sign-in (cookie) and no session yet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = readPendingCookie(request);
  const pending = token ? await pendingSignIn(token, new Date()) : null;
  if (!pending) throw redirect("/login", { headers: { "Set-Cookie": clearPendingCookie() } });
  return { enrol: pending.enrolSecret ? await enrolmentView(pending.email, pending.enrolSecret) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readPendingCookie(request);
  if (!token) return redirect("/login");
  const parsed = parseWith(codeForm, await request.formData());
  if (!parsed.ok) return data({ error: parsed.errors.code ?? "Enter the code.", recoveryCodes: null, next: null }, { status: 400 });
  // The session starts in the transaction that spends the code (and writes new recovery codes).
  const outcome = await completeSecondFactor(token, parsed.data.code, new Date(), sessionMetaOf(request, context));
  if (!outcome.ok) {
    if ("retryAfterSeconds" in outcome) {
      // Too many wrong codes for this person, over all sign-ins (ADR 061): like the password throttle, a 429 that says when.
      const error = `${outcome.reason} ${pleaseWait(outcome.retryAfterSeconds)}`;
      return data({ error, recoveryCodes: null, next: null }, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
    }
    if (outcome.restart) return redirect("/login", { headers: { "Set-Cookie": clearPendingCookie() } });
    return data({ error: outcome.reason, recoveryCodes: null, next: null }, { status: 400 });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", clearPendingCookie());
  if (outcome.cookie) headers.append("Set-Cookie", outcome.cookie);
  const next = safeNext(outcome.next, "/cases");
  // A new authenticator: the recovery codes are shown once, before going on.
  if (outcome.recoveryCodes) return data({ error: null, recoveryCodes: outcome.recoveryCodes, next }, { headers });
  return redirect(next, { headers });
}

export default function VerifyCode() {
  const { enrol } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.recoveryCodes) {
    return (
      <main id="main" className="narrow">
        <h1>Your second factor is set up</h1>
        <RecoveryCodes codes={result.recoveryCodes} />
        <p>
          <Link className="button" to={result.next ?? "/cases"}>Continue</Link>
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <h1>Staff sign-in: second step</h1>
      {enrol ? (
        <>
          <p>Your account needs a second factor before you can sign in.</p>
          <Enrolment qrSvg={enrol.qrSvg} secret={enrol.secret} />
        </>
      ) : (
        <p className="muted">Enter the 6-digit code your authenticator app shows for this account, or one of your recovery codes.</p>
      )}
      <FormError message={result?.error} />
      <Form method="post" noValidate>
        <Field name="code" label={enrol ? "6-digit code from your app" : "Code"} error={undefined}>
          {(a) => <input {...a} type="text" inputMode={enrol ? "numeric" : "text"} autoComplete="one-time-code" autoFocus maxLength={40} />}
        </Field>
        <button type="submit">{enrol ? "Confirm and sign in" : "Sign in"}</button>
      </Form>
      <p><Link to="/login">Start again</Link></p>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
