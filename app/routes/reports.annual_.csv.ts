import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSignedIn } from "~/auth/guards.server";
import { annualCsv, suppressionThreshold } from "~/domain";
import { badRequest, csvResponse, readYear } from "~/lib/report-params";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { sharedAnnualReport } from "~/models/reports.server";

/** The annual report as CSV, counts suppressed as on the page (ADR 027). Officer only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const now = new Date();
  const zone = await operatorZoneOf(context);
  const read = readYear(new URL(request.url).searchParams, now, zone);
  if (!read.ok) return badRequest(read.error);
  // The figures the page shows (ADR 037).
  const { report } = await sharedAnnualReport(actor, read.year, suppressionThreshold(process.env.REPORT_SUPPRESSION_THRESHOLD), now, false, zone);
  return csvResponse(annualCsv(read.year, report.figures), `recourse-annual-report-${read.year}.csv`);
}
