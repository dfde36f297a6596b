/**
 * The languages Recourse speaks (ADR 033). English is the source language of every message and
 * the fallback; German and French are complete translations, checked by tests/unit/i18n-catalogs.test.ts.
 */
export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Each language named in itself, as the language switch shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", fr: "Français" };

/** The cookie that remembers a visitor's choice (set by POST /language). */
export const LANGUAGE_COOKIE = "recourse_lang";
