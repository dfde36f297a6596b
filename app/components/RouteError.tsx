import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n";

/**
 * What a page shows when its loader or action failed: a plain title and sentence (never a stack),
 * inside the app's frame. Every page route exports it as its ErrorBoundary, so the root's header
 * and navigation stay; the root's own boundary adds the header for errors above the routes.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let title = t("common.error.title");
  let detail = t("common.error.detail");
  if (isRouteErrorResponse(error)) {
    const given = typeof error.data === "string" && error.data ? error.data : null;
    if (error.status === 503) {
      // The database is restarting or unreachable (server/unavailable.ts): it passes by itself.
      title = t("common.error.unavailableTitle");
      detail = given ?? t("common.error.unavailableDetail");
    } else if (error.status === 404) {
      title = t("common.error.notFoundTitle");
      detail = given ?? t("common.error.notFoundDetail");
    } else if (error.status === 403) {
      title = t("common.error.forbiddenTitle");
      if (given) detail = given;
    } else if (error.status === 400) {
      title = t("common.error.badRequestTitle");
      if (given) detail = given;
    } else {
      title = `${error.status} ${error.statusText || ""}`.trim();
      if (given) detail = given;
    }
  }
  return (
    <main id="main" className="narrow">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p><Link to="/">{t("common.error.back")}</Link></p>
    </main>
  );
}
