import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CATEGORY_LABELS, STAGES, STAGE_LABELS, STATUSES, STATUS_LABELS, type Category, type Stage, type Status } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { NextDeadlineBadge } from "~/components/DeadlineBadge";
import { useDates } from "~/lib/dates";
import { loadOperatorZone } from "~/models/clock-settings.server";
import { parseWith, uuid } from "~/lib/forms";
import { listCases, listClients, queueCounts } from "~/models/queues.server";

export const meta: MetaFunction = () => [{ title: "Cases" }];

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const filtersSchema = z.object({
  stage: z.preprocess(blankToUndefined, z.enum(STAGES, { error: "Unknown stage." }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(["open", "all", ...STATUSES] as [string, ...string[]], { error: "Unknown status." }).optional()),
  client: z.preprocess(blankToUndefined, uuid("Unknown client.").optional()),
  due: z.preprocess(blankToUndefined, z.enum(["overdue", "week"], { error: "Unknown due filter." }).optional()),
  answer: z.preprocess(blankToUndefined, z.enum(["rejected"], { error: "Unknown answer filter." }).optional()),
  after: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, user } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const parsed = parseWith(filtersSchema, new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(`Bad filter: ${Object.values(parsed.errors).join(" ")}`, { status: 400 });
  const f = parsed.data;
  const now = new Date();
  const page = await listCases(
    actor,
    { stage: f.stage, status: f.status as Status | "open" | "all" | undefined, clientId: f.client, due: f.due, answerRejected: f.answer === "rejected" },
    f.after ?? null,
    now,
    await loadOperatorZone(),
  );
  return {
    counts: await queueCounts(actor, now),
    role: actor.role,
    name: user.name,
    clients: actor.role === "officer" ? await listClients() : [],
    // Only the columns the table shows.
    rows: page.rows.map(({ id: _id, ...shown }) => shown),
    nextCursor: page.nextCursor,
  };
}

export default function Queue() {
  const { role, clients, rows, nextCursor, counts } = useLoaderData<typeof loader>();
  const { formatDate } = useDates();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("after", nextCursor);
  const officer = role === "officer";

  return (
    <main id="main">
      <h1>{officer ? "Triage queue" : "Your client's cases"}</h1>
      <ul className="queue-counts" aria-label="Open cases needing attention">
        <li><a href="?due=overdue"><strong>{counts.overdue}</strong> overdue</a></li>
        <li><a href="?due=week"><strong>{counts.dueThisWeek}</strong> due within 7 days</a></li>
        <li><a href="?answer=rejected"><strong>{counts.answerRejected}</strong> answer rejected</a></li>
      </ul>
      <Form method="get" className="filters" aria-label="Filter cases">
        <div className="field">
          <label htmlFor="f-stage">Stage</label>
          <select id="f-stage" name="stage" defaultValue={params.get("stage") ?? ""}>
            <option value="">Any</option>
            {STAGES.map((s) => <option key={s} value={s}>{STAGE_LABELS[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={params.get("status") ?? "open"}>
            <option value="open">Open (any active status)</option>
            <option value="all">All, including ended</option>
            {STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </div>
        {officer && (
          <div className="field">
            <label htmlFor="f-client">Client</label>
            <select id="f-client" name="client" defaultValue={params.get("client") ?? ""}>
              <option value="">Any</option>
              {clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="f-due">Deadline</label>
          <select id="f-due" name="due" defaultValue={params.get("due") ?? ""}>
            <option value="">Any</option>
            <option value="overdue">Overdue</option>
            <option value="week">Due within 7 days</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-answer">Answer</label>
          <select id="f-answer" name="answer" defaultValue={params.get("answer") ?? ""}>
            <option value="">Any</option>
            <option value="rejected">Rejected by the complainant</option>
          </select>
        </div>
        <button type="submit">Filter</button>
      </Form>

      <div className="table-wrap" style={{ marginTop: "1rem" }}>
        <table className="data">
          <caption className="muted" style={{ textAlign: "left" }}>Nearest deadline first</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th><th scope="col">Next deadline</th><th scope="col">Stage</th><th scope="col">Status</th>
              {officer && <th scope="col">Client</th>}<th scope="col">Liaison</th><th scope="col">Category</th><th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const left = c.days_left;
              return (
                <tr key={c.reference}>
                  <td><Link to={`/cases/${c.reference}`}>{c.reference}</Link></td>
                  <td>
                    {c.next_due ? (
                      <>
                        {formatDate(c.next_due)}{" "}
                        <NextDeadlineBadge dueAt={c.next_due} daysLeft={left} status={c.status} />
                      </>
                    ) : c.status === "awaiting_complainant" ? <NextDeadlineBadge dueAt={null} daysLeft={null} status={c.status} /> : "—"}
                  </td>
                  <td>{STAGE_LABELS[c.stage as Stage]}</td>
                  <td>{STATUS_LABELS[c.status as Status]}</td>
                  {officer && <td>{c.client_name ?? <span className="muted">the operator</span>}</td>}
                  <td>{c.liaison_name ?? <span className="muted">—</span>}</td>
                  <td>{CATEGORY_LABELS[c.category as Category] ?? c.category}</td>
                  <td>{formatDate(c.opened_at)}</td>
                </tr>
              );
            })}
            {rows.length === 0 && <tr><td colSpan={officer ? 8 : 7} className="muted">No cases match.</td></tr>}
          </tbody>
        </table>
      </div>
      {nextCursor && <p><Link to={`?${nextParams.toString()}`}>Next page</Link></p>}
    </main>
  );
}
