import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { FormError } from "~/components/Field";
import { RecoveryCodes } from "~/components/account/Enrolment";
import { useDates } from "~/lib/dates";
import { parseWith } from "~/lib/forms";
import { regenerateRecoveryCodes, securityOverview } from "~/models/accounts.server";

export const meta: MetaFunction = () => [{ title: "Sign-in security" }];

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireSignedIn(args, ["officer", "liaison"]);
  const o = await securityOverview(user.id);
  return { ...o, totpEnabledAt: o.totpEnabledAt ? o.totpEnabledAt.toISOString() : null };
}

const actionForm = z.object({ intent: z.literal("new_recovery_codes", { error: "Unknown action." }) });

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireSignedIn(args, ["officer", "liaison"]);
  const parsed = parseWith(actionForm, await args.request.formData());
  if (!parsed.ok) return data({ error: "Unknown action.", codes: null }, { status: 400 });
  return { error: null, codes: await regenerateRecoveryCodes(user.id, new Date()) };
}

export default function SignInSecurity() {
  const { formatDateTime } = useDates();
  const o = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main" className="narrow">
      <h1>Sign-in security</h1>
      <dl className="facts">
        <dt>Account</dt><dd>{o.email}</dd>
        <dt>Second factor</dt><dd>{o.totpEnabledAt ? `Authenticator app, set up ${formatDateTime(o.totpEnabledAt)}` : "Not set up"}</dd>
        <dt>Recovery codes left</dt><dd>{o.recoveryCodesLeft}</dd>
      </dl>
      <p>Lost your phone? Sign in with a recovery code, then ask the Security Officer to reset your second factor: at your next sign-in you set up the new phone.</p>
      <FormError message={result?.error} />
      {result?.codes ? (
        <RecoveryCodes codes={result.codes} />
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="new_recovery_codes" />
          <button type="submit" className="secondary">Make new recovery codes (the old ones stop working)</button>
        </Form>
      )}
      <p><Link to="/account/sessions">Your sessions</Link></p>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
