import { DEFAULT_LOCALE, isLocale, LANGUAGE_COOKIE, LOCALES, type Locale } from "./locales";

/**
 * The language of a request (ADR 033): the visitor's own choice (cookie `recourse_lang`, set by
 * POST /language), else the first language of their browser's Accept-Language we speak, else English.
 */
export function localeFromRequest(request: Request): Locale {
  return localeFromCookieHeader(request.headers.get("Cookie")) ?? localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

/** The language chosen on the switch, when the cookie holds one we speak. */
export function localeFromCookieHeader(header: string | null): Locale | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== LANGUAGE_COOKIE) continue;
    const value = part.slice(eq + 1).trim().toLowerCase();
    if (isLocale(value)) return value;
  }
  return null;
}

/**
 * The best of our languages for an Accept-Language header ("de-CH, fr;q=0.8, en;q=0.5"): by
 * quality, then by order; a region (de-CH, fr-BE) counts as its language; q=0 is a refusal; "*"
 * and languages we do not speak are passed over. Null when none matches.
 */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1000)
    .split(",")
    .map((item, index) => {
      const [tag = "", ...params] = item.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find((m) => m !== null);
      return { language: tag.trim().split("-")[0]!.toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && (LOCALES as readonly string[]).includes(r.language))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const best = ranges[0]?.language;
  return isLocale(best) ? best : null;
}

/**
 * The language of a page (ADR 033): staff pages stay English for now, whatever the browser says;
 * a visitor or complainant (no role, or "complainant") reads it in their language.
 */
export function pageLocale(request: Request, role?: string): Locale {
  return role && role !== "complainant" ? "en" : localeFromRequest(request);
}
