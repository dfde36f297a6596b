import type { ReactNode } from "react";
import { IntlMessageFormat, type Formats } from "intl-messageformat";
import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { CATALOGS, type MessageKey } from "./messages";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";
import { remembered } from "../domain/remembered";

export type { MessageKey } from "./messages";

/** What a message's placeholders take: ICU formats numbers ({n, plural, ...}) and dates ({due, date, long}) itself. */
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** Placeholders that are React nodes or tag functions (<link>...</link>), for `t.rich`. */
export type RichValues = Record<string, ReactNode | Date | ((chunks: ReactNode[]) => ReactNode)>;

/**
 * `t(key, values)`: one message in one language, as a string. `t.rich` when a placeholder is an
 * element or the message has tags. `t.locale` and `t.intl` for the rare formatter a message does
 * not cover (intl.formatList, intl.formatDate with the operator's zone).
 */
export interface Translate {
  (key: MessageKey, values?: MessageValues): string;
  rich(key: MessageKey, values: RichValues): ReactNode;
  locale: Locale;
  intl: IntlShape;
}

/** Every message of every catalog, flat, per language. */
export const MESSAGES: Record<Locale, Record<string, string>> = Object.fromEntries(
  LOCALES.map((locale) => [locale, Object.assign({}, ...Object.values(CATALOGS).map((catalog) => catalog[locale]))]),
) as Record<Locale, Record<string, string>>;

/**
 * The locale numbers and dates are written in: English as in Britain and the EU ("14 Jan 2027",
 * the form every page and mail used before), German and French as in Germany and France.
 */
const FORMAT_LOCALE: Record<Locale, string> = { en: "en-GB", de: "de-DE", fr: "fr-FR" };

/**
 * The one form of a day on complainant pages and in mail, in every language: "7 Dec 2026",
 * "7. Dez. 2026", "7 déc. 2026" (the English form is the domain's, so staff pages, which also
 * show the domain's English sentences, read the same). Messages write it `{due, date, day}`;
 * ICU's `long` ("7 December 2026") and `medium` ("07.12.2026" in German) are not used.
 */
export const DAY_FORMAT = { day: "numeric", month: "short", year: "numeric" } as const;
/** The same day with the time of day, 24-hour: "7 Dec 2026, 14:05". */
export const DAY_TIME_FORMAT = { ...DAY_FORMAT, hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

const cache = createIntlCache();
const intls = new Map<string, IntlShape>();

/**
 * The react-intl object of one language in one time zone (every ICU date in the zone named), made
 * once and kept: the root provides it to the pages, translatorFor wraps it for the server and mail.
 */
export function intlFor(locale: Locale, zone = "UTC"): IntlShape {
  const key = `${locale} ${zone}`;
  let intl = intls.get(key);
  if (!intl) {
    intl = createIntl(
      { locale: FORMAT_LOCALE[locale], defaultLocale: DEFAULT_LOCALE, messages: MESSAGES[locale], timeZone: zone, formats: { date: { day: DAY_FORMAT } } },
      cache,
    );
    intls.set(key, intl);
  }
  return intl;
}

/**
 * Messages with placeholders, parsed once per intl object. intl.formatMessage merges the formats
 * and serialises them into a cache key on every call, a millisecond a page in a staff table; the
 * formats here are merged the same way (the zone in every date and time format), once.
 */
const parsed = new WeakMap<IntlShape, Map<string, IntlMessageFormat>>();

function formatsInZone(formats: Partial<Formats>, zone: string | undefined): Partial<Formats> {
  const base = IntlMessageFormat.formats;
  const inZone = (options: Record<string, Intl.DateTimeFormatOptions>) =>
    Object.fromEntries(Object.entries(options).map(([name, o]) => [name, zone ? { timeZone: zone, ...o } : o]));
  const merge = (a: Record<string, Intl.DateTimeFormatOptions>, b: Record<string, Intl.DateTimeFormatOptions>) =>
    Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((name) => [name, { ...a[name], ...b[name] }]));
  return { ...base, ...formats, date: merge(inZone(base.date), inZone(formats.date ?? {})), time: merge(inZone(base.time), inZone(formats.time ?? {})) };
}

function parsedMessage(intl: IntlShape, key: string): IntlMessageFormat | null {
  let byKey = parsed.get(intl);
  if (!byKey) {
    byKey = new Map();
    parsed.set(intl, byKey);
  }
  let format = byKey.get(key);
  if (!format) {
    const message = Object.prototype.hasOwnProperty.call(intl.messages, key) ? intl.messages[key] : undefined;
    if (typeof message !== "string" || message === "") return null;
    try {
      format = new IntlMessageFormat(message, intl.locale, formatsInZone(intl.formats, intl.timeZone));
    } catch {
      return null;
    }
    byKey.set(key, format);
  }
  return format;
}

/**
 * Messages already formatted with the same plain values, per intl object: a staff table asks for
 * the same few ("3 days left") fifty times a page, and ICU formatting is the costly part of t().
 * Bounded: cleared when full.
 */
const formatted = new WeakMap<IntlShape, Map<string, ReturnType<IntlMessageFormat["format"]>>>();
const FORMATTED_LIMIT = 5_000;

function plainValuesKey(key: string, values: MessageValues): string | null {
  let out = key;
  for (const name in values) {
    const value = (values as Record<string, unknown>)[name];
    if (typeof value !== "string" && typeof value !== "number") return null;
    out += `\u0000${name}\u0000${typeof value === "number" ? "n" : "s"}${value}`;
  }
  return out;
}

/** The `t` of an intl object (useT wraps the provider's; translatorFor its own). */
export function translateWith(intl: IntlShape): Translate {
  let texts = formatted.get(intl);
  if (!texts) formatted.set(intl, (texts = new Map()));
  const known = texts;
  const t = ((key: MessageKey, values?: MessageValues) => {
    const format = values ? parsedMessage(intl, key) : null;
    if (format) {
      const cacheKey = plainValuesKey(key, values!);
      const formatNow = () => format.format(values as Record<string, string>);
      try {
        // Remembered only for plain values (strings, numbers); dates and other values are formatted every time.
        const text = cacheKey === null ? formatNow() : remembered(known, cacheKey, FORMATTED_LIMIT, formatNow);
        if (typeof text === "string") return text;
      } catch {
        // A value missing or of the wrong kind: react-intl reports it and falls back, below.
      }
    }
    // No placeholders, a missing message or one that does not format: react-intl's own way (and report).
    return intl.formatMessage({ id: key }, values as Record<string, string>);
  }) as Translate;
  t.rich = (key, values) => intl.formatMessage({ id: key }, values as Record<string, never>) as ReactNode;
  t.locale = (LOCALES.find((l) => intl.locale === FORMAT_LOCALE[l] || intl.locale === l) ?? DEFAULT_LOCALE) as Locale;
  t.intl = intl;
  return t;
}

/** For the server and mail: `translatorFor(case.language, zone)("mail.answer.heading")`. */
export function translatorFor(locale: Locale, zone = "UTC"): Translate {
  return translateWith(intlFor(locale, zone));
}
