// /audit/reveals (not nested under /audit, whose page has no outlet): the officer's log of every
// time staff showed a complainant's identity on a case page (ADR 028).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { Field, FormError } from "~/components/Field";
import { useDates } from "~/lib/dates";
import { parseWith, uuid } from "~/lib/forms";
import { listReveals, staffWhoMayReveal } from "~/models/identity-reveals.server";

export const meta: MetaFunction = () => [{ title: "Identity reveals" }];

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const filtersSchema = z.object({
  person: z.preprocess(blankToUndefined, uuid("Choose a person from the list.").optional()),
  case: z.preprocess(
    (v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v),
    z.string().regex(/^[A-Z]{2,3}-\d{4}-\d{6}$/, "That is not a case reference (like PS-2026-000123).").optional(),
  ),
  after: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

const ROLE: Record<string, string> = { officer: "Security Officer", liaison: "Client liaison" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const parsed = parseWith(filtersSchema, new URL(request.url).searchParams);
  const people = await staffWhoMayReveal(actor);
  // A filter that cannot be read shows no rows and says why; nothing is guessed.
  if (!parsed.ok) return { rows: [], nextCursor: null, people, errors: parsed.errors };
  const { person, case: reference, after } = parsed.data;
  const page = await listReveals(actor, { userId: person, reference }, after ?? null);
  return { rows: page.rows.map((r) => ({ ...r, at: r.at.toISOString() })), nextCursor: page.nextCursor, people, errors: {} as Record<string, string> };
}

export default function IdentityReveals() {
  const { rows, nextCursor, people, errors } = useLoaderData<typeof loader>();
  const { formatDateTime } = useDates();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("after", nextCursor);
  const filtered = params.get("person") || params.get("case");
  return (
    <main id="main">
      <h1>Identity reveals</h1>
      <p>
        Staff lists show complainants masked. Each time someone pressed &ldquo;Show identity&rdquo; on a case page, it is
        recorded here: who, which case, when. The record is an event of the case, in its tamper-evident chain
        (see <Link to="/audit">Audit trail check</Link>).
      </p>
      <Form method="get" className="filters" aria-label="Filter reveals">
        <Field name="person" label="Person" error={errors.person}>
          {(a) => (
            <select {...a} defaultValue={params.get("person") ?? ""}>
              <option value="">Anyone</option>
              {people.map((p) => <option key={p.id} value={p.id}>{p.name} ({ROLE[p.role] ?? p.role})</option>)}
            </select>
          )}
        </Field>
        <Field name="case" label="Case reference" error={errors.case}>
          {(a) => <input {...a} defaultValue={params.get("case") ?? ""} placeholder="PS-2026-000123" autoComplete="off" />}
        </Field>
        <button type="submit">Filter</button>
        {filtered && <Link to="/audit/reveals">Show all</Link>}
      </Form>
      <FormError message={errors.after ?? errors._form} />
      <div className="table-wrap spaced">
        <table className="data">
          <caption className="muted">Newest first</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Case</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.actorName ?? <span className="muted">unknown</span>} <span className="muted">{ROLE[r.actorRole ?? ""] ?? ""}</span></td>
                <td><Link to={`/cases/${r.reference}`}>{r.reference}</Link></td>
              </tr>
            ))}
            {rows.length === 0 && <tr><td colSpan={3} className="muted">No reveals{filtered ? " match" : " yet"}.</td></tr>}
          </tbody>
        </table>
      </div>
      {nextCursor && <p><Link to={`?${nextParams.toString()}`}>Older reveals</Link></p>}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
