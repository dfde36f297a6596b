import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STATUS_LABELS, stepName, type Stage, type Status } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { NextDeadlineBadge } from "~/components/DeadlineBadge";
import { useDates } from "~/lib/dates";
import { loadOperatorZone } from "~/models/clock-settings.server";
import { listCases } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "My complaints" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, user } = await requireSignedIn({ request, context }, ["complainant"]);
  const { rows } = await listCases(actor, { status: "all" }, null, new Date(), await loadOperatorZone());
  // Only what the table shows: no case ids.
  return {
    name: user.name,
    cases: rows.map((r) => ({ reference: r.reference, stage: r.stage, status: r.status, next_due: r.next_due, days_left: r.days_left, opened_at: r.opened_at })),
  };
}

export default function MyCases() {
  const { name, cases } = useLoaderData<typeof loader>();
  const { formatDate } = useDates();
  return (
    <main id="main">
      <h1>My complaints</h1>
      <p>Hello {name}. Here are the complaints you have made.</p>
      <p><Link to="/my/export">Your data</Link>: download everything we hold about you, or ask us to erase your account.</p>
      {cases.length === 0 ? (
        <p>You have no complaints with us. <Link to="/complain">Make a complaint</Link></p>
      ) : (
        <div className="table-wrap">
          <table className="data stack">
            <thead>
              <tr><th scope="col">Reference</th><th scope="col">With</th><th scope="col">Where it stands</th><th scope="col">Next deadline</th><th scope="col">Made on</th></tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.reference}>
                  <td data-label="Reference"><Link to={`/my/cases/${c.reference}`}>{c.reference}</Link></td>
                  <td data-label="With">{stepName(c.stage as Stage)}</td>
                  <td data-label="Where it stands">{STATUS_LABELS[c.status as Status]}</td>
                  <td data-label="Next deadline">
                    {c.next_due ? <>{formatDate(c.next_due)} </> : c.status === "awaiting_complainant" ? null : "—"}
                    <NextDeadlineBadge dueAt={c.next_due} daysLeft={c.days_left} status={c.status} />
                  </td>
                  <td data-label="Made on">{formatDate(c.opened_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
