import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { devMailboxVisible, listDevMailbox } from "~/mail/transport.server";
import { useDates } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Development mailbox" }];

// Only while mail goes to files (no SMTP_URL): with a real mail server there is nothing to show.
export async function loader() {
  if (!devMailboxVisible()) throw new Response("The development mailbox is off: mail goes to a real mail server, or this is not a development set-up.", { status: 404 });
  return { mails: (await listDevMailbox(100)).map(({ id, date, to, subject }) => ({ id, date, to, subject })) };
}

export default function DevMailbox() {
  const { formatDateTime } = useDates();
  const { mails } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Development mailbox</h1>
      <p className="muted">Mail the app would have sent. It appears here because no SMTP_URL is configured; newest first.</p>
      <div className="table-wrap">
        <table className="data">
          <thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.date)}</td>
                <td>{m.to}</td>
                <td><Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link></td>
              </tr>
            ))}
            {mails.length === 0 && <tr><td colSpan={3} className="muted">No mail yet.</td></tr>}
          </tbody>
        </table>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
