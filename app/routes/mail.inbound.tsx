import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { ComplainantCell } from "~/components/ComplainantCell";
import { maskAddressesIn, maskIdentity } from "~/domain";
import { useDates } from "~/lib/dates";
import { listInboundMail, parseInboundCursor, type InboundLogEntry } from "~/models/inbound-mail.server";

export const meta: MetaFunction = () => [{ title: "Mail received" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const before = new URL(request.url).searchParams.get("before");
  const cursor = parseInboundCursor(before);
  const { entries, older } = await listInboundMail(actor, cursor);
  return { entries: entries.map(masked), older, firstPage: cursor === null, badCursor: before !== null && cursor === null };
}

/**
 * The sender, and any address in our note (a bounce names whose mail came back), masked on the
 * server (ADR 028): a sender may be a complainant. The full identity is on the case page.
 */
function masked({ fromName, fromAddress, note, ...entry }: InboundLogEntry) {
  return { ...entry, sender: maskIdentity({ name: fromName, email: fromAddress }), hasSender: Boolean(fromName || fromAddress), note: maskAddressesIn(note) };
}

type LogRow = ReturnType<typeof masked>;

const MATCHED_BY = { token: "reply address", thread: "mail thread", subject: "reference in the subject" } as const;

/** What became of the mail, in a few words. */
function outcomeOf(e: LogRow): string {
  switch (e.outcome) {
    case "posted":
      return `posted${e.matchedBy ? ` (by ${MATCHED_BY[e.matchedBy]})` : ""}`;
    case "intake":
      return "intake";
    case "bounce_recorded":
      return "bounce";
    case "failed":
      return "failed: kept, not processed";
    case "recorded":
      return e.kind === "auto_reply" ? "auto-reply: recorded" : e.kind === "loop" ? "refused: from our own address" : e.kind === "unreadable" ? "refused: unreadable" : "recorded";
  }
}

function Row({ e }: { e: LogRow }) {
  const { formatDateTime } = useDates();
  return (
    <tr>
      <td>{formatDateTime(e.receivedAt)}<div className="muted">{e.via === "smtp" ? "listener" : "webhook"}</div></td>
      <td>{e.hasSender ? <ComplainantCell complainant={e.sender} /> : <span className="muted">no address</span>}</td>
      <td>{e.subject || <span className="muted">(no subject)</span>}</td>
      <td>
        {e.reference && <Link to={`/cases/${e.reference}`}>{e.reference}</Link>}
        {e.intakeId && <>{e.reference ? " · " : ""}<Link to={`/intake/${e.intakeId}`}>intake item</Link></>}
        {!e.reference && !e.intakeId && <span className="muted">—</span>}
      </td>
      <td>
        <strong>{outcomeOf(e)}</strong>
        {e.note && <div className="muted">{e.note}</div>}
        {e.fileCount > 0 && <div className="muted">{e.fileCount} file{e.fileCount === 1 ? "" : "s"}{e.refusedFiles.length ? `, ${e.refusedFiles.length} refused:` : ""}</div>}
        {e.refusedFiles.length > 0 && (
          <ul className="refused-files">
            {e.refusedFiles.map((f, i) => <li key={i}>{f.reason}</li>)}
          </ul>
        )}
      </td>
    </tr>
  );
}

export default function MailReceived() {
  const { entries, older, firstPage, badCursor } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Mail received</h1>
      <p>
        Every e-mail that reached us, newest first, and what became of it: posted on a case, put in the{" "}
        <Link to="/intake">intake queue</Link>, or recorded without an answer (automatic replies, bounces, mail from our own
        address, mail that could not be read). The original of each is kept.
      </p>
      {badCursor && <p className="notice" role="status">That page link was not valid; this is the newest page.</p>}
      {entries.length ? (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Received</th><th scope="col">From</th><th scope="col">Subject</th>
                <th scope="col">Case or intake item</th><th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => <Row key={e.id} e={e} />)}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{firstPage ? "No mail has been received." : "No older mail."}</p>
      )}
      <nav aria-label="Pages" className="pager">
        {!firstPage && <Link to="/mail/inbound">Newest</Link>}
        {older && <>{!firstPage ? " · " : ""}<Link to={`/mail/inbound?before=${encodeURIComponent(older)}`}>Older mail</Link></>}
      </nav>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
