import { z } from "zod";
import { FRAMEWORK_IDS, MAX_PERIOD_MONTHS, addMonths, isMonth, isoDay, localDay, monthsFrom, type ChartId } from "~/domain";
import type { ClientFilter, DashboardFilters } from "~/models/reports.server";
import { parseWith } from "./forms";

// The reports' URL parameters (a GET form and the CSV links share them), read with zod: the
// dashboard's filters and chart, the annual report's year. A bad value gives one plain sentence.

export const CHART_IDS = ["opened", "open", "deadlines", "timing_stage", "timing_client", "outcomes"] as const satisfies readonly ChartId[];

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
  // The dashboard's "Find a client": a name to search, resolved to ?client by the route (ADR 039).
  client_name: z.string().trim().max(200, "Keep the client's name under 200 characters.").optional(),
  chart: z.enum(CHART_IDS, { error: "There is no such chart." }).optional(),
});

/** The filters as typed, echoed in the form and carried by the CSV links. */
export interface FilterValues {
  from: string;
  to: string;
  client: string;
  framework: string;
}

export type ReadFilters =
  | { ok: true; values: FilterValues; filters: DashboardFilters; chart: ChartId | null; clientName: string }
  | { ok: false; error: string; values: FilterValues };

/** Without a period: the twelve months up to this one in the operator's zone. */
export function readFilters(params: URLSearchParams, now: Date, zone: string): ReadFilters {
  const parsed = parseWith(filtersForm, params);
  const thisMonth = isoDay(localDay(now, zone)).slice(0, 7);
  const defaults: FilterValues = { from: addMonths(thisMonth, -11), to: thisMonth, client: "", framework: "" };
  if (!parsed.ok) return { ok: false, error: Object.values(parsed.errors)[0]!, values: defaults };
  const p = parsed.data;
  const values: FilterValues = { from: p.from || defaults.from, to: p.to || defaults.to, client: p.client ?? "", framework: p.framework ?? "" };
  if (values.to < values.from) return { ok: false, error: "The first month is after the last month.", values };
  if (monthsFrom(values.from, values.to).length > MAX_PERIOD_MONTHS) {
    return { ok: false, error: `Choose a period of at most ${MAX_PERIOD_MONTHS / 12} years.`, values };
  }
  const client: ClientFilter =
    values.client === "" ? { kind: "all" } : values.client === "operator" ? { kind: "operator" } : { kind: "client", id: values.client.toLowerCase() };
  const filters: DashboardFilters = { from: values.from, to: values.to, client, framework: (values.framework || null) as DashboardFilters["framework"] };
  return { ok: true, values, filters, chart: p.chart ?? null, clientName: p.client_name ?? "" };
}

export const FIRST_YEAR = 2000;

const yearForm = z.object({
  year: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "Enter a year such as 2026.")
    .transform(Number)
    .refine((y) => y >= FIRST_YEAR && y <= 2999, `Enter a year from ${FIRST_YEAR} on.`)
    .optional(),
});

/** Without a year: this year in the operator's zone. */
export function readYear(params: URLSearchParams, now: Date, zone: string): { ok: true; year: number } | { ok: false; error: string; year: number } {
  const thisYear = Number(isoDay(localDay(now, zone)).slice(0, 4));
  const parsed = parseWith(yearForm, params);
  if (!parsed.ok) return { ok: false, error: Object.values(parsed.errors)[0]!, year: thisYear };
  return { ok: true, year: parsed.data.year ?? thisYear };
}

/** A CSV file as a download. */
export function csvResponse(body: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

export function badRequest(message: string): Response {
  return new Response(`${message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}
