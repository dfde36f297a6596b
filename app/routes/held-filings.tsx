import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CATEGORY_LABELS, maskIdentity, type Category } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { useDates } from "~/lib/dates";
import { parseWith, text } from "~/lib/forms";
import { ComplainantCell } from "~/components/ComplainantCell";
import { FormError } from "~/components/Field";
import { discardHeldFiling, HELD_FILING_DAYS, listHeldFilings } from "~/models/complaints.server";

export const meta: MetaFunction = () => [{ title: "Held filings" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  const rows = await listHeldFilings(actor, new Date());
  // The person masked on the server (ADR 028): neither the page nor its loader data holds the full name or address.
  return {
    days: HELD_FILING_DAYS,
    rows: rows.map(({ email, name, ...r }) => ({ ...r, person: maskIdentity({ name, email }), createdAt: r.createdAt.toISOString() })),
  };
}

const discardForm = z.object({
  intent: z.literal("discard", { error: "Unknown action." }),
  reference: z.string().trim().min(1, "Choose a filing.").max(40, "Choose a filing."),
  reason: text("the reason", 2000),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const parsed = parseWith(discardForm, form);
  const reference = String(form.get("reference") ?? "").slice(0, 40);
  if (!parsed.ok) return data({ reference, errors: parsed.errors as Record<string, string>, done: false }, { status: 400 });
  const outcome = await discardHeldFiling(actor, parsed.data.reference, parsed.data.reason, new Date());
  if (!outcome.ok) return data({ reference, errors: { _form: outcome.reason } as Record<string, string>, done: false }, { status: 409 });
  return { reference, errors: {} as Record<string, string>, done: true };
}

const REASONS = { known_address: "Address has complaints", staff_address: "Staff address" } as const;
const STATES = { waiting: "Waiting for confirmation", confirmed: "Confirmed", expired: "Expired", discarded: "Discarded" } as const;

export default function HeldFilings() {
  const { formatDateTime } = useDates();
  const { rows, days } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main">
      <h1>Held filings</h1>
      <p>
        Complaints made on the public form with an address that already has complaints, or with a staff address. Each waits until the
        owner of the address confirms it by the link we mailed them ({days} days); until then it is in no queue and no portal.
        A staff address cannot confirm. You can discard one that is waiting (its link stops working and its files are deleted).
        Shown: the last 30 days.
      </p>
      {result?.done && <p className="notice" role="status">Filing {result.reference} discarded.</p>}
      {result && !result.done && <FormError message={result.errors._form ?? `Filing ${result.reference}: ${Object.values(result.errors).join(" ")}`} />}
      {rows.length === 0 ? (
        <p>No held filings.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Reference</th><th scope="col">Filed</th><th scope="col">Person</th><th scope="col">Why held</th>
                <th scope="col">About</th><th scope="col">Mailed</th><th scope="col">State</th><th scope="col">What it says</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.reference}>
                  <td>{r.reference}</td>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td><ComplainantCell complainant={r.person} /></td>
                  <td>{REASONS[r.reason]}</td>
                  <td>{CATEGORY_LABELS[r.category as Category] ?? r.category}{r.clientName ? ` (${r.clientName})` : ""}</td>
                  <td>{r.mailed ? "Yes" : "No (daily limit for this address reached)"}</td>
                  <td>
                    {STATES[r.state]}
                    {r.discardReason && <><br /><small>Reason: {r.discardReason}</small></>}
                  </td>
                  <td>
                    <details>
                      <summary>Read</summary>
                      <p className="held-text">{r.description}</p>
                      {r.fileNames.length > 0 && <p>Files: {r.fileNames.join(", ")}</p>}
                      {r.state === "waiting" && (
                        <Form method="post">
                          <input type="hidden" name="intent" value="discard" />
                          <input type="hidden" name="reference" value={r.reference} />
                          <label htmlFor={`discard-${r.reference}`}>Reason for discarding</label>
                          <input id={`discard-${r.reference}`} name="reason" required maxLength={2000} />
                          <button type="submit">Discard {r.reference}</button>
                        </Form>
                      )}
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
