import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { getSignedIn } from "~/auth/guards.server";
import { continueToSecondFactor } from "~/auth/second-step.server";
import { attemptStaffLogin } from "~/auth/sign-in.server";
import { clientAddressOf } from "~/security/load-context";
import { pleaseWait } from "~/security/throttle.server";
import { email, parseWith } from "~/lib/forms";

export const meta: MetaFunction = () => [{ title: "Staff sign-in" }];

const loginForm = z.object({
  email,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1000, "That password is too long."),
  next: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn({ request, context });
  if (signedIn && signedIn.actor.role !== "complainant") throw redirect("/cases");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(loginForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const staff = await throttledPasswordCheck(parsed.data.email, parsed.data.password, clientAddressOf(context));
  if (!staff.ok) return staff.response;
  // The session starts only after the second factor (/login/verify, app/routes/login_.verify.tsx).
  return continueToSecondFactor(staff.userId, parsed.data.next);
}

/** The password check behind the login throttle: a wait is a 429 that says when to try again. */
async function throttledPasswordCheck(email: string, password: string, clientAddress: string | null) {
  const attempt = await attemptStaffLogin({ email, password, clientAddress }, new Date());
  if (attempt.ok) return attempt;
  if (attempt.kind === "throttled") {
    const message = `Too many failed sign-in attempts. ${pleaseWait(attempt.retryAfterSeconds)}`;
    return { ok: false as const, response: data({ errors: { _form: message } as Record<string, string> }, { status: 429, headers: { "Retry-After": String(attempt.retryAfterSeconds) } }) };
  }
  return { ok: false as const, response: data({ errors: { _form: "That e-mail address and password do not match a staff account." } as Record<string, string> }, { status: 400 }) };
}

export default function Login() {
  const errors: Record<string, string> = useActionData<typeof action>()?.errors ?? {};
  const [params] = useSearchParams();
  return (
    <main id="main" className="narrow">
      <h1>Staff sign-in</h1>
      <p className="muted">For the Security Officer and client liaisons. If you made a complaint, <a href="/signin">follow it here</a> instead.</p>
      <FormError message={errors._form} />
      <Form method="post" noValidate>
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field name="email" label="Email" error={errors.email}>
          {(a) => <input {...a} type="email" autoComplete="username" />}
        </Field>
        <Field name="password" label="Password" error={errors.password}>
          {(a) => <input {...a} type="password" autoComplete="current-password" />}
        </Field>
        <button type="submit">Sign in</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
