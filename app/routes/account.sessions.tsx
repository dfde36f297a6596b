import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { sessions } from "~/auth/sessions.server";
import { FormError } from "~/components/Field";
import { parseWith } from "~/lib/forms";
import { describeDevice } from "~/lib/user-agent";
import { pageLocale, translatorFor, useT } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? "en")("sessions.title") }];

const ROLES = ["officer", "liaison", "complainant"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { user, sessionKey } = await requireSignedIn(args, [...ROLES]);
  const rows = await sessions.listOf(user.id, new Date());
  return {
    locale: pageLocale(args.request, user.role),
    sessions: rows.map((r) => ({
      key: r.id,
      current: r.id === sessionKey,
      device: describeDevice(r.user_agent),
      address: r.ip_address,
      createdAt: r.created_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      endsAt: r.absolute_expires_at.toISOString(),
    })),
  };
}

const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end"), key: z.string().regex(/^[0-9a-f]{64}$/, "That is not one of your sessions.") }),
  z.object({ intent: z.literal("end_others") }),
  z.object({ intent: z.literal("end_all") }),
], { error: "Unknown action." });

export async function action(args: ActionFunctionArgs) {
  const { user, sessionKey } = await requireSignedIn(args, [...ROLES]);
  const parsed = parseWith(actionForm, await args.request.formData());
  const t = translatorFor(pageLocale(args.request, user.role));
  if (!parsed.ok) {
    const errors: Record<string, string> = parsed.errors;
    return data({ error: errors.key ? t("sessions.notYours") : t("sessions.unknownAction"), done: null }, { status: 400 });
  }
  const form = parsed.data;
  if (form.intent === "end_all") {
    await sessions.endAllOf(user.id);
    return redirect("/", { headers: { "Set-Cookie": sessions.blankCookie() } });
  }
  if (form.intent === "end_others") {
    const n = await sessions.endAllOf(user.id, sessionKey);
    return { error: null, done: t("sessions.endedOthers", { count: n }) };
  }
  if (!(await sessions.endByKey(user.id, form.key))) return data({ error: t("sessions.alreadyEnded"), done: null }, { status: 404 });
  if (form.key === sessionKey) return redirect("/", { headers: { "Set-Cookie": sessions.blankCookie() } });
  return { error: null, done: t("sessions.ended") };
}

export default function YourSessions() {
  const t = useT();
  // In the page's language and the operator's zone (the provider's), with the zone's abbreviation.
  const formatDateTime = (d: string) => t.intl.formatDate(d, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "shortGeneric" });
  const { sessions: list } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main">
      <h1>{t("sessions.title")}</h1>
      <p className="muted">{t("sessions.intro")}</p>
      <FormError message={result?.error} />
      {result?.done && <p role="status" className="notice">{result.done}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("sessions.col.device")}</th><th scope="col">{t("sessions.col.address")}</th><th scope="col">{t("sessions.col.signedIn")}</th>
              <th scope="col">{t("sessions.col.lastSeen")}</th><th scope="col">{t("sessions.col.ends")}</th><th scope="col">{t("sessions.col.action")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.key}>
                <td>{s.device}{s.current && <> <span className="badge met">{t("sessions.current")}</span></>}</td>
                <td>{s.address ?? "—"}</td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
                <td>{formatDateTime(s.endsAt)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="key" value={s.key} />
                    <button type="submit" className="secondary">{s.current ? t("sessions.signOutHere") : t("sessions.end")}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="intent" value="end_others" />
          <button type="submit" className="secondary">{t("sessions.endOthers")}</button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="end_all" />
          <button type="submit" className="danger">{t("sessions.endAll")}</button>
        </Form>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
