import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { FormError } from "~/components/Field";
import { FlashNotice } from "~/components/FlashNotice";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseWith, uuid } from "~/lib/forms";
import { openErasureRequest, requestErasure } from "~/models/export.server";
import { localeFromRequest, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("mydata.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  if (actor.role !== "complainant") throw new Response("Not found", { status: 404 });
  // While a request to erase the account is open, the page names it instead of offering another (ADR 051).
  const openRequest = await openErasureRequest(actor);
  // One key per rendered form: a second click files nothing new.
  return { submissionKey: randomUUID(), locale: localeFromRequest(request), openRequest };
}

const erasureSchema = z.object({
  intent: z.literal("erase", { error: "Unknown action." }),
  confirm: z.literal("yes", { error: "Tick the box to confirm that you want your account erased." }),
  submissionKey: uuid("The form has expired: load the page again."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["complainant"]);
  if (actor.role !== "complainant") throw new Response("Not found", { status: 404 });
  const parsed = parseWith(erasureSchema, await request.formData());
  if (!parsed.ok) {
    // The schema's English messages, worded in the complainant's language by the field that failed.
    const t = translatorFor(localeFromRequest(request));
    const errors: Record<string, string> = parsed.errors;
    const error = errors.confirm ? t("mydata.erase.confirmRequired") : errors.submissionKey ? t("mydata.erase.expired") : t("mydata.erase.check");
    return data({ error }, { status: 400 });
  }
  const locale = localeFromRequest(request);
  const filed = await requestErasure(actor, parsed.data.submissionKey, new Date(), locale);
  if (!filed.ok) {
    const t = translatorFor(locale);
    // One request at a time: the page (loaded again) names the open one instead of the form.
    if (filed.code === "already_open") return data({ error: t("mydata.erase.alreadyOpen", { reference: filed.reference }) }, { status: 409 });
    // The refusal's `reason` is English; none is expected for this request (the complainant's own address, no client).
    return data({ error: t("mydata.erase.failed") }, { status: 400 });
  }
  // Shown once, on this page only, from a cookie (ADR 035): nothing in the address to echo.
  return redirectWithFlash("/my/export", { key: "flash.erasure.requested", values: { reference: filed.reference } });
}

export default function MyData() {
  const { submissionKey, openRequest } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <main id="main">
      <h1>{t("mydata.title")}</h1>
      <FlashNotice />
      <p>{t("mydata.intro")}</p>
      <ul>
        <li><a href="/my/export.html" download>{t("mydata.download.html")}</a></li>
        <li><a href="/my/export.json" download>{t("mydata.download.json")}</a></li>
      </ul>

      <h2>{t("mydata.erase.heading")}</h2>
      {openRequest ? (
        <>
          <FormError message={result?.error} />
          <p className="notice">
            {t.rich("mydata.erase.requested", { reference: openRequest, link: (chunks) => <Link to={`/my/cases/${openRequest}`}>{chunks}</Link> })}
          </p>
        </>
      ) : (
        <>
          <p>{t("mydata.erase.intro")}</p>
          <Form method="post" className="card">
            <FormError message={result?.error} />
            <input type="hidden" name="intent" value="erase" />
            <input type="hidden" name="submissionKey" value={submissionKey} />
            <div className="field">
              <input type="checkbox" id="erase-confirm" name="confirm" value="yes" required />{" "}
              <label htmlFor="erase-confirm">{t("mydata.erase.confirm")}</label>
            </div>
            <button type="submit">{t("mydata.erase.submit")}</button>
          </Form>
        </>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
