import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireSignedIn } from "~/auth/guards.server";
import { Field, FieldScope, FormError } from "~/components/Field";
import { email, parseWith, uuid } from "~/lib/forms";
import { accessList, cancelInvitation, inviteStaff, listClients, resendInvitation, resetSecondFactor, setStaffActive } from "~/models/admin.server";

export const meta: MetaFunction = () => [{ title: "Administration: staff" }];

export async function loader(args: LoaderFunctionArgs) {
  const { actor } = await requireSignedIn(args, ["officer"]);
  const [people, clients] = await Promise.all([accessList(new Date()), listClients()]);
  return {
    me: actor.userId,
    people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, role: p.role, clientName: p.client_name, active: p.active, accepted: p.accepted, twoFactor: p.totp_enabled_at !== null })),
    clients: clients.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name })),
  };
}

const userId = uuid("That is not a person of this list.");
const actionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email,
    name: z.string({ error: "Enter the person's name." }).trim().min(1, "Enter the person's name.").max(200, "At most 200 characters."),
    role: z.enum(["officer", "liaison"], { error: "Choose officer or liaison." }),
    clientId: z.union([z.literal(""), uuid("Choose one of the clients in the list.")]).optional(),
  }),
  z.object({ intent: z.literal("deactivate"), userId }),
  z.object({ intent: z.literal("reactivate"), userId }),
  z.object({ intent: z.literal("reset_2fa"), userId }),
  z.object({ intent: z.literal("resend_invite"), userId }),
  z.object({ intent: z.literal("cancel_invite"), userId }),
], { error: "Unknown action." });

export async function action(args: ActionFunctionArgs) {
  const { actor } = await requireSignedIn(args, ["officer"]);
  const form = await args.request.formData();
  const parsed = parseWith(actionForm, form);
  const typed = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && k !== "intent")) as Record<string, string>;
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, done: null, typed }, { status: 400 });
  const f = parsed.data;
  const now = new Date();
  if (f.intent === "invite") {
    const outcome = await inviteStaff(actor, { email: f.email, name: f.name, role: f.role, clientId: f.clientId || null }, now);
    if (!outcome.ok) return data({ errors: { [outcome.field ?? "_form"]: outcome.reason } as Record<string, string>, done: null, typed }, { status: 400 });
    return { errors: {} as Record<string, string>, done: `Invitation sent to ${f.email}. The link works once, for 72 hours.`, typed: null };
  }
  const outcome =
    f.intent === "reset_2fa"
      ? await resetSecondFactor(actor, f.userId, now)
      : f.intent === "resend_invite"
        ? await resendInvitation(actor, f.userId, now)
        : f.intent === "cancel_invite"
          ? await cancelInvitation(actor, f.userId, now)
          : await setStaffActive(actor, f.userId, f.intent === "reactivate", now);
  if (!outcome.ok) return data({ errors: { _form: outcome.reason } as Record<string, string>, done: null, typed: null }, { status: 400 });
  const done = {
    deactivate: "Account deactivated: every session of this person has ended.",
    reactivate: "Account reactivated.",
    reset_2fa: "Second factor reset: the person sets up a new authenticator at their next sign-in. Their sessions have ended.",
    resend_invite: "Invitation sent again. Earlier links no longer work; the new one works once, for 72 hours.",
    cancel_invite: "Invitation cancelled: its link no longer works and the account is deactivated.",
  }[f.intent];
  return { errors: {} as Record<string, string>, done, typed: null };
}

export default function AdminUsers() {
  const { people, clients, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main id="main">
      <h1>Staff</h1>
      <p className="muted"><Link to="/admin/clients">Clients</Link> · <Link to="/admin/access">Who has access</Link></p>
      <FormError message={errors._form} />
      {result?.done && <p role="status" className="notice">{result.done}</p>}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.email}</td>
                <td>{p.role === "officer" ? "Security Officer" : `Liaison, ${p.clientName ?? "?"}`}</td>
                <td>
                  {!p.active ? <span className="badge overdue">deactivated</span> : !p.accepted ? <span className="badge soon">invited</span> : <span className="badge met">active</span>}
                  {p.accepted && !p.twoFactor && <div className="muted">no second factor yet</div>}
                </td>
                <td className="actions">
                  {p.active && !p.accepted && (
                    <>
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend_invite" />
                        <input type="hidden" name="userId" value={p.id} />
                        <button type="submit" className="secondary">Send the invitation to {p.name} again</button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="cancel_invite" />
                        <input type="hidden" name="userId" value={p.id} />
                        <button type="submit" className="danger">Cancel the invitation of {p.name}</button>
                      </Form>
                    </>
                  )}
                  {p.id !== me && (p.accepted || !p.active) && (
                    <Form method="post">
                      <input type="hidden" name="intent" value={p.active ? "deactivate" : "reactivate"} />
                      <input type="hidden" name="userId" value={p.id} />
                      <button type="submit" className={p.active ? "danger" : "secondary"}>{p.active ? `Deactivate ${p.name}` : `Reactivate ${p.name}`}</button>
                    </Form>
                  )}
                  {p.twoFactor && (
                    <Form method="post">
                      <input type="hidden" name="intent" value="reset_2fa" />
                      <input type="hidden" name="userId" value={p.id} />
                      <button type="submit" className="secondary">Reset second factor of {p.name}</button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Invite a person</h2>
      <p className="muted">They receive a link, valid once for 72 hours, where they choose a password and set up an authenticator app.</p>
      <FieldScope.Provider value={{ prefix: "invite", values: result?.typed ?? undefined }}>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field name="name" label="Name" error={errors.name}>
            {(a) => <input {...a} type="text" maxLength={200} autoComplete="off" />}
          </Field>
          <Field name="email" label="E-mail address" error={errors.email}>
            {(a) => <input {...a} type="email" autoComplete="off" />}
          </Field>
          <Field name="role" label="Role" error={errors.role}>
            {(a) => (
              <select {...a}>
                <option value="liaison">Liaison of a client</option>
                <option value="officer">Security Officer</option>
              </select>
            )}
          </Field>
          <Field name="clientId" label="Client (for a liaison)" error={errors.clientId}>
            {(a) => (
              <select {...a}>
                <option value="">—</option>
                {clients.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">Send invitation</button>
        </Form>
      </FieldScope.Provider>
    </main>
  );
}

// Errors of this page inside the app frame (the header stays).
export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteError";
