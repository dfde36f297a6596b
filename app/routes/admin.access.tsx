import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { useDates } from "~/lib/dates";
import { accessList } from "~/models/admin.server";
import { recentAdminEvents } from "~/models/admin-events.server";

export const meta: MetaFunction = () => [{ title: "Administration: who has access" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireSignedIn(args, ["officer"]);
  const [people, events] = await Promise.all([accessList(new Date()), recentAdminEvents(50)]);
  return {
    people: people.map((p) => ({
      id: p.id, name: p.name, email: p.email, role: p.role, clientName: p.client_name, clientActive: p.client_active,
      active: p.active, accepted: p.accepted, hasAccess: p.hasAccess,
      twoFactorSince: p.totp_enabled_at?.toISOString() ?? null, lastSignIn: p.last_sign_in_at?.toISOString() ?? null,
      inviteOpenUntil: p.invite_open_until ? new Date(p.invite_open_until as Date).toISOString() : null,
    })),
    events: events.map((e) => ({
      id: e.id, type: e.type.replace(/_/g, " "), at: e.created_at.toISOString(), by: e.actor_name ?? "demo seed / system",
      about: [e.user_name, e.client_name].filter(Boolean).join(", ") || "—",
    })),
  };
}

export default function AccessList() {
  const { formatDateTime } = useDates();
  const { people, events } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Who has access</h1>
      <p className="muted"><Link to="/admin/users">Staff</Link> · <Link to="/admin/clients">Clients</Link></p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Person</th><th scope="col">Role</th><th scope="col">Client</th><th scope="col">Active</th>
              <th scope="col">Second factor</th><th scope="col">Last sign-in</th><th scope="col">Can sign in</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}<div className="muted">{p.email}</div></td>
                <td>{p.role === "officer" ? "Security Officer" : "Liaison"}</td>
                <td>{p.clientName ? <>{p.clientName}{!p.clientActive && <> <span className="badge overdue">client deactivated</span></>}</> : "all cases"}</td>
                <td>{p.active ? "yes" : "no"}</td>
                <td>{p.twoFactorSince ? `since ${formatDateTime(p.twoFactorSince)}` : p.accepted ? "not set up (enrols at next sign-in)" : "—"}</td>
                <td>{p.lastSignIn ? formatDateTime(p.lastSignIn) : "never"}</td>
                <td>{p.hasAccess ? "yes" : p.accepted ? "no" : p.inviteOpenUntil ? `invited, link valid until ${formatDateTime(p.inviteOpenUntil)}` : "invited, link expired"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Administration trail</h2>
      <p className="muted">The latest 50 changes. The trail cannot be changed or deleted.</p>
      <div className="table-wrap">
        <table className="data">
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">About</th><th scope="col">By</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}><td>{formatDateTime(e.at)}</td><td>{e.type}</td><td>{e.about}</td><td>{e.by}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
