import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { FormError } from "~/components/Field";
import { parseWith, uuid } from "~/lib/forms";
import { requestErasure } from "~/models/export.server";

export const meta: MetaFunction = () => [{ title: "Your data" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSignedIn({ request, context }, ["complainant"]);
  // One key per rendered form: a second click files nothing new.
  return { submissionKey: randomUUID() };
}

const erasureSchema = z.object({
  intent: z.literal("erase", { error: "Unknown action." }),
  confirm: z.literal("yes", { error: "Tick the box to confirm that you want your account erased." }),
  submissionKey: uuid("The form has expired: load the page again."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  if (actor.role !== "complainant") throw new Response("Not found", { status: 404 });
  const parsed = parseWith(erasureSchema, await request.formData());
  if (!parsed.ok) return data({ error: Object.values(parsed.errors)[0] ?? "Check the form." }, { status: 400 });
  const filed = await requestErasure(actor, parsed.data.submissionKey, new Date());
  if (!filed.ok) return data({ error: filed.reason }, { status: 400 });
  return redirect(`/my/export?requested=${filed.reference}`, 303);
}

export default function MyData() {
  const { submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const requested = params.get("requested");
  return (
    <main id="main">
      <h1>Your data</h1>
      <p>
        You can download everything we hold about you: your account, your complaints, the messages and files you can see, the
        steps of each case and the mail we sent you.
      </p>
      <ul>
        <li><a href="/my/export.html" download>Download as a page you can read and print (HTML)</a></li>
        <li><a href="/my/export.json" download>Download as a data file (JSON, files included)</a></li>
      </ul>

      <h2>Ask us to erase your account</h2>
      {requested ? (
        <p className="notice" role="status">
          Your request is case <Link to={`/my/cases/${requested}`}>{requested}</Link>. We will answer it like any complaint,
          within the same time limits, and you can follow it here.
        </p>
      ) : (
        <>
          <p>
            This opens a request of its own to remove or anonymise your personal data. We handle it like any complaint, with the
            same time limits and the same ways to take it further. Complaints that are still open stay open until they are
            finished.
          </p>
          <Form method="post" className="card">
            <FormError message={result?.error} />
            <input type="hidden" name="intent" value="erase" />
            <input type="hidden" name="submissionKey" value={submissionKey} />
            <div className="field">
              <input type="checkbox" id="erase-confirm" name="confirm" value="yes" required />{" "}
              <label htmlFor="erase-confirm">I want my account and my personal data erased</label>
            </div>
            <button type="submit">Send the request</button>
          </Form>
        </>
      )}
    </main>
  );
}
