import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { safeNext } from "~/auth/guards.server";
import { sessionMetaOf } from "~/auth/sessions.server";
import { consumeSignInLink } from "~/auth/sign-in.server";
import { parseWith } from "~/lib/forms";
import { localeFromRequest, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("signinlink.meta.title") }];

const tokenForm = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This sign-in link is not valid.") });

// Opening the link only shows a button: mail scanners that follow links must not use up the single-use token.
export function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseWith(tokenForm, new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(translatorFor(localeFromRequest(request))("signinlink.invalid"), { status: 400 });
  return { token: parsed.data.token, locale: localeFromRequest(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseWith(tokenForm, await request.formData());
  if (!parsed.ok) throw new Response(translatorFor(localeFromRequest(request))("signinlink.invalid"), { status: 400 });
  // The session starts in the transaction that spends the link: a failure leaves the link usable.
  const result = await consumeSignInLink(parsed.data.token, new Date(), sessionMetaOf(request, context));
  if (!result.ok) return redirect("/signin?expired=1");
  return redirect(safeNext(result.redirectTo, "/my"), result.cookie ? { headers: { "Set-Cookie": result.cookie } } : undefined);
}

export default function SignInLink() {
  const { token } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="narrow">
      <h1>{t("signinlink.title")}</h1>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("signinlink.continue")}</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
