import type { Locale } from "./locales";

/**
 * One catalog: the same flat keys in every language. English is written first and is the
 * reference; TypeScript refuses a German or French object with a key missing or a key too many,
 * and the catalog test also checks that every message parses as ICU and uses the same
 * placeholders as its English original.
 *
 *   export default defineMessages_({
 *     en: { "case.answer.heading": "The answer from {name}" },
 *     de: { "case.answer.heading": "Die Antwort von {name}" },
 *     fr: { "case.answer.heading": "La réponse de {name}" },
 *   });
 */
export type Catalog<K extends string = string> = Record<Locale, Record<K, string>>;

export function defineMessages_<const E extends Record<string, string>>(catalog: {
  en: E;
  de: { [K in keyof E]: string };
  fr: { [K in keyof E]: string };
}): Catalog<keyof E & string> {
  return catalog as Catalog<keyof E & string>;
}
