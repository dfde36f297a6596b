import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getSignedIn } from "~/auth/guards.server";
import { devMailboxVisible } from "~/mail/transport.server";
import { operator } from "~/config/operator.server";
import { loadOperatorZone } from "~/models/clock-settings.server";
import { DEFAULT_ZONE, OperatorZone } from "~/lib/dates";
import { useNonce } from "~/lib/nonce";
import styles from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Recourse — privacy complaints" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn({ request, context });
  return {
    user: signedIn ? { name: signedIn.user.name, role: signedIn.user.role } : null,
    operatorName: operator.name,
    devMailbox: devMailboxVisible(),
    // Every date on every page is shown in this zone. Only a display setting: while the database
    // is unreachable the page still renders, in the default zone.
    zone: await loadOperatorZone().catch(() => DEFAULT_ZONE),
  };
}

function Shell({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  // Every date on every page, also in the error boundary, in the operator's zone.
  const zone = useRouteLoaderData<typeof loader>("root")?.zone ?? DEFAULT_ZONE;
  return (
    <OperatorZone.Provider value={zone}>
      <Shell>{children}</Shell>
    </OperatorZone.Provider>
  );
}

// By id, not useLoaderData: the ErrorBoundary renders the header too, when the loader failed.
function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  return (
    <header className="site">
      <a className="skip" href="#main">Skip to content</a>
      <div className="bar">
        <Link className="brand" to="/">
          {data?.operatorName ?? "Recourse"} · Privacy complaints
        </Link>
        <nav aria-label="Main">
          <ul>
            {!user && (
              <>
                <li><Link to="/complain">Make a complaint</Link></li>
                <li><Link to="/signin">Follow my complaint</Link></li>
                <li><Link to="/login">Staff sign-in</Link></li>
              </>
            )}
            {user?.role === "complainant" && <li><Link to="/my">My complaints</Link></li>}
            {user && user.role !== "complainant" && <li><Link to="/cases">{user.role === "officer" ? "Triage queue" : "Cases"}</Link></li>}
            {user?.role === "officer" && <li><Link to="/intake">Intake</Link></li>}
            {user?.role === "officer" && <li><Link to="/held-filings">Held filings</Link></li>}
            {user?.role === "officer" && <li><Link to="/cases/new">Open a referred case</Link></li>}
            {user?.role === "officer" && <li><Link to="/mail/deliveries">Mail deliveries</Link></li>}
            {user?.role === "officer" && <li><Link to="/settings/clocks">Deadlines and calendar</Link></li>}
            {user?.role === "officer" && <li><Link to="/retention">Retention</Link></li>}
            {user?.role === "officer" && <li><Link to="/mail/templates">Mail templates</Link></li>}
            {user?.role === "officer" && <li><Link to="/audit">Audit trail</Link></li>}
            {user?.role === "officer" && <li><Link to="/reports">Reports</Link></li>}
            {user?.role === "officer" && <li><Link to="/admin/access">Administration</Link></li>}
            {user && user.role !== "complainant" && <li><Link to="/account/security">Sign-in security</Link></li>}
            {user && <li><Link to="/account/sessions">Your sessions</Link></li>}
            {user && user.role !== "complainant" && <li><Link to="/account/notifications">Notifications</Link></li>}
            {data?.devMailbox && <li><Link to="/dev/mailbox">Dev mailbox</Link></li>}
            {user && (
              <li>
                <Form method="post" action="/logout">
                  <span className="muted" style={{ color: "#cfd8e3" }}>{user.name} · </span>
                  <button type="submit" className="link">Sign out</button>
                </Form>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let detail = "Please try again. If it keeps happening, contact the Security Officer.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 503) {
      // The database is restarting or unreachable (server/unavailable.ts): it passes by itself.
      title = "Briefly unavailable";
      detail = typeof error.data === "string" && error.data ? error.data : "The service is briefly unavailable. Please try again in a moment.";
    } else if (error.status === 404) {
      title = "Not found";
      detail = typeof error.data === "string" && error.data ? error.data : "There is nothing at this address, or it is not yours to see.";
    } else {
      title = `${error.status} ${error.statusText || ""}`.trim();
      if (typeof error.data === "string" && error.data) detail = error.data;
    }
  }
  return (
    <>
      <Header />
      <main id="main" className="narrow">
        <h1>{title}</h1>
        <p>{detail}</p>
        <p><Link to="/">Back to the start page</Link></p>
      </main>
    </>
  );
}
