import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { useDates } from "~/lib/dates";
import { maskIdentity } from "~/domain";
import { ComplainantCell } from "~/components/ComplainantCell";
import { listIntake, type IntakeSummary } from "~/models/intake.server";

export const meta: MetaFunction = () => [{ title: "Intake" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const { open, decided } = await listIntake(actor);
  return { open: open.map(masked), decided: decided.map(masked) };
}

/** The sender masked on the server (ADR 028); the item's own page shows them in full, to decide on it. */
function masked({ fromName, fromAddress, ...item }: IntakeSummary) {
  return { ...item, sender: maskIdentity({ name: fromName, email: fromAddress }), hasAddress: fromAddress !== "" };
}

type IntakeRow = ReturnType<typeof masked>;

const STATUS = { open: "waiting", case_opened: "case opened", attached: "attached to a case", discarded: "discarded" } as const;

function Rows({ items, decided }: { items: IntakeRow[]; decided: boolean }) {
  const { formatDateTime } = useDates();
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Received</th><th scope="col">From</th><th scope="col">Subject</th>
            <th scope="col">{decided ? "Decision" : "Why it is here"}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td><Link to={`/intake/${i.id}`}>{formatDateTime(i.receivedAt)}</Link></td>
              <td>{i.sender.name || i.hasAddress ? <ComplainantCell complainant={i.sender} /> : <span className="muted">no address</span>}</td>
              <td>{i.subject || <span className="muted">(no subject)</span>}</td>
              <td>
                {decided ? (
                  <>
                    {STATUS[i.status]}
                    {i.reference && <> · <Link to={`/cases/${i.reference}`}>{i.reference}</Link></>}
                    <div className="muted">{i.decidedBy ?? "—"}{i.decidedAt ? `, ${formatDateTime(i.decidedAt)}` : ""}</div>
                  </>
                ) : (
                  i.reason
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Intake() {
  const { open, decided } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Intake</h1>
      <p>
        E-mail that was not sent to a case&apos;s reply address: it matched no case, or it names a case (in its subject,
        its thread or its sender&apos;s address), which is suggested. Nothing here is on a case yet: open a case from it,
        attach it to a case, or discard it with a reason. Every e-mail received, and what
        became of it, is under <Link to="/mail/inbound">Mail received</Link>.
      </p>
      <h2>Waiting ({open.length})</h2>
      {open.length ? <Rows items={open} decided={false} /> : <p className="muted">No e-mail is waiting.</p>}
      <h2>Recently decided</h2>
      {decided.length ? <Rows items={decided} decided /> : <p className="muted">Nothing decided yet.</p>}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
