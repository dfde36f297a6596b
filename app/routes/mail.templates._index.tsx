import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSignedIn } from "~/auth/guards.server";
import { listTemplates } from "~/mail/template-preview.server";

export const meta: MetaFunction = () => [{ title: "Mail templates" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSignedIn({ request, context }, ["officer"]);
  return { templates: listTemplates() };
}

const templateLabel = (name: string) => name.replace(/_/g, " ");

export default function MailTemplates() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <main id="main">
      <h1>Mail templates</h1>
      <p>Every message the service sends, shown with sample data. Open one to see its HTML and plain text side by side.</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Subject (sample)</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.name}>
                <td>
                  <Link to={`/mail/templates/${t.name}`}>{templateLabel(t.name)}</Link>
                </td>
                <td>{t.subject ?? <span className="muted">no sample data yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
