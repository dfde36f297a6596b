import { PRINCIPLE_CATEGORIES, REQUEST_CATEGORIES } from "~/domain";
import { categoryLabel, LOCALE_NAMES, LOCALES, useT, type MessageKey, type Translate } from "~/i18n";
import { COUNTRIES } from "~/lib/countries";
import { ORGANIZATION_UNKNOWN, OPERATOR_ITSELF } from "~/lib/organization";
import { Field } from "./Field";

/** The public form's search over clients: what was typed, and the clients it found. */
export interface CompanySearch {
  query: string;
  clients: { id: string; name: string }[];
  more: boolean;
}

interface Props {
  /** Staff forms: every client in a drop-down. The public form passes `search` instead. */
  clients?: { id: string; name: string }[];
  /** The public form: a search field over clients (works without JavaScript) and "I don't know". */
  search?: CompanySearch | null;
  operatorName: string;
  errors: Record<string, string>;
  values: Record<string, string>;
  staff?: boolean;
}

/**
 * Which company: a search field with a submit button (`intent=find-company`: the form comes back
 * with every field kept and the matches as radio buttons; the complaint's text never goes in a
 * URL), the operator itself, and "I don't know / another company".
 */
function CompanyChoice({ search, operatorName, error, chosen }: { search: CompanySearch | null; operatorName: string; error?: string; chosen?: string }) {
  const t = useT();
  const matches = search?.clients ?? [];
  const keepChosen = chosen && chosen !== OPERATOR_ITSELF && chosen !== ORGANIZATION_UNKNOWN && !matches.some((c) => c.id === chosen);
  const radio = (value: string, label: string, hint?: string) => (
    <li key={value}>
      <input type="radio" id={`organization-${value}`} name="organization" value={value} defaultChecked={chosen === value} aria-describedby={hint ? `organization-${value}-hint` : undefined} />{" "}
      <label htmlFor={`organization-${value}`}>{label}</label>
      {hint && <p className="hint" id={`organization-${value}-hint`}>{hint}</p>}
    </li>
  );
  return (
    <fieldset className="field company-choice" aria-describedby={["organization-hint", error ? "organization-error" : ""].filter(Boolean).join(" ")}>
      <legend>{t("complain.org.legend")}</legend>
      <p className="hint" id="organization-hint">{t("complain.org.hint")}</p>
      <div className="company-search">
        <label htmlFor="companyQuery">{t("complain.org.search")}</label>
        <div className="company-search-row">
          <input id="companyQuery" name="companyQuery" type="search" defaultValue={search?.query ?? ""} maxLength={200} autoComplete="organization" />
          <button type="submit" name="intent" value="find-company" formNoValidate className="secondary">{t("complain.org.find")}</button>
        </div>
        <p className="hint">{t("complain.org.filesAgain")}</p>
      </div>
      {search && search.query.trim() !== "" && (
        <p role="status" className="company-found">{t("complain.org.found", { count: matches.length, query: search.query.trim() })}</p>
      )}
      {search?.more && <p className="hint">{t("complain.org.more", { count: matches.length })}</p>}
      <ul className="choices">
        {matches.map((c) => radio(c.id, c.name))}
        {keepChosen && radio(chosen, t("complain.org.chosen"))}
        {radio(OPERATOR_ITSELF, t("complain.org.operator", { operator: operatorName }))}
        {radio(ORGANIZATION_UNKNOWN, t("complain.org.unknown"), t("complain.org.unknownHint"))}
      </ul>
      {error && <p className="error" id="organization-error">{error}</p>}
    </fieldset>
  );
}

export function ComplaintFields({ clients, search = null, operatorName, errors, values, staff }: Props) {
  const t = useT();
  const category = (k: string) => categoryLabel(t, k);
  return (
    <>
      {staff ? (
        <Field name="organization" label="Which organization is the complaint about?" error={errors.organization}
          hint="The company that holds the data, if known. Choose us if it is about us directly.">
          {(a) => (
            <select {...a} defaultValue={values.organization ?? ""}>
              <option value="" disabled>Choose…</option>
              {(clients ?? []).map((c) => (<option key={c.id} value={c.id}>{c.name}</option>))}
              <option value={OPERATOR_ITSELF}>{operatorName} itself</option>
            </select>
          )}
        </Field>
      ) : (
        <CompanyChoice search={search} operatorName={operatorName} error={errors.organization} chosen={values.organization} />
      )}
      <Field name="category" label={t("complain.category.label")} error={errors.category}>
        {(a) => (
          <select {...a} defaultValue={values.category ?? ""}>
            <option value="" disabled>{t("complain.category.choose")}</option>
            <optgroup label={t("complain.category.requests")}>
              {Object.keys(REQUEST_CATEGORIES).map((k) => (<option key={k} value={k}>{category(k)}</option>))}
            </optgroup>
            <optgroup label={t("complain.category.principles")}>
              {Object.keys(PRINCIPLE_CATEGORIES).map((k) => (<option key={k} value={k}>{category(k)}</option>))}
            </optgroup>
          </select>
        )}
      </Field>
      <Field name="description" label={t("complain.description.label")} error={errors.description} hint={t("complain.description.hint")}>
        {(a) => <textarea {...a} rows={6} defaultValue={values.description} />}
      </Field>
      <Field name="desiredOutcome" label={staff ? "What outcome is wanted?" : t("complain.outcome.label")} error={errors.desiredOutcome}>
        {(a) => <textarea {...a} rows={3} defaultValue={values.desiredOutcome} />}
      </Field>
      <Field name="earlierContact" label={staff ? "Earlier contact with the organization (optional)" : t("complain.earlier.label")} error={errors.earlierContact}
        hint={t("complain.earlier.hint")}>
        {(a) => <textarea {...a} rows={3} defaultValue={values.earlierContact} />}
      </Field>
      <Field name="country" label={staff ? "Country where the complainant lives" : t("complain.country.label")} error={errors.country}>
        {(a) => (
          <select {...a} defaultValue={values.country ?? ""}>
            <option value="" disabled>{t("complain.category.choose")}</option>
            {(staff ? Object.entries(COUNTRIES) : countryChoices(t)).map(([k, v]) => (<option key={k} value={k}>{v}</option>))}
          </select>
        )}
      </Field>
      <Field name="name" label={staff ? "Complainant's name" : t("complain.name.label")} error={errors.name}>
        {(a) => <input {...a} type="text" autoComplete={staff ? "off" : "name"} defaultValue={values.name} />}
      </Field>
      <Field name="email" label={staff ? "Complainant's e-mail address" : t("complain.email.label")} error={errors.email}
        hint={staff ? "We send the complainant's case reference and sign-in links here and use it only for this complaint." : t("complain.email.hint")}>
        {(a) => <input {...a} type="email" autoComplete={staff ? "off" : "email"} defaultValue={values.email} />}
      </Field>
      {staff && (
        <Field name="language" label="Language of the complainant's mail" error={errors.language}
          hint="The receipt, sign-in links and every mail about this case go to the complainant in this language.">
          {(a) => (
            <select {...a} defaultValue={values.language ?? "en"}>
              {LOCALES.map((l) => (<option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}

/** The countries in the complainant's language, sorted in it, "Another country" last. */
function countryChoices(t: Translate): [string, string][] {
  const named = Object.keys(COUNTRIES)
    .filter((code) => code !== "XX")
    .map((code): [string, string] => [code, t(`countries.${code}` as MessageKey)]);
  const collator = new Intl.Collator(t.locale);
  named.sort((a, b) => collator.compare(a[1], b[1]));
  return [...named, ["XX", t("complain.country.other")]];
}
