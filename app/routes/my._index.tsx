import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Stage } from "~/domain";
import { requireSignedIn } from "~/auth/guards.server";
import { NextDeadlineBadge } from "~/components/DeadlineBadge";
import { complaintSubject, localeFromRequest, translatorFor, useT } from "~/i18n";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { listCases } from "~/models/queues.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("mycomplaints.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor, user } = await requireSignedIn({ request, context }, ["complainant"]);
  const { rows } = await listCases(actor, { status: "all" }, null, new Date(), await operatorZoneOf(context));
  // Only what the table shows: no case ids.
  return {
    locale: localeFromRequest(request),
    name: user.name,
    cases: rows.map((r) => ({ reference: r.reference, category: r.category, stage: r.stage, status: r.status, next_due: r.next_due, days_left: r.days_left, opened_at: r.opened_at })),
  };
}

export default function MyCases() {
  const { name, cases } = useLoaderData<typeof loader>();
  const t = useT();
  const formatDate = (d: string | Date) => t("mycomplaints.date", { date: new Date(d) });
  return (
    <main id="main">
      <h1>{t("mycomplaints.title")}</h1>
      <p>{t("mycomplaints.hello", { name })}</p>
      <p>{t.rich("mycomplaints.yourData", { link: (chunks) => <Link to="/my/export">{chunks}</Link> })}</p>
      {cases.length === 0 ? (
        <p>{t.rich("mycomplaints.none", { link: (chunks) => <Link to="/complain">{chunks}</Link> })}</p>
      ) : (
        <div className="table-wrap">
          <table className="data stack">
            <thead>
              <tr><th scope="col">{t("mycomplaints.col.reference")}</th><th scope="col">{t("mycomplaints.col.about")}</th><th scope="col">{t("mycomplaints.col.with")}</th><th scope="col">{t("mycomplaints.col.status")}</th><th scope="col">{t("mycomplaints.col.nextDeadline")}</th><th scope="col">{t("mycomplaints.col.madeOn")}</th></tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.reference}>
                  <td data-label={t("mycomplaints.col.reference")}><Link to={`/my/cases/${c.reference}`}>{c.reference}</Link></td>
                  <td data-label={t("mycomplaints.col.about")}>{complaintSubject(t, c.category)}</td>
                  <td data-label={t("mycomplaints.col.with")}>{t(`steps.${c.stage as Stage}.name`)}</td>
                  <td data-label={t("mycomplaints.col.status")}>{t("mycomplaints.status", { status: c.status })}</td>
                  <td data-label={t("mycomplaints.col.nextDeadline")}>
                    {c.next_due ? <>{formatDate(c.next_due)} </> : c.status === "awaiting_complainant" ? null : "—"}
                    <NextDeadlineBadge dueAt={c.next_due} daysLeft={c.days_left} status={c.status} />
                  </td>
                  <td data-label={t("mycomplaints.col.madeOn")}>{formatDate(c.opened_at)}</td>
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
