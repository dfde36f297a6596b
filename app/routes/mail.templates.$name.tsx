import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { previewTemplate } from "~/mail/template-preview.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Mail template: ${data.name.replace(/_/g, " ")}` : "Mail template" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSignedIn({ request, context }, ["officer"]);
  const replies = new URL(request.url).searchParams.get("replies");
  const preview = previewTemplate(params.name ?? "", replies === "on" ? true : replies === "off" ? false : undefined);
  if (!preview) throw new Response("There is no such mail template, or it has no sample data.", { status: 404 });
  return preview;
}

export default function MailTemplate() {
  const mail = useLoaderData<typeof loader>();
  const label = mail.name.replace(/_/g, " ");
  return (
    <main id="main">
      <p>
        <Link to="/mail/templates">All mail templates</Link>
      </p>
      <h1>Mail template: {label}</h1>
      <dl className="facts">
        <dt>Subject</dt>
        <dd>{mail.subject}</dd>
        <dt>Replies by mail</dt>
        <dd>
          {mail.replyByMail ? "Shown as when inbound mail is configured: the mail says “reply to this e-mail”." : "Shown as when inbound mail is off: the mail points to the case page."}{" "}
          This instance has inbound mail {mail.repliesConfigured ? "configured" : "off"}.{" "}
          <Link to={`/mail/templates/${mail.name}?replies=${mail.replyByMail ? "off" : "on"}`}>
            Show {mail.replyByMail ? "without" : "with"} replies by mail
          </Link>
        </dd>
      </dl>
      <div className="mail-preview">
        <section aria-labelledby="html-heading">
          <h2 id="html-heading">HTML</h2>
          {/* No scripts, no same origin, no forms: the mail's HTML cannot reach the app. */}
          <iframe title={`HTML of the ${label} mail`} sandbox="" srcDoc={mail.html} className="mail-html" />
        </section>
        <section aria-labelledby="text-heading">
          <h2 id="text-heading">Plain text</h2>
          <pre className="mail-text" tabIndex={0} aria-label="Plain-text version">{mail.text}</pre>
        </section>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
