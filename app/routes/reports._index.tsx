import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { ChartFigure } from "~/components/reports/ChartFigure";
import { FiguresAsOf } from "~/components/reports/FiguresAsOf";
import { chartForPage, FRAMEWORK_IDS, FRAMEWORKS, monthLabel } from "~/domain";
import { readFilters, type FilterValues } from "~/lib/report-params";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { resolveClientFilter } from "~/models/client-search.server";
import { sharedDashboard, type Dashboard } from "~/models/reports.server";
import { withClientFilter } from "~/lib/client-filter";

export const meta: MetaFunction = () => [{ title: "Reports" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const now = new Date();
  const params = new URL(request.url).searchParams;
  const zone = await operatorZoneOf(context);
  const read = readFilters(params, now, zone);
  if (!read.ok) return page({ error: read.error, values: read.values, report: null, asOf: null, client: null, clientSearch: null }, 400);
  // "Find a client": one match becomes ?client=<id>, several are listed as links, none is said.
  const chosenId = read.filters.client.kind === "client" ? read.filters.client.id : undefined;
  const found = read.clientName ? await resolveClientFilter(read.clientName, chosenId) : null;
  if (found?.kind === "picked") throw redirect(`/reports?${withClientFilter(params, found.clientId)}`, 303);
  const shared = await sharedDashboard(actor, read.filters, now, false, zone);
  // The page names the chosen client only; two hundred clients in a drop-down were a fifth of it.
  const { clients, ...figures } = shared.report;
  const report = { ...figures, charts: figures.charts.map((c) => chartForPage(c)) };
  return page({
    error: null,
    values: read.values,
    report,
    asOf: shared.computedAt.toISOString(),
    client: clients.find((c) => c.id === chosenId) ?? null,
    clientSearch: found?.kind === "search" ? { query: found.query, clients: found.clients, more: found.more } : null,
  });
}

/** "Refresh now": the figures of the page's filters computed again, then the page shown (ADR 037). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const url = new URL(request.url);
  const now = new Date();
  const zone = await operatorZoneOf(context);
  const read = readFilters(url.searchParams, now, zone);
  if (read.ok) await sharedDashboard(actor, read.filters, now, true, zone);
  // Remix posts an index route's form to "?index"; the page itself is the plain URL.
  url.searchParams.delete("index");
  return redirect(`${url.pathname}${url.search}`, 303);
}

/** One shape for the page's data, whichever branch answers (the CSV branches answer with a Response). */
type PageData = {
  error: string | null;
  values: FilterValues;
  report: Omit<Dashboard, "clients"> | null;
  asOf: string | null;
  client: { id: string; name: string } | null;
  clientSearch: { query: string; clients: { id: string; name: string }[]; more: boolean } | null;
};
const page = (d: PageData, status = 200) => data(d, { status });

export default function Reports() {
  const { error, values, report, asOf, client, clientSearch } = useLoaderData<() => PageData>();
  const query = new URLSearchParams({ from: values.from, to: values.to, client: values.client, framework: values.framework });
  const csvHref = (chart: string) => `/reports/csv?${query.toString()}&chart=${chart}`;
  return (
    <main id="main" className="reports">
      <h1>Reports</h1>
      <p>
        Cases opened in the chosen months, counted at the time shown above the charts. For the figures of the framework&apos;s annual review, see the{" "}
        <Link to="/reports/annual">annual dispute-resolution report</Link>.
      </p>
      <Form method="get" className="filters" aria-label="Filters">
        <div className="field">
          <label htmlFor="r-from">First month</label>
          <input type="month" id="r-from" name="from" defaultValue={values.from} placeholder="YYYY-MM" />
        </div>
        <div className="field">
          <label htmlFor="r-to">Last month</label>
          <input type="month" id="r-to" name="to" defaultValue={values.to} placeholder="YYYY-MM" />
        </div>
        <div className="field">
          <label htmlFor="r-client">Client</label>
          <select key={values.client} id="r-client" name="client" defaultValue={values.client}>
            <option value="">All clients</option>
            <option value="operator">About the operator (no client)</option>
            {client && <option value={client.id}>{client.name}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-client-name">Find by name</label>
          <p className="hint" id="r-client-name-hint">Part of a client&apos;s name: the figures then show that client</p>
          {/* Searched on the server (ADR 039): hundreds of clients do not fit a drop-down. */}
          <input key={clientSearch?.query ?? ""} type="search" id="r-client-name" name="client_name" maxLength={200} defaultValue={clientSearch?.query ?? ""} aria-describedby="r-client-name-hint" />
        </div>
        <div className="field">
          <label htmlFor="r-framework">Framework</label>
          <select id="r-framework" name="framework" defaultValue={values.framework}>
            <option value="">All frameworks</option>
            {FRAMEWORK_IDS.map((f) => <option key={f} value={f}>{FRAMEWORKS[f].name}</option>)}
          </select>
        </div>
        <button type="submit">Show</button>
      </Form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {clientSearch && (
        <section aria-labelledby="r-client-matches" className="client-matches">
          <h2 id="r-client-matches">Clients matching “{clientSearch.query}”</h2>
          {clientSearch.clients.length === 0 ? (
            <p>No client&apos;s name contains these words. The figures below are for the filters as they were.</p>
          ) : (
            <>
              <p>Choose one to see its figures{clientSearch.more ? "; more clients match, so add a word to narrow the search" : ""}.</p>
              <ul>
                {clientSearch.clients.map((c) => (
                  <li key={c.id}><Link to={`/reports?${withClientFilter(new URLSearchParams({ from: values.from, to: values.to, framework: values.framework }), c.id)}`}>{c.name}</Link></li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {report && (
        <>
          <p role="status">
            {report.cases} case{report.cases === 1 ? "" : "s"} opened from {monthLabel(values.from)} to {monthLabel(values.to)}.
          </p>
          {asOf && <FiguresAsOf asOf={asOf} sharedFor="these filters" />}
          <div className="chart-grid">
            {report.charts.map((chart) => <ChartFigure key={chart.id} chart={chart} csvHref={csvHref(chart.id)} />)}
          </div>
        </>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
