import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useFetchers, useNavigation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getSignedIn } from "~/auth/guards.server";
import { devMailboxVisible } from "~/mail/transport.server";
import { operator } from "~/config/operator.server";
import { operatorZoneOf } from "~/models/clock-settings.server";
import { DEFAULT_ZONE, OperatorZone } from "~/lib/dates";
import { useNonce } from "~/lib/nonce";
import { takeFlash } from "~/lib/flash.server";
import { DEFAULT_LOCALE, I18nProvider, pageLocale, translatorFor, useT, type Locale, type MessageKey } from "~/i18n";
import { LanguageSwitch } from "~/i18n/LanguageSwitch";
import { RouteErrorBoundary } from "~/components/RouteError";
import styles from "~/styles/app.css?url";
import i18nStyles from "~/styles/i18n.css?url";
import staffUiStyles from "~/styles/staff-ui.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: i18nStyles },
  { rel: "stylesheet", href: staffUiStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorFor(data?.locale ?? DEFAULT_LOCALE)("common.meta.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Every date on every page is shown in this zone. Only a display setting: while the database
  // is unreachable the page still renders, in the default zone. Read beside the session, and
  // once per request (the page's loader gets the same read).
  const zone = operatorZoneOf(context).catch(() => DEFAULT_ZONE);
  const signedIn = await getSignedIn({ request, context });
  // The notice of the change just made, once (ADR 035); reading it clears the cookie.
  const { flash, clear } = await takeFlash(request);
  return data({
    flash,
    user: signedIn ? { name: signedIn.user.name, role: signedIn.user.role } : null,
    // The language of every page (ADR 033): the visitor's choice, else their browser's; staff pages English.
    locale: pageLocale(request, signedIn?.user.role),
    operatorName: operator.name,
    devMailbox: devMailboxVisible(),
    zone: await zone,
  }, clear ? { headers: { "Set-Cookie": clear } } : undefined);
}

function Shell({ children, locale }: { children: ReactNode; locale: Locale }) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
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
  const data = useRouteLoaderData<typeof loader>("root");
  const zone = data?.zone ?? DEFAULT_ZONE;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <OperatorZone.Provider value={zone}>
      <I18nProvider locale={locale} zone={zone}>
        <Shell locale={locale}>{children}</Shell>
      </I18nProvider>
    </OperatorZone.Provider>
  );
}

// By id, not useLoaderData: the ErrorBoundary renders the header too, when the loader failed.
function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const t = useT();
  return (
    <header className="site">
      <a className="skip" href="#main">{t("common.header.skip")}</a>
      <div className="bar">
        <Link className="brand" to="/">
          {t("common.header.brand", { operator: data?.operatorName ?? "Recourse" })}
        </Link>
        {(!user || user.role === "complainant") && <LanguageSwitch />}
        {user?.role === "officer" ? (
          <OfficerNav devMailbox={data?.devMailbox ?? false} name={user.name} />
        ) : (
          <nav aria-label={t("common.header.nav")}>
            <ul>
              {!user && (
                <>
                  <li><Link to="/complain">{t("common.nav.complain")}</Link></li>
                  <li><Link to="/signin">{t("common.nav.follow")}</Link></li>
                  <li><Link to="/login">{t("common.nav.staffSignIn")}</Link></li>
                </>
              )}
              {user?.role === "complainant" && <li><Link to="/my">{t("common.nav.myComplaints")}</Link></li>}
              {user && user.role !== "complainant" && <li><Link to="/cases">{t("common.nav.cases")}</Link></li>}
              {user && user.role !== "complainant" && <li><Link to="/account/security">{t("common.nav.security")}</Link></li>}
              {user && <li><Link to="/account/sessions">{t("common.nav.sessions")}</Link></li>}
              {user && user.role !== "complainant" && <li><Link to="/account/notifications">{t("common.nav.notifications")}</Link></li>}
              {data?.devMailbox && <li><Link to="/dev/mailbox">{t("common.nav.devMailbox")}</Link></li>}
              {user && <li><SignOut name={user.name} /></li>}
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}

function SignOut({ name }: { name: string }) {
  const t = useT();
  return (
    <Form method="post" action="/logout">
      <span className="muted">{t("common.nav.signedInAs", { name })}</span>
      <button type="submit" className="link">{t("common.nav.signOut")}</button>
    </Form>
  );
}

/** The officer's pages, grouped by what they are for; each group a labelled list. */
const OFFICER_GROUPS: { id: string; label: MessageKey; links: [to: string, label: MessageKey][] }[] = [
  { id: "cases", label: "common.nav.group.cases", links: [["/cases", "common.nav.triage"], ["/intake", "common.nav.intake"], ["/held-filings", "common.nav.heldFilings"], ["/cases/new", "common.nav.newCase"]] },
  { id: "mail", label: "common.nav.group.mail", links: [["/mail/deliveries", "common.nav.deliveries"], ["/mail/templates", "common.nav.templates"]] },
  { id: "reporting", label: "common.nav.group.reporting", links: [["/reports", "common.nav.reports"], ["/retention", "common.nav.retention"]] },
  {
    id: "admin",
    label: "common.nav.admin",
    links: [["/admin/users", "common.nav.staff"], ["/admin/clients", "common.nav.clients"], ["/admin/access", "common.nav.access"], ["/settings/clocks", "common.nav.clocks"], ["/audit", "common.nav.audit"]],
  },
];

/**
 * The officer's navigation: about twenty links in labelled groups, each group its own line on a
 * narrow screen. Every link stays visible and in the tab order (no disclosure, no script): the
 * officer moves between these pages all day, and tests and people find each link by its name.
 */
function OfficerNav({ devMailbox, name }: { devMailbox: boolean; name: string }) {
  const t = useT();
  const group = (id: string, label: MessageKey, items: ReactNode) => (
    <li key={id} className="nav-group">
      <span className="nav-group-label" id={`nav-group-${id}`}>{t(label)}</span>
      <ul aria-labelledby={`nav-group-${id}`}>{items}</ul>
    </li>
  );
  return (
    <nav aria-label={t("common.header.nav")} className="grouped">
      <ul className="nav-groups">
        {OFFICER_GROUPS.map((g) => group(g.id, g.label, g.links.map(([to, label]) => <li key={to}><Link to={to}>{t(label)}</Link></li>)))}
        {group(
          "account",
          "common.nav.group.account",
          <>
            <li><Link to="/account/security">{t("common.nav.security")}</Link></li>
            <li><Link to="/account/sessions">{t("common.nav.sessions")}</Link></li>
            <li><Link to="/account/notifications">{t("common.nav.notifications")}</Link></li>
            {devMailbox && <li><Link to="/dev/mailbox">{t("common.nav.devMailbox")}</Link></li>}
            <li><SignOut name={name} /></li>
          </>,
        )}
      </ul>
    </nav>
  );
}

export default function App() {
  return (
    <>
      <PendingBar />
      <Header />
      <Outlet />
    </>
  );
}

/**
 * Every navigation, form and fetcher in flight, for every page: a bar at the top, and the words for
 * a screen reader. (Buttons that have their own pending label keep it.) Without JavaScript the
 * browser shows its own progress.
 */
function PendingBar() {
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const t = useT();
  const busy = navigation.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  return (
    <p className="pending-bar" data-busy={busy ? "" : undefined} aria-live="polite">
      {busy && <span className="visually-hidden">{t(navigation.state === "submitting" ? "common.pending.saving" : "common.pending.loading")}</span>}
    </p>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <Header />
      <RouteErrorBoundary />
    </>
  );
}
