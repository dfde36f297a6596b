import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { auditForOfficer } from "~/models/audit.server";

export const meta: MetaFunction = () => [{ title: "Audit trail check" }];

/** Officer only: every case's event chain recomputed now (ADR 019). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const report = await auditForOfficer(actor);
  return { ...report, checkedAt: new Date().toISOString() };
}

export default function Audit() {
  const { cases, events, broken, checkedAt } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Audit trail check</h1>
      <p>
        Every event on a case carries a hash over its content and the hash of the event before it. This page recomputes
        every chain; a row that was changed, deleted or moved by someone with database access breaks its chain.
      </p>
      <p><Link to="/audit/reveals">Identity reveals</Link>: who looked at which complainant&apos;s identity, and when.</p>
      <p role="status" className={broken.length ? "form-error" : "notice"}>
        {broken.length
          ? `${broken.length} of ${cases} case chains are broken.`
          : `All ${cases} case chains hold (${events} events).`}{" "}
        <span className="muted">Checked {new Date(checkedAt).toUTCString()}.</span>
      </p>
      {broken.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <caption>First broken link of each chain</caption>
            <thead>
              <tr>
                <th scope="col">Case</th><th scope="col">Event</th><th scope="col">Type</th><th scope="col">What is wrong</th>
              </tr>
            </thead>
            <tbody>
              {broken.map((b) => (
                <tr key={b.reference}>
                  <td><Link to={`/cases/${b.reference}`}>{b.reference}</Link></td>
                  <td>{b.seq} <span className="muted">(row {b.eventId})</span></td>
                  <td>{b.eventType.replace(/_/g, " ")}</td>
                  <td>{b.detail}</td>
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
