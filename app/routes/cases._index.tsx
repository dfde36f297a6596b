import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import {
  BULK_LIMIT,
  CATEGORY_LABELS,
  CLOSURE_KINDS,
  QUEUE_SORTS,
  SORT_DIRECTIONS,
  SORT_LABELS,
  STAGES,
  stepName,
  STATUSES,
  STATUS_LABELS,
  countCases,
  describeSort,
  summariseBulk,
  type Category,
  type CountMeasure,
  type QueueSort,
  type SortDirection,
  type Stage,
  type Status,
  maskIdentity,
} from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { NextDeadlineBadge } from "~/components/DeadlineBadge";
import { ComplainantCell } from "~/components/ComplainantCell";
import { SavedFilters } from "~/components/triage/SavedFilters";
import { QueueKeysHelp, queueKeyDown } from "~/components/triage/QueueKeys";
import { useDates } from "~/lib/dates";
import { parseWith, uuid } from "~/lib/forms";
import { loadQueue } from "~/models/queues.server";
import { clientById, resolveClientFilter } from "~/models/client-search.server";
import { bulkClose, bulkSetOwner, ownerChoices } from "~/models/case-owner.server";
import { deleteSavedFilter, saveFilter, savedQuery } from "~/models/saved-filters.server";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { withClientFilter } from "~/lib/client-filter";

export const meta: MetaFunction = () => [{ title: "Cases" }];

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const filtersSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(200, "Keep the search under 200 characters.").optional()),
  stage: z.preprocess(blankToUndefined, z.enum(STAGES, { error: "Unknown stage." }).optional()),
  status: z.preprocess(blankToUndefined, z.enum(["open", "all", ...STATUSES] as [string, ...string[]], { error: "Unknown status." }).optional()),
  client: z.preprocess(blankToUndefined, uuid("Unknown client.").optional()),
  due: z.preprocess(blankToUndefined, z.enum(["overdue", "week"], { error: "Unknown due filter." }).optional()),
  owner: z.preprocess(blankToUndefined, z.enum(["mine", "unassigned"], { error: "Unknown owner filter." }).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(QUEUE_SORTS, { error: "Unknown sort." }).optional()),
  dir: z.preprocess(blankToUndefined, z.enum(SORT_DIRECTIONS, { error: "Unknown sort direction." }).optional()),
  answer: z.preprocess(blankToUndefined, z.enum(["rejected"], { error: "Unknown answer filter." }).optional()),
  // The officer's client filter as typed (issue 5): present and blank clears `client`.
  client_name: z.string().trim().max(200, "Keep the client's name under 200 characters.").optional(),
  after: z.preprocess(blankToUndefined, z.string().max(200).optional()),
  // Remix adds ?index to a form posted to an index route.
  index: z.string().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const params = new URL(request.url).searchParams;
  const parsed = parseWith(filtersSchema, params);
  if (!parsed.ok) throw new Response(`Bad filter: ${Object.values(parsed.errors).join(" ")}`, { status: 400 });
  const f = parsed.data;
  const now = new Date();
  const sort = f.sort ?? "due";
  const dir = f.dir ?? "asc";
  const officer = actor.role === "officer";

  // The officer's client filter is a search, not a list of every client (issue 5): a name typed
  // that is not the chosen client's is searched; one match becomes ?client=<id>, several are
  // listed as links, none is said. Liaisons have no client filter (their wall is their client).
  let clientId = f.client;
  let chosen: { id: string; name: string } | null = null;
  let clientSearch: { query: string; clients: { id: string; name: string }[]; more: boolean } | null = null;
  const filter = officer ? await resolveClientFilter(f.client_name, clientId) : null;
  if (filter?.kind === "picked") throw redirect(`/cases?${withClientFilter(params, filter.clientId)}`, 303);
  if (filter?.kind === "chosen") chosen = filter.client;
  if (filter?.kind === "search") clientSearch = { query: filter.query, clients: filter.clients, more: filter.more };
  if (filter?.kind === "none" || filter?.kind === "search") clientId = undefined;

  // The cases, counts and saved filters in one transaction as the actor; the lists beside them (no
  // walls of their own) on other connections at the same time. The owners: officers (few),
  // and liaisons only of the chosen client (an officer's queue without one offers none: every
  // liaison of every client was 500 options on every page); a liaison's, their colleagues.
  const [page, client, owners] = await Promise.all([
    loadQueue(
      actor,
      { stage: f.stage, status: f.status as Status | "open" | "all" | undefined, clientId, due: f.due, owner: f.owner, q: f.q, sort, dir, answerRejected: f.answer === "rejected" },
      f.after ?? null,
      now,
      operatorZoneOf(context),
    ),
    officer && clientId && !chosen ? clientById(clientId) : Promise.resolve(chosen),
    ownerChoices(actor, officer ? { clientId: clientId ?? null } : {}),
  ]);
  return {
    tally: page.tally,
    whole: page.whole,
    role: actor.role,
    sort,
    dir,
    /** The client filtered by (officer), or a link's client id that names no client. */
    client: client ?? (officer && clientId ? { id: clientId, name: null } : null),
    clientSearch: clientSearch && { ...clientSearch, clients: clientSearch.clients.map((c) => ({ name: c.name, query: withClientFilter(params, c.id) })) },
    clearClient: withClientFilter(params, null),
    owners: owners.map((o) => ({ id: o.id, label: `${o.name} (${o.role === "officer" ? "officer" : `liaison, ${o.client_name ?? ""}`})` })),
    saved: page.saved,
    // What "Save filter" keeps: the client in effect, not the words typed.
    current: savedQuery(new URLSearchParams(withClientFilter(params, clientId ?? null))),
    // Only the columns the table shows; the complainant masked here, on the server (ADR 028).
    rows: page.rows.map(({ id: _id, owner_id: _owner, liaison_name: _liaison, complainant_name, complainant_email, ...shown }) => ({ ...shown, complainant: maskIdentity({ name: complainant_name, email: complainant_email }) })),
    nextCursor: page.nextCursor,
  };
}

/**
 * A chosen case as its checkbox sends it, "<reference>:<version>": the version the page showed,
 * so a case that changed since then is not changed on what the person saw before (ADR 063).
 */
const chosenCase = z
  .string({ error: "Choose cases from the list." })
  .regex(/^[A-Z]{2,3}-\d{4}-\d{6}:[1-9]\d{0,8}$/, "A selected case did not come with the version this page showed. Reload the page and choose the cases again.")
  .transform((v) => {
    const [reference, version] = v.split(":");
    return { reference: reference!, version: Number(version) };
  });
const refs = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(chosenCase).max(BULK_LIMIT, `Choose at most ${BULK_LIMIT} cases at a time.`),
);
const actionForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("bulk_owner"), ref: refs, owner: z.preprocess(blankToUndefined, uuid("Choose an owner from the list.").optional()) }),
    z.object({
      intent: z.literal("bulk_close"),
      ref: refs,
      kind: z.enum(CLOSURE_KINDS, { error: "Choose why the cases are closed." }),
      reason: z.string({ error: "Give a reason for closing the cases." }).trim().min(1, "Give a reason for closing the cases.").max(5_000, "Keep the reason under 5000 characters."),
    }),
    z.object({
      intent: z.literal("save_filter"),
      name: z.string({ error: "Name the filter." }).trim().min(1, "Name the filter.").max(80, "Keep the name under 80 characters."),
      query: z.string().max(2_000, "That filter is too long to save.").default(""),
    }),
    z.object({ intent: z.literal("delete_filter"), id: uuid("That saved filter does not exist.") }),
  ],
  { error: "Unknown action." },
);

export interface QueueActionResult {
  intent: string | null;
  error?: string;
  lines?: string[];
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer", "liaison"]);
  const form = await request.formData();
  const parsed = parseWith(actionForm, form);
  const intent = typeof form.get("intent") === "string" ? String(form.get("intent")) : null;
  if (!parsed.ok) return data<QueueActionResult>({ intent, error: Object.values(parsed.errors).join(" ") }, { status: 400 });
  const f = parsed.data;
  const now = new Date();
  switch (f.intent) {
    case "save_filter": {
      // Only the filters a queue URL can carry, re-read here: what is stored is what the loader accepts.
      const query = savedQuery(new URLSearchParams(f.query));
      if (!parseWith(filtersSchema, new URLSearchParams(query)).ok) return data<QueueActionResult>({ intent, error: "That filter cannot be saved." }, { status: 400 });
      const saved = await saveFilter(actor, f.name, query);
      if (!saved.ok) return data<QueueActionResult>({ intent, error: saved.reason }, { status: 422 });
      return redirect(`/cases${query ? `?${query}` : ""}`, 303);
    }
    case "delete_filter": {
      await deleteSavedFilter(actor, f.id);
      return redirect("/cases", 303);
    }
    case "bulk_owner": {
      if (f.ref.length === 0) return data<QueueActionResult>({ intent, error: "Choose one or more cases first." }, { status: 400 });
      const outcome = await bulkSetOwner(actor, f.ref, f.owner ?? null, now);
      return data<QueueActionResult>({ intent, lines: summariseBulk(f.owner ? "assigned" : "unassigned", outcome) });
    }
    case "bulk_close": {
      if (f.ref.length === 0) return data<QueueActionResult>({ intent, error: "Choose one or more cases first." }, { status: 400 });
      const outcome = await bulkClose(actor, f.ref, f.kind, f.reason, now);
      return data<QueueActionResult>({ intent, lines: summariseBulk("closed", outcome) });
    }
  }
}

const words = (s: string) => s.replace(/_/g, " ");

export default function Queue() {
  const { role, client, clientSearch, clearClient, rows, nextCursor, tally, whole, owners, saved, current, sort, dir } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { formatDate } = useDates();
  const [params] = useSearchParams();
  const nextParams = new URLSearchParams(params);
  nextParams.delete("index");
  if (nextCursor) nextParams.set("after", nextCursor);
  const officer = role === "officer";
  const stage = (params.get("stage") || null) as Stage | null;
  const status = (params.get("status") || "open") as Status | "open" | "all";
  const n = (count: number) => count.toLocaleString("en-US");
  // An option's count under the page's other filters; none while searching (tally is null then).
  const count = (filter: Parameters<typeof countCases>[1], measure?: CountMeasure) => (tally ? ` (${n(countCases(tally, filter, measure))})` : "");

  return (
    <main id="main">
      <h1>{officer ? "Triage queue" : "Your client's cases"}</h1>
      {/* The person's whole queue, whatever the filters below say (those count beside their options). */}
      <p className="hint" id="queue-counts-what">{officer ? "Open cases in the whole queue, before any filter:" : "Your client's open cases, before any filter:"}</p>
      <ul className="queue-counts" aria-labelledby="queue-counts-what">
        <li><a href="?due=overdue"><strong>{n(countCases(whole, {}, "overdue"))}</strong> overdue</a></li>
        <li><a href="?due=week"><strong>{n(countCases(whole, {}, "week"))}</strong> due within 7 days</a></li>
        <li><a href="?answer=rejected"><strong>{n(countCases(whole, {}, "rejected"))}</strong> answer rejected</a></li>
        <li><a href="?owner=mine"><strong>{n(countCases(whole, {}, "mine"))}</strong> mine</a></li>
        <li><a href="?owner=unassigned"><strong>{n(countCases(whole, {}, "unowned"))}</strong> unassigned</a></li>
      </ul>

      {result?.error && <p className="error" role="alert">{result.error}</p>}
      {result?.lines && (
        <div className="notice" role="status">
          {result.lines.map((line) => <p key={line}>{line}</p>)}
        </div>
      )}

      <div className="triage-layout">
        <div>
          <Form method="get" className="filters" aria-label="Filter cases">
            <p className="hint" id="f-counts-hint">
              {tally
                ? "The number beside an option is how many cases you would see with it chosen and the other filters as they are."
                : "No numbers beside the options while searching: they would count cases the search does not find."}
            </p>
            <div className="field">
              <label htmlFor="f-q">Search</label>
              <p className="hint" id="f-q-hint">Reference, complainant's name or e-mail, or words in the complaint and its messages</p>
              <input id="f-q" name="q" type="search" maxLength={200} defaultValue={params.get("q") ?? ""} aria-describedby="f-q-hint" />
            </div>
            <div className="field">
              <label htmlFor="f-stage">Stage</label>
              <select id="f-stage" name="stage" defaultValue={params.get("stage") ?? ""}>
                <option value="">Any{count({ status })}</option>
                {STAGES.map((s) => <option key={s} value={s}>{stepName(s)}{count({ stage: s, status })}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-status">Status</label>
              <select id="f-status" name="status" defaultValue={params.get("status") ?? "open"}>
                <option value="open">Open, any active status{count({ stage, status: "open" })}</option>
                <option value="all">All, including ended{count({ stage, status: "all" })}</option>
                {STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}{count({ stage, status: s })}</option>)}
              </select>
            </div>
            {officer && (
              <div className="field">
                <label htmlFor="f-client">Client</label>
                <p className="hint" id="f-client-hint">
                  {client ? <>Filtered by this client. <Link to={`?${clearClient}`}>Any client</Link></> : "Part of the client's name"}
                </p>
                {/* Searched on the server (issue 5): hundreds of clients do not fit a drop-down. */}
                <input
                  key={client?.id ?? clientSearch?.query ?? ""}
                  id="f-client"
                  name="client_name"
                  type="search"
                  maxLength={200}
                  defaultValue={client?.name ?? clientSearch?.query ?? ""}
                  aria-describedby="f-client-hint"
                />
                {client && <input type="hidden" name="client" value={client.id} />}
              </div>
            )}
            <div className="field">
              <label htmlFor="f-due">Deadline</label>
              <select id="f-due" name="due" defaultValue={params.get("due") ?? ""}>
                <option value="">Any</option>
                <option value="overdue">Overdue{count({ stage, status }, "overdue")}</option>
                <option value="week">Due within 7 days{count({ stage, status }, "week")}</option>
              </select>
            </div>
            <div className="field">
              <label className="check">
                <input type="checkbox" name="answer" value="rejected" defaultChecked={params.get("answer") === "rejected"} />
                Answer rejected by the complainant{count({ stage, status }, "rejected")}
              </label>
            </div>
            <div className="field">
              <label htmlFor="f-owner">Owner</label>
              <select id="f-owner" name="owner" defaultValue={params.get("owner") ?? ""}>
                <option value="">Anyone</option>
                <option value="mine">Mine{count({ stage, status }, "mine")}</option>
                <option value="unassigned">Unassigned{count({ stage, status }, "unowned")}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-sort">Sort by</label>
              <select id="f-sort" name="sort" defaultValue={sort}>
                {QUEUE_SORTS.map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="f-dir">Order</label>
              <select id="f-dir" name="dir" defaultValue={dir}>
                <option value="asc">Ascending</option>
                <option value="desc">Descending</option>
              </select>
            </div>
            <button type="submit">Filter</button>
          </Form>
          {officer && client && client.name === null && <p className="error" role="status">No client has the id in this address; no cases match it.</p>}
          {clientSearch && clientSearch.clients.length === 0 && (
            <p className="error" role="status">No client's name contains “{clientSearch.query}”. The queue is not filtered by client.</p>
          )}
          {clientSearch && clientSearch.clients.length > 0 && (
            <div className="notice" role="status">
              <p>
                {clientSearch.more ? `The first ${clientSearch.clients.length} clients` : `${clientSearch.clients.length} clients`} whose name contains “{clientSearch.query}”: choose one to filter by it
                {clientSearch.more ? ", or type more of the name." : "."}
              </p>
              <ul>
                {clientSearch.clients.map((c) => <li key={c.query}><Link to={`?${c.query}`}>{c.name}</Link></li>)}
              </ul>
            </div>
          )}

          <Form method="post" aria-label="Selected cases">
            <QueueKeysHelp />
            {/* Shortcuts while focus is in the table (QueueKeys). */}
            <div className="table-wrap spaced" onKeyDown={queueKeyDown}>
              <table className="data dense">
                <caption className="muted">{describeSort(sort as QueueSort, dir as SortDirection)}</caption>
                <thead>
                  <tr>
                    <th scope="col"><span className="visually-hidden">Select</span></th>
                    <th scope="col">Reference</th><th scope="col">Next deadline</th><th scope="col">Stage</th><th scope="col">Status</th>
                    <th scope="col">Complainant</th>
                    {officer && <th scope="col">Client</th>}<th scope="col">Owner</th><th scope="col">Category</th><th scope="col">Opened</th><th scope="col">Last activity</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.reference}>
                      <td><input type="checkbox" name="ref" value={`${c.reference}:${c.version}`} aria-label={`Select ${c.reference}`} /></td>
                      {/* A plain link: fifty router <Link>s each resolved their path twice while rendering (ADR 041). */}
                      <td><a href={`/cases/${c.reference}`}>{c.reference}</a></td>
                      <td>
                        {c.next_due ? (
                          <>
                            {formatDate(c.next_due)}{" "}
                            <NextDeadlineBadge dueAt={c.next_due} daysLeft={c.days_left} status={c.status} />
                          </>
                        ) : c.status === "awaiting_complainant" ? <NextDeadlineBadge dueAt={null} daysLeft={null} status={c.status} /> : "—"}
                      </td>
                      <td>{stepName(c.stage as Stage)}</td>
                      <td>{STATUS_LABELS[c.status as Status]}</td>
                      <td><ComplainantCell complainant={c.complainant} /></td>
                      {officer && <td>{c.client_name ?? <span className="muted">the operator</span>}</td>}
                      <td>{c.owner_name ?? <span className="muted">unassigned</span>}</td>
                      <td>{CATEGORY_LABELS[c.category as Category] ?? c.category}</td>
                      <td>{formatDate(c.opened_at)}</td>
                      <td>{formatDate(c.updated_at)}</td>
                    </tr>
                  ))}
                  {rows.length === 0 && <tr><td colSpan={officer ? 11 : 10} className="muted">No cases match.</td></tr>}
                </tbody>
              </table>
            </div>
            {nextCursor && <p><Link to={`?${nextParams.toString()}`}>Next page</Link></p>}

            <fieldset className="bulk-actions">
              <legend>With the selected cases</legend>
              <div className="field">
                <label htmlFor="bulk-owner">New owner</label>
                {officer && !client?.name && <p className="hint" id="bulk-owner-hint">Filter by a client to assign its liaisons.</p>}
                <select id="bulk-owner" name="owner" defaultValue="" aria-describedby={officer && !client?.name ? "bulk-owner-hint" : undefined}>
                  <option value="">Nobody (unassigned)</option>
                  {owners.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                </select>
              </div>
              <button type="submit" name="intent" value="bulk_owner">Set owner</button>
              {officer && (
                <>
                  <div className="field">
                    <label htmlFor="bulk-kind">Close as</label>
                    <select id="bulk-kind" name="kind" defaultValue="">
                      <option value="" disabled>Choose…</option>
                      {CLOSURE_KINDS.map((k) => <option key={k} value={k}>{words(k)}</option>)}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="bulk-reason">Reason for closing</label>
                    <input id="bulk-reason" name="reason" type="text" maxLength={5000} />
                  </div>
                  <button type="submit" name="intent" value="bulk_close">Close selected</button>
                </>
              )}
            </fieldset>
          </Form>
        </div>
        <SavedFilters saved={saved} current={current} error={result?.intent === "save_filter" ? result.error : null} />
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
