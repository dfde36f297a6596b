import { useMemo, type ReactNode } from "react";
import { RawIntlProvider, useIntl } from "react-intl";
import { intlFor, translateWith, type Translate } from "./translate";
import type { Locale } from "./locales";

/** Given by the root layout: the request's language and the operator's zone (ICU dates are shown in it). */
export function I18nProvider({ locale, zone, children }: { locale: Locale; zone: string; children: ReactNode }) {
  return <RawIntlProvider value={intlFor(locale, zone)}>{children}</RawIntlProvider>;
}

/** In components: `const t = useT(); t("case.answer.heading", { name })`. */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => translateWith(intl), [intl]);
}
