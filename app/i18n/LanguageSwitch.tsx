import { Form, useLocation } from "@remix-run/react";
import { LOCALE_NAMES, LOCALES } from "./locales";
import { useT } from "./react";

/**
 * Three buttons in a small form: works without JavaScript (POST /language sets the cookie and
 * sends the visitor back to this page). Each language is named in itself, marked with its `lang`
 * so a screen reader pronounces it right; the current one is pressed.
 */
export function LanguageSwitch() {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t("common.language.label")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((locale) => (
        <button key={locale} type="submit" name="lang" value={locale} className="link" aria-pressed={locale === t.locale}>
          <span lang={locale}>{LOCALE_NAMES[locale]}</span>
        </button>
      ))}
    </Form>
  );
}
