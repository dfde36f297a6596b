import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { maskAddressIn, maskEmail } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { FormError } from "~/components/Field";
import { useDates } from "~/lib/dates";
import { parseWith, uuid } from "~/lib/forms";
import { listDeliveryProblems, resendDelivery, type BouncedDelivery, type DeliveryProblem } from "~/models/mail-deliveries.server";

export const meta: MetaFunction = () => [{ title: "Mail deliveries" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const { failed, retrying, bounced } = await listDeliveryProblems(actor);
  return {
    failed: failed.map(masked),
    retrying: retrying.map(masked),
    bounced: bounced.map((b) => ({ ...b, recipient: maskEmail(b.recipient) ?? "", detail: maskAddressIn(b.detail, b.recipient) })),
  };
}

/**
 * Recipients masked on the server (ADR 028), in the error text too: a mail server's refusal
 * usually quotes the address. "Show identity" on the case page gives the full address, recorded.
 */
function masked(d: DeliveryProblem): DeliveryProblem {
  const recipient = maskEmail(d.recipient) ?? "";
  return { ...d, recipient, lastError: maskAddressIn(d.lastError, d.recipient) };
}

const resendForm = z.object({
  intent: z.literal("resend", { error: "Unknown action." }),
  deliveryId: uuid("That is not a mail of this list."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const parsed = parseWith(resendForm, await request.formData());
  if (!parsed.ok) return data({ error: Object.values(parsed.errors).join(" "), resent: null }, { status: 400 });
  const outcome = await resendDelivery(actor, parsed.data.deliveryId, new Date());
  if (!outcome.ok) return data({ error: outcome.reason, resent: null }, { status: 409 });
  return { error: null, resent: outcome.reference ?? "a sign-in link" };
}

const templateName = (t: string) => t.replace(/_/g, " ");

function Rows({ rows, resend }: { rows: DeliveryProblem[]; resend: boolean }) {
  const { formatDateTime } = useDates();
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Case</th><th scope="col">Mail</th><th scope="col">To</th><th scope="col">Attempts</th>
            <th scope="col">Last error</th><th scope="col">{resend ? "Given up" : "Next attempt"}</th>
            {resend && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{d.reference ? <Link to={`/cases/${d.reference}`}>{d.reference}</Link> : <span className="muted">no case (sign-in link)</span>}</td>
              <td>{templateName(d.template)}<div className="muted">queued {formatDateTime(d.queuedAt)}</div></td>
              <td>{d.recipient}</td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? "—"}</td>
              <td>{resend ? (d.failedAt ? formatDateTime(d.failedAt) : "—") : d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : "—"}</td>
              {resend && (
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="deliveryId" value={d.id} />
                    <button type="submit">Send again</button>
                  </Form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Bounces({ rows }: { rows: BouncedDelivery[] }) {
  const { formatDateTime } = useDates();
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Case</th><th scope="col">Mail</th><th scope="col">To</th><th scope="col">Sent</th>
            <th scope="col">Bounced</th><th scope="col">What the mail system said</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{d.reference ? <Link to={`/cases/${d.reference}`}>{d.reference}</Link> : <span className="muted">no case (sign-in link)</span>}</td>
              <td>{templateName(d.template)}</td>
              <td>{d.recipient}</td>
              <td>{d.sentAt ? formatDateTime(d.sentAt) : "—"}</td>
              <td>{formatDateTime(d.bouncedAt)}</td>
              <td>{d.detail ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function MailDeliveries() {
  const { failed, retrying, bounced } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main">
      <h1>Mail deliveries</h1>
      <p>
        Mail is tried again for 24 hours, at most an hour apart. What still fails stays here until you send it again;
        it goes out with the same Message-ID, so the recipient&apos;s mail system can drop a copy it already has.
      </p>
      <FormError message={result?.error} />
      {result?.resent && <p className="notice" role="status">Queued again: the mail about {result.resent}.</p>}
      <h2>Failed</h2>
      {failed.length ? <Rows rows={failed} resend /> : <p className="muted">No failed mail.</p>}
      <h2>Being retried</h2>
      {retrying.length ? <Rows rows={retrying} resend={false} /> : <p className="muted">No mail is waiting for a retry.</p>}
      <h2>Bounced</h2>
      <p>Mail that left us but came back undeliverable. Sending it again to the same address will not help: check the address with the person.</p>
      {bounced.length ? <Bounces rows={bounced} /> : <p className="muted">No mail came back.</p>}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
