import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RETENTION_LOOKAHEAD_DAYS, STATUS_LABELS } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { FormError } from "~/components/Field";
import { caseReference, parseWith } from "~/lib/forms";
import { useDates } from "~/lib/dates";
import { changeLegalHold, retentionOutlook } from "~/models/retention.server";

export const meta: MetaFunction = () => [{ title: "Retention: the next 30 days" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  return retentionOutlook(actor, new Date());
}

// The case page's legal hold form posts here (officer only); the answer goes back to the case.
const holdSchema = z.object({
  intent: z.enum(["place_legal_hold", "lift_legal_hold"], { error: "Unknown action." }),
  reference: caseReference,
  reason: z.string().max(1000, "Keep the reason under 1000 characters."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  const parsed = parseWith(holdSchema, await request.formData());
  if (!parsed.ok) return data({ error: Object.values(parsed.errors)[0] ?? "Check the form.", reference: null }, { status: 400 });
  const { intent, reference, reason } = parsed.data;
  const done = await changeLegalHold(actor, reference, { type: intent, reason }, new Date());
  if (!done.ok) return data({ error: done.reason, reference: done.status === 404 ? null : reference }, { status: done.status });
  return redirectWithFlash(`/cases/${reference}`, { key: intent === "place_legal_hold" ? "flash.legalHold.placed" : "flash.legalHold.lifted" });
}

export default function RetentionOutlook() {
  const { cases: rows, unmatchedMails } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { formatDate } = useDates();
  const due = rows.filter((r) => r.kind !== "held");
  const held = rows.filter((r) => r.kind === "held");
  return (
    <main id="main">
      <h1>Retention: the next {RETENTION_LOOKAHEAD_DAYS} days</h1>
      {result?.error && (
        <>
          <FormError message={result.error} />
          {result.reference && <p><Link to={`/cases/${result.reference}#retention-h`}>Back to case {result.reference}</Link></p>}
        </>
      )}
      <p>
        The daily sweep (03:30 UTC) anonymises these finished cases when their date has come. Place a legal hold on a case's page
        to keep it. <Link to="/settings/retention">Change how long cases are kept</Link>.
      </p>
      <h2>To be anonymised ({due.length})</h2>
      {due.length === 0 ? (
        <p>Nothing falls due in the next {RETENTION_LOOKAHEAD_DAYS} days.</p>
      ) : (
        <div className="table-wrap">
          <table className="data stack">
            <thead>
              <tr><th scope="col">Case</th><th scope="col">Outcome</th><th scope="col">Ended</th><th scope="col">Anonymised on or after</th></tr>
            </thead>
            <tbody>
              {due.map((r) => (
                <tr key={r.reference}>
                  <td data-label="Case"><Link to={`/cases/${r.reference}`}>{r.reference}</Link></td>
                  <td data-label="Outcome">{STATUS_LABELS[r.status]}</td>
                  <td data-label="Ended">{formatDate(r.endedAt)}</td>
                  <td data-label="Anonymised on or after">{formatDate(r.dueAt)}{r.kind === "expired" ? " (due now)" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Mail that matched no case ({unmatchedMails})</h2>
      <p>
        {unmatchedMails === 0
          ? `No mail that matched no case falls due in the next ${RETENTION_LOOKAHEAD_DAYS} days.`
          : `${unmatchedMails} received ${unmatchedMails === 1 ? "mail" : "mails"} that matched no case (or whose intake item was discarded) will be emptied: the original, the addresses, the subject and the text.`}{" "}
        An intake item still open waits for your decision.
      </p>
      <h2>Kept by a legal hold ({held.length})</h2>
      {held.length === 0 ? (
        <p>No case past its date is on legal hold.</p>
      ) : (
        <div className="table-wrap">
          <table className="data stack">
            <thead>
              <tr><th scope="col">Case</th><th scope="col">Outcome</th><th scope="col">Due since</th><th scope="col">Reason for the hold</th></tr>
            </thead>
            <tbody>
              {held.map((r) => (
                <tr key={r.reference}>
                  <td data-label="Case"><Link to={`/cases/${r.reference}`}>{r.reference}</Link></td>
                  <td data-label="Outcome">{STATUS_LABELS[r.status]}</td>
                  <td data-label="Due since">{formatDate(r.dueAt)}</td>
                  <td data-label="Reason for the hold">{r.holdReason}</td>
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
