import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { redirectWithFlash } from "~/lib/flash.server";
import { FlashNotice } from "~/components/FlashNotice";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DEFAULT_UNMATCHED_MAIL_MONTHS, MAX_RETENTION_MONTHS, OUTCOMES, RETENTION_ITEMS, STATUS_LABELS, parseRetentionPolicy, type Outcome, type RetentionItem } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { Field, FieldScope, FormError } from "~/components/Field";
import { useDates } from "~/lib/dates";
import { loadRetentionSettings, updateRetentionPolicy } from "~/models/retention.server";

export const meta: MetaFunction = () => [{ title: "Retention" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  return loadRetentionSettings(actor);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  const form = await request.formData();
  const input = Object.fromEntries(RETENTION_ITEMS.map((o) => [o, String(form.get(o) ?? "")]));
  const parsed = parseRetentionPolicy(input);
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, values: input }, { status: 400 });
  await updateRetentionPolicy(actor, parsed.policy, new Date());
  return redirectWithFlash("/settings/retention", { key: "flash.saved" });
}

function retentionItemLabel(item: RetentionItem): string {
  return item === "unmatched_mail" ? "Unmatched mail" : `${STATUS_LABELS[item]} cases`;
}

function monthsLabel(months: number): string {
  return `${months} ${months === 1 ? "month" : "months"}`;
}

export default function RetentionSettings() {
  const { policy, updatedAt, updatedBy, changes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { formatDateTime } = useDates();
  return (
    <main id="main">
      <h1>Retention</h1>
      {result ? null : <FlashNotice />}
      <p>
        A finished case is anonymised this many months after it ends (its last closing, withdrawal or accepted answer): the
        complainant's name and address, the text of the complaint and of every message, files and mail bodies are replaced.
        Its stages, dates, category, country and outcome stay, so reports and the audit trail stay whole. A case on legal hold
        is kept until the hold is lifted. The complainant's account goes when their last case is anonymised, and staff's saved
        queue views that searched for their name or address lose that search.
      </p>
      <p>
        Mail that matched no case is emptied the same way (the original, the addresses, the subject and the text) this many months
        after it arrived, or after its intake item was discarded. An intake item still open is kept until you decide it.
      </p>
      <p>
        <Link to="/retention">What will be anonymised in the next 30 days</Link>
      </p>
      <FieldScope.Provider value={{ prefix: "retention", values: result?.values }}>
        <Form method="post" className="card" noValidate>
          <FormError message={result?.errors ? "Check the months below." : null} />
          <fieldset>
            <legend>Months to keep a finished case</legend>
            {OUTCOMES.map((outcome: Outcome) => (
              <Field key={outcome} name={outcome} label={retentionItemLabel(outcome)} error={result?.errors?.[outcome]} hint={`1 to ${MAX_RETENTION_MONTHS}; 36 is three years.`}>
                {(attrs) => <input type="number" inputMode="numeric" min={1} max={MAX_RETENTION_MONTHS} step={1} required defaultValue={String(policy[outcome])} {...attrs} />}
              </Field>
            ))}
          </fieldset>
          <fieldset>
            <legend>Months to keep mail that matched no case</legend>
            <Field name="unmatched_mail" label="Unmatched mail" error={result?.errors?.unmatched_mail} hint={`1 to ${MAX_RETENTION_MONTHS}; ${DEFAULT_UNMATCHED_MAIL_MONTHS} is one year.`}>
              {(attrs) => <input type="number" inputMode="numeric" min={1} max={MAX_RETENTION_MONTHS} step={1} required defaultValue={String(policy.unmatched_mail)} {...attrs} />}
            </Field>
          </fieldset>
          <button type="submit">Save</button>
        </Form>
      </FieldScope.Provider>
      {updatedAt && (
        <p className="muted">
          Last changed {formatDateTime(updatedAt)}
          {updatedBy ? ` by ${updatedBy}` : ""}.
        </p>
      )}
      <h2>Changes</h2>
      {changes.length === 0 ? (
        <p className="muted">No change recorded yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Changes of the retention policy" tabIndex={0}>
          <table className="data">
            <caption>The latest {changes.length === 1 ? "change" : `${changes.length} changes`}, newest first</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Before</th><th scope="col">After</th></tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.at)}</td>
                  <td>{c.by ?? "a removed account"}</td>
                  <td>{retentionItemLabel(c.item)}</td>
                  <td>{monthsLabel(c.before)}</td>
                  <td>{monthsLabel(c.after)}</td>
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
