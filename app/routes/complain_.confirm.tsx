import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { sessionCookieFor } from "~/auth/guards.server";
import { parseWith } from "~/lib/forms";
import { confirmHeldFiling } from "~/models/complaints.server";

export const meta: MetaFunction = () => [{ title: "Confirm your complaint" }];

const tokenForm = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This confirmation link is not valid.") });

// Opening the link only shows a button: mail scanners that follow links must not confirm anything.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseWith(tokenForm, new URL(request.url).searchParams);
  return { token: parsed.ok ? parsed.data.token : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseWith(tokenForm, await request.formData());
  if (!parsed.ok) return data({ failed: "This confirmation link is not valid." }, { status: 400 });
  const outcome = await confirmHeldFiling(parsed.data.token, new Date());
  if (!outcome.ok) return data({ failed: outcome.reason }, { status: 400 });
  // The link came to their address: it signs them in, as a sign-in link does.
  return redirect(`/my/cases/${outcome.reference}`, { headers: { "Set-Cookie": await sessionCookieFor(outcome.userId) } });
}

export default function ConfirmComplaint() {
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>()?.failed;
  return (
    <main id="main" className="narrow">
      <h1>Confirm your complaint</h1>
      {failed && <p className="form-error" role="alert">{failed} <a href="/signin">Sign in</a> to see your complaints.</p>}
      {loaded.token && !failed ? (
        <>
          <p>A new complaint was made with your e-mail address. If you made it, confirm it here and it will be handled like your other complaints.</p>
          <Form method="post">
            <input type="hidden" name="token" value={loaded.token} />
            <button type="submit">Confirm my complaint</button>
          </Form>
          <p className="muted">If you did not make it, close this page: nothing will be opened.</p>
        </>
      ) : failed ? null : (
        <p className="form-error" role="alert">This confirmation link is not valid, has expired or was already used. <a href="/signin">Sign in</a> to see your complaints.</p>
      )}
    </main>
  );
}
