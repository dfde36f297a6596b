import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getSignedIn } from "~/auth/guards.server";
import { safeNext } from "~/auth/safe-next";
import { isLocale, localeFromRequest, translatorFor } from "~/i18n";
import { languageCookie } from "~/i18n/cookie.server";
import { setCaseLanguage } from "~/models/case-language.server";

/** A complainant's own case page: the case whose language the switch also sets. */
const CASE_PAGE = /^\/my\/cases\/([A-Za-z0-9][A-Za-z0-9-]{0,39})(?:[/?#]|$)/;

// The language switch in the header posts here (no JavaScript needed): the cookie remembers the
// choice, and on a complainant's case page the case does too, so its mail follows (ADR 033).
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const redirectTo = safeNext(typeof form.get("redirectTo") === "string" ? (form.get("redirectTo") as string) : null, "/");
  if (!isLocale(lang)) {
    // A resource route: a Response of its own (a thrown data() would reach the browser as "Unexpected Server Error").
    return new Response(translatorFor(localeFromRequest(request))("common.language.invalid"), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const signedIn = await getSignedIn({ request, context });
  const casePage = CASE_PAGE.exec(redirectTo);
  if (signedIn?.actor.role === "complainant" && casePage) {
    await setCaseLanguage(signedIn.actor, casePage[1]!, lang);
  }
  return redirect(redirectTo, { headers: { "Set-Cookie": languageCookie(lang) } });
}

export function loader() {
  return redirect("/");
}
