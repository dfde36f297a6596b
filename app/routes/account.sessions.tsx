import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { sessions } from "~/auth/sessions.server";
import { FormError } from "~/components/Field";
import { useDates } from "~/lib/dates";
import { parseWith } from "~/lib/forms";
import { describeDevice } from "~/lib/user-agent";

export const meta: MetaFunction = () => [{ title: "Your sessions" }];

const ROLES = ["officer", "liaison", "complainant"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const { user, sessionKey } = await requireSignedIn(args, [...ROLES]);
  const rows = await sessions.listOf(user.id, new Date());
  return {
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
  if (!parsed.ok) return data({ error: Object.values(parsed.errors).join(" "), done: null }, { status: 400 });
  const form = parsed.data;
  if (form.intent === "end_all") {
    await sessions.endAllOf(user.id);
    return redirect("/", { headers: { "Set-Cookie": sessions.blankCookie() } });
  }
  if (form.intent === "end_others") {
    const n = await sessions.endAllOf(user.id, sessionKey);
    return { error: null, done: n === 1 ? "1 other session ended." : `${n} other sessions ended.` };
  }
  if (!(await sessions.endByKey(user.id, form.key))) return data({ error: "That session has already ended.", done: null }, { status: 404 });
  if (form.key === sessionKey) return redirect("/", { headers: { "Set-Cookie": sessions.blankCookie() } });
  return { error: null, done: "The session was ended." };
}

export default function YourSessions() {
  const { formatDateTime } = useDates();
  const { sessions: list } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main">
      <h1>Your sessions</h1>
      <p className="muted">Everywhere you are signed in now. End any session you do not recognise, and change your password if you are unsure.</p>
      <FormError message={result?.error} />
      {result?.done && <p role="status" className="notice">{result.done}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Device and browser</th><th scope="col">Address</th><th scope="col">Signed in</th>
              <th scope="col">Last seen</th><th scope="col">Ends at the latest</th><th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.key}>
                <td>{s.device}{s.current && <> <span className="badge met">this session</span></>}</td>
                <td>{s.address ?? "—"}</td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
                <td>{formatDateTime(s.endsAt)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="key" value={s.key} />
                    <button type="submit" className="secondary">{s.current ? "Sign out here" : "End this session"}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions" style={{ marginTop: "1rem" }}>
        <Form method="post">
          <input type="hidden" name="intent" value="end_others" />
          <button type="submit" className="secondary">End all other sessions</button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="end_all" />
          <button type="submit" className="danger">Sign out everywhere</button>
        </Form>
      </div>
    </main>
  );
}
