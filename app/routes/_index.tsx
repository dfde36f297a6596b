import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { operator } from "~/config/operator.server";
import { localeFromRequest, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("home.meta.title") }];

export function loader({ request }: LoaderFunctionArgs) {
  return {
    locale: localeFromRequest(request),
    name: operator.name,
    address: operator.address,
    phone: operator.phone,
    email: operator.email,
    disputeBodyName: operator.disputeBodyName,
    disputeBodyAddress: operator.disputeBodyAddress,
  };
}

export default function Home() {
  const o = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="narrow">
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro", { operator: o.name })}</p>
      <p>
        <Link className="button" to="/complain">{t("home.complain")}</Link>{" "}
        <Link className="button secondary" to="/signin">{t("home.follow")}</Link>
      </p>

      <h2>{t("home.steps.heading")}</h2>
      <p>{t("home.steps.intro")}</p>
      <ol className="ladder">
        <li>
          <strong>{t("home.steps.client.title")}</strong>
          <p>{t("home.steps.client.body")}</p>
        </li>
        <li>
          <strong>{o.name}</strong>
          <p>{t("home.steps.company.body")}</p>
        </li>
        <li>
          <strong>{t("home.steps.dma.title")}</strong>
          <p>{t("home.steps.dma.body", { disputeBody: o.disputeBodyName })}</p>
        </li>
        <li>
          <strong>{t("home.steps.arbitration.title")}</strong>
          <p>{t("home.steps.arbitration.body")}</p>
        </li>
      </ol>

      <h2>{t("home.contact.heading")}</h2>
      <div className="grid">
        <address className="card">
          <strong>{t("home.contact.officer")}</strong><br />
          {o.name}<br />
          {o.address.split(", ").map((line) => (<span key={line}>{line}<br /></span>))}
          {t.rich("home.contact.phone", { phone: o.phone, link: (chunks) => <a href={`tel:${o.phone}`}>{chunks}</a> })}<br />
          {t.rich("home.contact.email", { email: o.email, link: (chunks) => <a href={`mailto:${o.email}?subject=Privacy%20Inquiry`}>{chunks}</a> })}<br />
          <span className="muted">{t("home.contact.subject")}</span>
        </address>
        <address className="card">
          <strong>{t("home.contact.disputeBody")}</strong><br />
          {o.disputeBodyName}<br />
          {o.disputeBodyAddress.split(", ").map((line) => (<span key={line}>{line}<br /></span>))}
        </address>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
