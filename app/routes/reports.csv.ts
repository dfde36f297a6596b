import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSignedIn } from "~/auth/guards.server";
import { chartCsv } from "~/domain";
import { badRequest, csvResponse, readFilters } from "~/lib/report-params";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { sharedDashboard } from "~/models/reports.server";

/** One dashboard chart's table as CSV (ADR 027): the dashboard's filters plus chart=<id>. Officer only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const now = new Date();
  const zone = await operatorZoneOf(context);
  const read = readFilters(new URL(request.url).searchParams, now, zone);
  if (!read.ok) return badRequest(read.error);
  if (!read.chart) return badRequest("Name the chart to download (chart=...).");
  // The figures the page shows (ADR 037).
  const chart = (await sharedDashboard(actor, read.filters, now, false, zone)).report.charts.find((c) => c.id === read.chart)!;
  return csvResponse(chartCsv(chart), `recourse-${chart.id}-${read.values.from}-to-${read.values.to}.csv`);
}
