import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { referenceParam } from "~/lib/forms";
import { localeFromRequest, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("filing.received.title") }];

export function loader({ params, request }: LoaderFunctionArgs) {
  return { reference: referenceParam(params.reference), locale: localeFromRequest(request) };
}

export default function Received() {
  const { reference } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="narrow">
      <h1>{t("filing.received.heading")}</h1>
      <p className="notice">
        {t.rich("filing.received.reference", { reference, strong: (chunks) => <strong>{chunks}</strong> })}
      </p>
      <h2>{t("filing.received.next")}</h2>
      <ol>
        <li>{t("filing.received.next.mail")}</li>
        <li>{t("filing.received.next.deadlines")}</li>
        <li>{t("filing.received.next.escalate")}</li>
      </ol>
      <p><Link to="/signin">{t("filing.received.newLink")}</Link></p>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
