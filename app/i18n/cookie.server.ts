import { sessionCookieAttributes } from "~/auth/lucia.server";
import { LANGUAGE_COOKIE, type Locale } from "./locales";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The Set-Cookie value that remembers a language for a year (no session needed: it is only a preference). */
export function languageCookie(locale: Locale): string {
  return `${LANGUAGE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly${sessionCookieAttributes.secure ? "; Secure" : ""}`;
}
