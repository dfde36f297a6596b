import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { requireSignedIn } from "~/auth/guards.server";
import { MyDataPage } from "~/components/account/MyDataPage";
import { loadOperatorZone } from "~/models/clock-settings.server";
import { collectMyData } from "~/models/export.server";
import { localeFromRequest, translatorFor } from "~/i18n";

/**
 * The same document as my/export.json as one readable, self-contained HTML page (no scripts, styles
 * inline, files as links the complainant may use while signed in). Never cached; shown in the
 * browser, and saved under its file name.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  if (actor.role !== "complainant") throw new Response("Not found", { status: 404 });
  const now = new Date();
  const t = translatorFor(localeFromRequest(request), await loadOperatorZone());
  const document = await collectMyData(actor, now, false, t);
  const html = `<!DOCTYPE html>${renderToStaticMarkup(<MyDataPage data={document} t={t} />)}`;
  return new Response(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `inline; filename="my-data-${now.toISOString().slice(0, 10)}.html"`,
      "Cache-Control": "private, no-store",
      // Nothing in it runs: no scripts, no forms; links to files stay usable.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  });
}
