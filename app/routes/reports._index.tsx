import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { ChartFigure } from "~/components/reports/ChartFigure";
import { FRAMEWORK_IDS, FRAMEWORKS, MAX_PERIOD_MONTHS, addMonths, chartCsv, isMonth, isoDay, localDay, monthLabel, monthsFrom, type ChartId } from "~/domain";
import { parseWith } from "~/lib/forms";
import { loadOperatorZone } from "~/models/clock-settings.server";
import { dashboard, type ClientFilter, type Dashboard, type DashboardFilters } from "~/models/reports.server";

export const meta: MetaFunction = () => [{ title: "Reports" }];

const CHART_IDS = ["opened", "open", "deadlines", "timing_stage", "timing_client", "outcomes"] as const satisfies readonly ChartId[];

const month = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || isMonth(s), `Enter the ${what} month as YYYY-MM, for example 2026-03.`)
    .optional();

const filtersForm = z.object({
  from: month("first"),
  to: month("last"),
  client: z
    .string()
    .trim()
    .regex(/^(|operator|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, "Choose a client from the list.")
    .optional(),
  framework: z.enum(["", ...FRAMEWORK_IDS], { error: "Choose a framework from the list." }).optional(),
  format: z.enum(["html", "csv"], { error: "The format is html or csv." }).optional(),
  chart: z.enum(CHART_IDS, { error: "There is no such chart." }).optional(),
});

interface FormValues {
  from: string;
  to: string;
  client: string;
  framework: string;
}

/** The filters as typed (echoed in the form) and as the model takes them, or the first error. */
function readFilters(params: URLSearchParams, now: Date, zone: string) {
  const parsed = parseWith(filtersForm, params);
  const thisMonth = isoDay(localDay(now, zone)).slice(0, 7);
  const defaults: FormValues = { from: addMonths(thisMonth, -11), to: thisMonth, client: "", framework: "" };
  if (!parsed.ok) return { ok: false as const, error: Object.values(parsed.errors)[0]!, values: defaults };
  const p = parsed.data;
  const values: FormValues = { from: p.from || defaults.from, to: p.to || defaults.to, client: p.client ?? "", framework: p.framework ?? "" };
  if (values.to < values.from) return { ok: false as const, error: "The first month is after the last month.", values };
  if (monthsFrom(values.from, values.to).length > MAX_PERIOD_MONTHS) {
    return { ok: false as const, error: `Choose a period of at most ${MAX_PERIOD_MONTHS / 12} years.`, values };
  }
  const client: ClientFilter = values.client === "" ? { kind: "all" } : values.client === "operator" ? { kind: "operator" } : { kind: "client", id: values.client.toLowerCase() };
  const filters: DashboardFilters = { from: values.from, to: values.to, client, framework: (values.framework || null) as DashboardFilters["framework"] };
  return { ok: true as const, values, filters, format: p.format ?? "html", chart: p.chart ?? null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(request, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const now = new Date();
  const params = new URL(request.url).searchParams;
  const read = readFilters(params, now, await loadOperatorZone());
  if (!read.ok) {
    if (params.get("format") === "csv") return new Response(`${read.error}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    return page({ error: read.error, values: read.values, report: null }, 400);
  }
  if (read.format === "csv" && !read.chart) {
    return new Response("Name the chart to download (chart=...).\n", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const report = await dashboard(actor, read.filters, now);
  if (read.format === "csv") {
    const chart = report.charts.find((c) => c.id === read.chart)!;
    return new Response(chartCsv(chart), {
      headers: {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="recourse-${chart.id}-${read.values.from}-to-${read.values.to}.csv"`,
        "cache-control": "no-store",
      },
    });
  }
  return page({ error: null, values: read.values, report });
}

/** One shape for the page's data, whichever branch answers (the CSV branches answer with a Response). */
type PageData = { error: string | null; values: FormValues; report: Dashboard | null };
const page = (d: PageData, status = 200) => data(d, { status });

export default function Reports() {
  const { error, values, report } = useLoaderData<() => PageData>();
  const query = new URLSearchParams({ from: values.from, to: values.to, client: values.client, framework: values.framework });
  const csvHref = (chart: string) => `/reports?${query.toString()}&format=csv&chart=${chart}`;
  return (
    <main id="main" className="reports">
      <h1>Reports</h1>
      <p>
        Cases opened in the chosen months, counted now. For the figures of the framework&apos;s annual review, see the{" "}
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
          <select id="r-client" name="client" defaultValue={values.client}>
            <option value="">All clients</option>
            <option value="operator">About the operator (no client)</option>
            {report?.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
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
      {report && (
        <>
          <p role="status">
            {report.cases} case{report.cases === 1 ? "" : "s"} opened from {monthLabel(values.from)} to {monthLabel(values.to)}.
          </p>
          <div className="chart-grid">
            {report.charts.map((chart) => <ChartFigure key={chart.id} chart={chart} csvHref={csvHref(chart.id)} />)}
          </div>
        </>
      )}
    </main>
  );
}
