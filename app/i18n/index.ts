// The i18n API for pages, mail and the server (ADR 033). Components: useT(); server and mail:
// translatorFor(locale, zone); requests: localeFromRequest(request).
export { DEFAULT_LOCALE, isLocale, LANGUAGE_COOKIE, LOCALE_NAMES, LOCALES, type Locale } from "./locales";
export { defineMessages_, type Catalog } from "./define";
export { localeFromAcceptLanguage, localeFromCookieHeader, localeFromRequest, pageLocale } from "./negotiate";
export { DAY_FORMAT, DAY_TIME_FORMAT, translateWith, translatorFor, type MessageKey, type MessageValues, type RichValues, type Translate } from "./translate";
export { I18nProvider, useT } from "./react";
export { categoryLabel, complaintSubject } from "./category";
