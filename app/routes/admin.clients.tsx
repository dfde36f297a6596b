import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { Field, FormError } from "~/components/Field";
import { useDates } from "~/lib/dates";
import { parseWith, uuid } from "~/lib/forms";
import { addClient, listClients, renameClient, setClientActive } from "~/models/admin.server";

export const meta: MetaFunction = () => [{ title: "Administration: clients" }];

export async function loader(args: LoaderFunctionArgs) {
  await requireSignedIn(args, ["officer"]);
  const clients = await listClients();
  return { clients: clients.map((c) => ({ ...c, liaisons: Number(c.liaisons ?? 0), deactivated_at: c.deactivated_at?.toISOString() ?? null, created_at: c.created_at.toISOString() })) };
}

const name = z.string({ error: "Enter the company's name." }).trim().min(1, "Enter the company's name.").max(200, "At most 200 characters.");
const clientId = uuid("That is not a client of this list.");
const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), name }),
  z.object({ intent: z.literal("rename"), clientId, name }),
  z.object({ intent: z.literal("deactivate"), clientId }),
  z.object({ intent: z.literal("reactivate"), clientId }),
], { error: "Unknown action." });

export async function action(args: ActionFunctionArgs) {
  const { actor } = await requireSignedIn(args, ["officer"]);
  const parsed = parseWith(actionForm, await args.request.formData());
  if (!parsed.ok) return data({ error: Object.values(parsed.errors).join(" "), done: null }, { status: 400 });
  const f = parsed.data;
  const now = new Date();
  const outcome =
    f.intent === "add" ? await addClient(actor, f.name, now)
    : f.intent === "rename" ? await renameClient(actor, f.clientId, f.name, now)
    : await setClientActive(actor, f.clientId, f.intent === "reactivate", now);
  if (!outcome.ok) return data({ error: outcome.reason, done: null }, { status: 400 });
  const done = { add: `Client “${"name" in f ? f.name : ""}” added.`, rename: "Client renamed.", deactivate: "Client deactivated: it takes no new cases, and its liaisons were signed out.", reactivate: "Client reactivated." }[f.intent];
  return { error: null, done };
}

export default function AdminClients() {
  const { formatDateTime } = useDates();
  const { clients } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main id="main">
      <h1>Clients</h1>
      <p className="muted"><Link to="/admin/users">Staff</Link> · <Link to="/admin/access">Who has access</Link></p>
      <FormError message={result?.error} />
      {result?.done && <p role="status" className="notice">{result.done}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr><th scope="col">Client</th><th scope="col">State</th><th scope="col">Liaisons</th><th scope="col">Rename</th><th scope="col">Action</th></tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id}>
                <td>{c.name}<div className="muted">added {formatDateTime(c.created_at)}</div></td>
                <td>{c.active ? <span className="badge met">active</span> : <span className="badge overdue">deactivated {c.deactivated_at ? formatDateTime(c.deactivated_at) : ""}</span>}</td>
                <td>{c.liaisons}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="rename" />
                    <input type="hidden" name="clientId" value={c.id} />
                    <label className="visually-hidden" htmlFor={`rename-${c.id}`}>New name for {c.name}</label>
                    <input id={`rename-${c.id}`} type="text" name="name" defaultValue={c.name} maxLength={200} />
                    <button type="submit" className="secondary">Rename</button>
                  </Form>
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value={c.active ? "deactivate" : "reactivate"} />
                    <input type="hidden" name="clientId" value={c.id} />
                    <button type="submit" className={c.active ? "danger" : "secondary"}>{c.active ? `Deactivate ${c.name}` : `Reactivate ${c.name}`}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a client</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <Field name="name" label="Company name">
          {(a) => <input {...a} type="text" maxLength={200} />}
        </Field>
        <button type="submit">Add client</button>
      </Form>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
