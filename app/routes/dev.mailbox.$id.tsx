import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { devMailboxVisible, readDevMailbox } from "~/mail/transport.server";
import { useDates } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Development mailbox" }];

export async function loader({ params }: LoaderFunctionArgs) {
  if (!devMailboxVisible()) throw new Response("The development mailbox is off: mail goes to a real mail server, or this is not a development set-up.", { status: 404 });
  const mail = await readDevMailbox(params.id ?? "");
  if (!mail) throw new Response("There is no such message.", { status: 404 });
  return { date: mail.date, to: mail.to, from: mail.from, subject: mail.subject, text: mail.text };
}

/** Plain text with its web addresses made clickable. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <a key={i} href={p}>{p}</a> : p))}</>;
}

export default function DevMail() {
  const { formatDateTime } = useDates();
  const m = useLoaderData<typeof loader>();
  return (
    <main id="main" className="narrow">
      <p><Link to="/dev/mailbox">← All mail</Link></p>
      <h1>{m.subject}</h1>
      <dl className="facts">
        <dt>To</dt><dd>{m.to}</dd>
        <dt>From</dt><dd>{m.from}</dd>
        <dt>Sent</dt><dd>{formatDateTime(m.date)}</dd>
      </dl>
      <pre className="card mail-text"><Linked text={m.text} /></pre>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
