import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CATEGORY_LABELS, maskIdentity, type Category } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { useDates } from "~/lib/dates";
import { ComplainantCell } from "~/components/ComplainantCell";
import { HELD_FILING_DAYS, listHeldFilings } from "~/models/complaints.server";

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

const REASONS = { known_address: "Address has complaints", staff_address: "Staff address" } as const;
const STATES = { waiting: "Waiting for confirmation", confirmed: "Confirmed", expired: "Expired" } as const;

export default function HeldFilings() {
  const { formatDateTime } = useDates();
  const { rows, days } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Held filings</h1>
      <p>
        Complaints made on the public form with an address that already has complaints, or with a staff address. Each waits until the
        owner of the address confirms it by the link we mailed them ({days} days); until then it is in no queue and no portal.
        A staff address cannot confirm. Shown: the last 30 days.
      </p>
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
                  <td>{STATES[r.state]}</td>
                  <td><details><summary>Read</summary><p className="held-text">{r.description}</p></details></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
