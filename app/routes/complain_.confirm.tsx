import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { sessionMetaOf } from "~/auth/sessions.server";
import { parseWith } from "~/lib/forms";
import { confirmHeldFiling, type ConfirmRefusal } from "~/models/complaints.server";
import { localeFromRequest, translatorFor, useT, type MessageKey } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("filing.confirm.title") }];

/** Each refusal in the complainant's language (the outcome's `reason` is English, for staff and logs). */
const REFUSAL: Record<ConfirmRefusal, MessageKey> = {
  expired: "filing.confirm.expired",
  client_gone: "filing.confirm.clientGone",
  client_inactive: "filing.confirm.clientInactive",
  not_opened: "filing.confirm.notOpened",
};

const tokenForm = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This confirmation link is not valid.") });

// Opening the link only shows a button: mail scanners that follow links must not confirm anything.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseWith(tokenForm, new URL(request.url).searchParams);
  return { token: parsed.ok ? parsed.data.token : null, locale: localeFromRequest(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(tokenForm, await request.formData());
  const t = translatorFor(localeFromRequest(request));
  if (!parsed.ok) return data({ failed: t("filing.confirm.invalid") }, { status: 400 });
  // The link came to their address: it signs them in, as a sign-in link does, in the transaction
  // that opens the case (a failure leaves the filing held and the link usable).
  const outcome = await confirmHeldFiling(parsed.data.token, new Date(), sessionMetaOf(request, context));
  if (!outcome.ok) {
    return data({ failed: t(REFUSAL[outcome.code]) }, { status: 400 });
  }
  return redirect(`/my/cases/${outcome.reference}`, outcome.cookie ? { headers: { "Set-Cookie": outcome.cookie } } : undefined);
}

export default function ConfirmComplaint() {
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>()?.failed;
  const t = useT();
  const signIn = (chunks: React.ReactNode[]) => <a href="/signin">{chunks}</a>;
  return (
    <main id="main" className="narrow">
      <h1>{t("filing.confirm.title")}</h1>
      {failed && <p className="form-error" role="alert">{t.rich("filing.confirm.failed", { reason: failed, link: signIn })}</p>}
      {loaded.token && !failed ? (
        <>
          <p>{t("filing.confirm.intro")}</p>
          <Form method="post">
            <input type="hidden" name="token" value={loaded.token} />
            <button type="submit">{t("filing.confirm.submit")}</button>
          </Form>
          <p className="muted">{t("filing.confirm.notYou")}</p>
        </>
      ) : failed ? null : (
        <p className="form-error" role="alert">{t.rich("filing.confirm.unusable", { link: signIn })}</p>
      )}
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
