import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CLOCK_NAMES, FRAMEWORK_IDS, describeCount, formatIsoDay, zoneName, type FrameworkId } from "~/domain";
import { usPublicHolidays } from "~/domain/clock-holidays";
import { requireSignedIn } from "~/auth/guards.server";
import { Field, FieldScope, FormError } from "~/components/Field";
import { parseWith } from "~/lib/forms";
import { useDates } from "~/lib/dates";
import {
  addClosure,
  calendarSettingsSchema,
  closureSchema,
  loadClockSettings,
  profileClocksSchema,
  recentSettingChanges,
  removeClosure,
  updateCalendarSettings,
  updateProfileClocks,
} from "~/models/clock-settings.server";
import { CLOCK_LABELS, NONE, describeSettingChange } from "~/lib/setting-changes";

export const meta: MetaFunction = () => [{ title: "Deadlines and calendar" }];


export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const [settings, changes] = await Promise.all([loadClockSettings(), recentSettingChanges(actor)]);
  const year = new Date().getUTCFullYear();
  const holidays = [year, year + 1].flatMap((y) => [...usPublicHolidays(settings.holidayState, y)].map(([day, name]) => ({ day, name })));
  return {
    settings: {
      zone: settings.zone,
      cutoff: settings.cutoff,
      holidayState: settings.holidayState ?? "",
      certifications: settings.certifications,
      fromEnvironment: settings.storedCertifications === null,
      closures: settings.closures,
      profiles: FRAMEWORK_IDS.map((id) => settings.profiles[id]),
    },
    holidays,
    changes: changes.map((c) => ({ id: c.id, ...describeSettingChange(c.subject, c.before, c.after), at: c.created_at, by: c.actor_name })),
  };
}

const intentSchema = z.object({ intent: z.enum(["calendar", "add_closure", "remove_closure", "profile"], "Unknown action.") });

type Result = { intent: string; ok: boolean; message?: string; errors?: Record<string, string> };

function refused(intent: string, errors: Record<string, string>) {
  return data<Result>({ intent, ok: false, errors, message: Object.values(errors)[0] }, { status: 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireSignedIn({ request, context }, ["officer"]);
  if (actor.role !== "officer") throw new Response("This page is not available to your account.", { status: 403 });
  const form = await request.formData();
  const which = parseWith(intentSchema, form);
  if (!which.ok) return refused("unknown", which.errors);
  const { intent } = which.data;

  switch (intent) {
    case "calendar": {
      const input = {
        zone: form.get("zone"),
        cutoff: form.get("cutoff"),
        holidayState: form.get("holidayState") ?? "",
        certifications: form.getAll("certifications"),
      };
      const parsed = calendarSettingsSchema.safeParse(input);
      if (!parsed.success) return refused(intent, issuesOf(parsed.error));
      const saved = await updateCalendarSettings(actor, parsed.data);
      if (!saved.ok) return refused(intent, { [saved.field]: saved.reason });
      return { intent, ok: true, message: "Saved. New deadlines count with these settings; existing deadlines keep their dates." } satisfies Result;
    }
    case "add_closure": {
      const parsed = parseWith(closureSchema, form);
      if (!parsed.ok) return refused(intent, parsed.errors);
      const added = await addClosure(actor, parsed.data);
      if (!added.ok) return data<Result>({ intent, ok: false, message: added.reason }, { status: 409 });
      return { intent, ok: true, message: `The office is marked closed on ${formatIsoDay(parsed.data.day)}.` } satisfies Result;
    }
    case "remove_closure": {
      const day = String(form.get("day") ?? "");
      const removed = await removeClosure(actor, day);
      if (!removed.ok) return data<Result>({ intent, ok: false, message: removed.reason }, { status: 409 });
      return { intent, ok: true, message: `The closure on ${formatIsoDay(day)} was removed.` } satisfies Result;
    }
    case "profile": {
      const clocks: Record<string, { count: unknown; unit: unknown }> = {};
      for (const name of CLOCK_NAMES) clocks[name] = { count: form.get(`count_${name}`), unit: form.get(`unit_${name}`) };
      const disputeBody = { name: form.get("disputeBodyName") ?? "", address: form.get("disputeBodyAddress") ?? "" };
      const parsed = profileClocksSchema.safeParse({ id: form.get("id"), clocks, disputeBody });
      // The page has one form per profile: the answer names the one it is about.
      const which = `profile:${String(form.get("id"))}`;
      if (!parsed.success) return refused(which, issuesOf(parsed.error));
      await updateProfileClocks(actor, parsed.data);
      return { intent: which, ok: true, message: "Saved. Cases opened from now on use these periods and this dispute body; existing cases keep theirs." } satisfies Result;
    }
  }
}

/** One sentence per field, keyed the way the form names its fields. */
function issuesOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [first, second, third] = issue.path.map(String);
    const key =
      first === "clocks" && second
        ? `${third === "unit" ? "unit" : "count"}_${second}`
        : first === "disputeBody" && second
          ? `disputeBody.${second}`
          : (first ?? "_form");
    errors[key] ??= issue.message;
  }
  return errors;
}

const FRAMEWORK_NAMES: Record<FrameworkId, string> = {
  privacy_shield: "EU-U.S. Privacy Shield",
  dpf: "EU-U.S. Data Privacy Framework",
  swiss_dpf: "Swiss-U.S. Data Privacy Framework",
  uk_extension: "UK Extension to the EU-U.S. DPF",
};

function Outcome({ result, intent }: { result: Result | undefined; intent: string }) {
  if (!result || result.intent !== intent) return null;
  return result.ok ? <p className="notice" role="status">{result.message}</p> : <FormError message={result.message} />;
}

export default function ClockSettings() {
  const { settings, holidays, changes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { formatDateTime } = useDates();
  const err = (intent: string, field: string) => (result?.intent === intent ? result.errors?.[field] : undefined);

  return (
    <main id="main" className="clock-settings">
      <h1>Deadlines and calendar</h1>
      <p>
        Deadlines count in the office&apos;s time zone. Weekends, U.S. federal holidays, the chosen state&apos;s public holidays and
        the closures below are not working days. A complaint that arrives on a day off, or at or after the cut-off time, counts as
        received on the next working day. Changes apply to deadlines counted from now on; a case keeps the periods it was opened
        with.
      </p>

      <section aria-labelledby="calendar-heading" className="card">
        <h2 id="calendar-heading">Office calendar</h2>
        <Outcome result={result} intent="calendar" />
        <FieldScope.Provider value={{ prefix: "calendar" }}>
          <Form method="post">
            <input type="hidden" name="intent" value="calendar" />
            <Field name="zone" label="Time zone" error={err("calendar", "zone")} hint={`An IANA zone name. Dates are shown as “${zoneName(settings.zone)}”.`}>
              {(a) => <input {...a} defaultValue={settings.zone} required />}
            </Field>
            <Field name="cutoff" label="Cut-off time (24-hour clock)" error={err("calendar", "cutoff")} hint="Complaints received at or after this time count from the next working day.">
              {(a) => <input {...a} type="time" defaultValue={settings.cutoff} required />}
            </Field>
            <Field name="holidayState" label="U.S. state whose holidays also count" error={err("calendar", "holidayState")} hint="Two letters, e.g. MA. Leave empty for federal holidays only.">
              {(a) => <input {...a} defaultValue={settings.holidayState} maxLength={2} size={3} />}
            </Field>
            <fieldset className="field checks">
              <legend>Certified under</legend>
              <p className="hint">
                A new case gets the framework that covers the complainant&apos;s country (Switzerland, the UK, the EU/EEA) among
                these, else the operator&apos;s general one.
                {settings.fromEnvironment ? " Now taken from the server's environment (FRAMEWORK_CERTIFICATIONS)." : ""}
              </p>
              {FRAMEWORK_IDS.map((id) => (
                <label key={id}>
                  <input type="checkbox" name="certifications" value={id} defaultChecked={settings.certifications.includes(id)} />
                  {FRAMEWORK_NAMES[id]}
                </label>
              ))}
              {err("calendar", "certifications") && <p className="error">{err("calendar", "certifications")}</p>}
            </fieldset>
            <button type="submit">Save calendar</button>
          </Form>
        </FieldScope.Provider>
      </section>

      <section aria-labelledby="closures-heading" className="card">
        <h2 id="closures-heading">Office closures</h2>
        <Outcome result={result} intent="add_closure" />
        <Outcome result={result} intent="remove_closure" />
        {settings.closures.length === 0 ? (
          <p className="muted">No closures.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead><tr><th scope="col">Day</th><th scope="col">Reason</th><th scope="col">Action</th></tr></thead>
              <tbody>
                {settings.closures.map((c) => (
                  <tr key={c.day}>
                    <td>{formatIsoDay(c.day)}</td>
                    <td>{c.reason}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove_closure" />
                        <input type="hidden" name="day" value={c.day} />
                        <button type="submit">Remove</button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <FieldScope.Provider value={{ prefix: "closure" }}>
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="add_closure" />
            <Field name="day" label="Day" error={err("add_closure", "day")}>
              {(a) => <input {...a} type="date" required />}
            </Field>
            <Field name="reason" label="Reason" error={err("add_closure", "reason")}>
              {(a) => <input {...a} maxLength={200} required />}
            </Field>
            <button type="submit">Add closure</button>
          </Form>
        </FieldScope.Provider>
        <details>
          <summary>Public holidays this year and next</summary>
          <ul>
            {holidays.map((h) => <li key={h.day}>{formatIsoDay(h.day)}: {h.name}</li>)}
          </ul>
        </details>
      </section>

      <section aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">Framework profiles</h2>
        {settings.profiles.map((p) => (
          <div key={p.id} className="card">
            <h3>{p.name}</h3>
            <p className="muted">
              Dispute body: {p.disputeBody.name}, {p.disputeBody.address}.{" "}
              {p.arbitrationRequiresDpaReferral
                ? `Before arbitration a data protection authority refers the complaint to the Department of Commerce, which has ${describeCount(p.dpaReferralPeriod.count, p.dpaReferralPeriod.unit)}.`
                : "No referral through a data protection authority is needed before arbitration."}
            </p>
            <Outcome result={result} intent={`profile:${p.id}`} />
            <FieldScope.Provider value={{ prefix: `profile-${p.id}` }}>
              <Form method="post">
                <input type="hidden" name="intent" value="profile" />
                <input type="hidden" name="id" value={p.id} />
                <div className="table-wrap">
                  <table className="data stack">
                    <thead><tr><th scope="col">Clock</th><th scope="col">Days</th><th scope="col">Counted as</th></tr></thead>
                    <tbody>
                      {CLOCK_NAMES.map((name) => (
                        <tr key={name}>
                          <th scope="row" data-label="Clock">{CLOCK_LABELS[name]}</th>
                          <td data-label="Days">
                            <label className="visually-hidden" htmlFor={`${p.id}-count-${name}`}>{CLOCK_LABELS[name]}: days</label>
                            <input id={`${p.id}-count-${name}`} name={`count_${name}`} type="number" min={1} max={365} defaultValue={p.clocks[name].count} required />
                          </td>
                          <td data-label="Counted as">
                            <label className="visually-hidden" htmlFor={`${p.id}-unit-${name}`}>{CLOCK_LABELS[name]}: counted as</label>
                            <select id={`${p.id}-unit-${name}`} name={`unit_${name}`} defaultValue={p.clocks[name].unit}>
                              <option value="business_days">working days</option>
                              <option value="calendar_days">calendar days</option>
                            </select>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Field name="disputeBodyName" label="Dispute body's name" error={err(`profile:${p.id}`, "disputeBody.name")}>
                  {(a) => <input {...a} defaultValue={p.disputeBody.name} maxLength={200} required />}
                </Field>
                <Field name="disputeBodyAddress" label="Dispute body's address" hint="As complainants should write it; shown when they may take the case to the dispute body." error={err(`profile:${p.id}`, "disputeBody.address")}>
                  {(a) => <textarea {...a} defaultValue={p.disputeBody.address} rows={2} maxLength={500} required />}
                </Field>
                <button type="submit">Save {p.name} periods and dispute body</button>
              </Form>
            </FieldScope.Provider>
          </div>
        ))}
      </section>

      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">Recent changes</h2>
        {changes.length === 0 ? (
          <p className="muted">No changes yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="data stack">
              <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Change</th></tr></thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.id}>
                    <td data-label="When">{formatDateTime(c.at)}</td>
                    <td data-label="Who">{c.by ?? "—"}</td>
                    <td data-label="What">{c.what}</td>
                    <td data-label="Change">
                      {c.items.length === 0 ? (
                        <span className="muted">Saved with nothing changed</span>
                      ) : (
                        <ul className="setting-changes">
                          {c.items.map((i) => (
                            <li key={i.item}>
                              <strong>{i.item}</strong>: {i.before === NONE ? i.after : i.after === NONE ? i.before : <>{i.before} <span aria-hidden="true">→</span><span className="visually-hidden">changed to</span> {i.after}</>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
