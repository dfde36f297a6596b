import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { FiguresAsOf } from "~/components/reports/FiguresAsOf";
import { RESOLUTION_TABLE, suppressionThreshold } from "~/domain";
import { useDates } from "~/lib/dates";
import { FIRST_YEAR, readYear } from "~/lib/report-params";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { sharedAnnualReport, type AnnualReport as Report } from "~/models/reports.server";

export const meta: MetaFunction = () => [{ title: "Annual dispute-resolution report" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const now = new Date();
  const zone = await operatorZoneOf(context);
  const read = readYear(new URL(request.url).searchParams, now, zone);
  if (!read.ok) return page({ error: read.error, year: read.year, report: null, asOf: null }, 400);
  // ADR 027: counts below the threshold are not published.
  const shared = await sharedAnnualReport(actor, read.year, suppressionThreshold(process.env.REPORT_SUPPRESSION_THRESHOLD), now, false, zone);
  return page({ error: null, year: read.year, report: shared.report, asOf: shared.computedAt.toISOString() });
}

/** "Refresh now": the year's figures computed again, then the page shown (ADR 037). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const url = new URL(request.url);
  const now = new Date();
  const zone = await operatorZoneOf(context);
  const read = readYear(url.searchParams, now, zone);
  if (read.ok) await sharedAnnualReport(actor, read.year, suppressionThreshold(process.env.REPORT_SUPPRESSION_THRESHOLD), now, true, zone);
  return redirect(`${url.pathname}${url.search}`, 303);
}

/** One shape for the page's data, whichever branch answers (the CSV branch answers with a Response). */
type PageData = { error: string | null; year: number; report: Report | null; asOf: string | null };
const page = (d: PageData, status = 200) => data(d, { status });

export default function AnnualReport() {
  const { error, year, report, asOf } = useLoaderData<() => PageData>();
  // The operator's name, as the site header shows it (OPERATOR_NAME): the header is not printed.
  const operatorName = useRouteLoaderData<{ operatorName?: string }>("root")?.operatorName;
  const { formatDateTime } = useDates();
  return (
    <main id="main" className="reports annual-report">
      <p className="no-print"><Link to="/reports">← Reports</Link></p>
      {report && asOf && (
        <p className="print-only report-masthead">
          <strong>{operatorName}</strong> · Dispute-resolution report for {report.year} · Produced {formatDateTime(asOf)}
        </p>
      )}
      <h1>Annual dispute-resolution report {report ? report.year : ""}</h1>
      <Form method="get" className="filters no-print" aria-label="Choose the year">
        <div className="field">
          <label htmlFor="a-year">Year</label>
          <input type="number" id="a-year" name="year" defaultValue={year} min={FIRST_YEAR} max={2999} inputMode="numeric" />
        </div>
        <button type="submit">Show</button>
      </Form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {report && (
        <>
          <p>
            The figures the recourse mechanism reports for the framework&apos;s annual review: complaints received from 1 January to
            31 December {report.year} ({report.zone} time), and where they stand today.
          </p>
          {asOf && <FiguresAsOf asOf={asOf} sharedFor="this year" />}
          <p className="no-print actions">
            <a className="button secondary" href={`/reports/annual/csv?year=${report.year}`} download>Download as CSV</a>
          </p>
          {/* ADR 027, ADR 052: a withheld count claims no range; only small ones read "< N". */}
          <section className="annual-legend" aria-labelledby="annual-legend">
            <h2 id="annual-legend">How to read the counts</h2>
            <p>So that no figure points to a person:</p>
            <dl>
              <dt>&lt; {report.figures.threshold}</dt>
              <dd>A count under {report.figures.threshold} (from 1 to {report.figures.threshold - 1}).</dd>
              <dt>withheld</dt>
              <dd>A count left out so that the small ones cannot be worked out from the totals.</dd>
            </dl>
          </section>
          <div className="annual-tables">
            {report.figures.tables.map((t) => (
              <section key={t.id} aria-labelledby={`annual-${t.id}`}>
                <h2 id={`annual-${t.id}`}>{t.title}</h2>
                <p className="muted">{t.note}</p>
                <table className="data">
                  <thead>
                    <tr><th scope="col">{t.title}</th><th scope="col" className="num">Count</th></tr>
                  </thead>
                  <tbody>
                    {t.rows.map((r) => (
                      <tr key={r.label} className={r.isTotal ? "total" : undefined}>
                        <th scope="row">{r.label}</th>
                        <td className={r.suppressed ? `num ${r.suppressed}` : "num"}>{r.shown}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {t.id === RESOLUTION_TABLE && (
                  <p>
                    Median time to resolution:{" "}
                    {report.figures.medianDaysToResolution !== null
                      ? `${report.figures.medianDaysToResolution} days.`
                      : report.figures.medianWithheld === "suppressed"
                        ? "not shown (with the bands' total it would reveal a suppressed band)."
                        : `not shown (fewer than ${report.figures.threshold} complaints have ended).`}
                  </p>
                )}
              </section>
            ))}
          </div>
        </>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
