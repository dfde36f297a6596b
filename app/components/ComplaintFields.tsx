import { PRINCIPLE_CATEGORIES, REQUEST_CATEGORIES } from "~/domain";
import { COUNTRIES } from "~/lib/countries";
import { OPERATOR_ITSELF } from "~/lib/organization";
import { Field } from "./Field";

interface Props {
  clients: { id: string; name: string }[];
  operatorName: string;
  errors: Record<string, string>;
  values: Record<string, string>;
  staff?: boolean;
}

export function ComplaintFields({ clients, operatorName, errors, values, staff }: Props) {
  const them = staff ? "the complainant's" : "your";
  return (
    <>
      <Field name="organization" label="Which organization is the complaint about?" error={errors.organization}
        hint="The company that holds the data, if known. Choose us if it is about us directly.">
        {(a) => (
          <select {...a} defaultValue={values.organization ?? ""}>
            <option value="" disabled>Choose…</option>
            {clients.map((c) => (<option key={c.id} value={c.id}>{c.name}</option>))}
            <option value={OPERATOR_ITSELF}>{operatorName} itself</option>
          </select>
        )}
      </Field>
      <Field name="category" label="What is it about?" error={errors.category}>
        {(a) => (
          <select {...a} defaultValue={values.category ?? ""}>
            <option value="" disabled>Choose…</option>
            <optgroup label="A request about personal data">
              {Object.entries(REQUEST_CATEGORIES).map(([k, v]) => (<option key={k} value={k}>{v}</option>))}
            </optgroup>
            <optgroup label="A concern under a Privacy Shield principle">
              {Object.entries(PRINCIPLE_CATEGORIES).map(([k, v]) => (<option key={k} value={k}>{v}</option>))}
            </optgroup>
          </select>
        )}
      </Field>
      <Field name="description" label="What happened?" error={errors.description}
        hint="Include dates and what data is involved, if known. Please do not include passwords or bank details.">
        {(a) => <textarea {...a} rows={6} defaultValue={values.description} />}
      </Field>
      <Field name="desiredOutcome" label="What outcome is wanted?" error={errors.desiredOutcome}>
        {(a) => <textarea {...a} rows={3} defaultValue={values.desiredOutcome} />}
      </Field>
      <Field name="earlierContact" label="Earlier contact with the organization (optional)" error={errors.earlierContact}
        hint="When, how, and what they said.">
        {(a) => <textarea {...a} rows={3} defaultValue={values.earlierContact} />}
      </Field>
      <Field name="country" label={`Country where ${staff ? "the complainant lives" : "you live"}`} error={errors.country}>
        {(a) => (
          <select {...a} defaultValue={values.country ?? ""}>
            <option value="" disabled>Choose…</option>
            {Object.entries(COUNTRIES).map(([k, v]) => (<option key={k} value={k}>{v}</option>))}
          </select>
        )}
      </Field>
      <Field name="name" label={staff ? "Complainant's name" : "Your name"} error={errors.name}>
        {(a) => <input {...a} type="text" autoComplete={staff ? "off" : "name"} defaultValue={values.name} />}
      </Field>
      <Field name="email" label={staff ? "Complainant's e-mail address" : "Your e-mail address"} error={errors.email}
        hint={`We send ${them} case reference and sign-in links here and use it only for this complaint.`}>
        {(a) => <input {...a} type="email" autoComplete={staff ? "off" : "email"} defaultValue={values.email} />}
      </Field>
    </>
  );
}
