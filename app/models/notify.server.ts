import type { Transaction } from "kysely";
import type { CaseState, Notification } from "~/domain";
import type { Database } from "~/db/schema";
import { appUrl } from "~/config/operator.server";
import { enqueueMails, type QueuedMail } from "~/jobs/enqueue.server";

interface Recipient {
  id: string;
  email: string;
  name: string;
  staff: boolean;
}

type RecipientKind = Notification["to"][number];

/**
 * Everyone the notifications name, found in ONE query (a filing names the complainant, the
 * client's liaisons and every officer: three round trips before), then sorted by kind here.
 */
async function recipientsFor(trx: Transaction<Database>, kinds: ReadonlySet<RecipientKind>, state: CaseState): Promise<Map<RecipientKind, Recipient[]>> {
  const byKind = new Map<RecipientKind, Recipient[]>([...kinds].map((k) => [k, []]));
  const wantsLiaisons = kinds.has("liaisons") && state.clientId !== null;
  if (!kinds.has("complainant") && !wantsLiaisons && !kinds.has("officer")) return byKind;
  const users = await trx
    .selectFrom("users")
    .select(["id", "email", "name", "role"])
    .where((eb) => {
      const ors = [];
      if (kinds.has("complainant")) ors.push(eb("id", "=", state.complainantId));
      // An assigned liaison is the one who answers; otherwise everyone at the client hears of it.
      if (wantsLiaisons) {
        // Not the liaisons of a deactivated client: they can no longer sign in to read it (issue 8).
        const activeClient = trx.selectFrom("clients").select("clients.id").where("clients.id", "=", state.clientId!).where("clients.active", "=", true);
        const atClient = [eb("role", "=", "liaison"), eb("client_id", "=", state.clientId!), eb("active", "=", true), eb("client_id", "in", activeClient)];
        ors.push(eb.and(state.liaisonId ? [...atClient, eb("id", "=", state.liaisonId)] : atClient));
      }
      if (kinds.has("officer")) ors.push(eb.and([eb("role", "=", "officer"), eb("active", "=", true)]));
      return eb.or(ors);
    })
    .orderBy("name")
    .orderBy("id")
    .execute();
  // The WHERE above chose them; a row is the complainant by id, a liaison or an officer by role.
  for (const u of users) {
    const r = { id: u.id, email: u.email, name: u.name };
    if (u.id === state.complainantId) byKind.get("complainant")?.push({ ...r, staff: false });
    else if (u.role === "liaison") byKind.get("liaisons")?.push({ ...r, staff: true });
    else if (u.role === "officer") byKind.get("officer")?.push({ ...r, staff: true });
  }
  return byKind;
}

/** Enqueues the mail a decision causes, in the same transaction as the change. */
export async function enqueueNotifications(
  trx: Transaction<Database>,
  args: {
    reference: string;
    state: CaseState;
    notifications: Notification[];
    /** Facts for every recipient's template (stage names, outcome). */
    facts?: Record<string, unknown>;
    /** Facts only the complainant may receive, such as their own sign-in link. */
    complainantFacts?: Record<string, unknown>;
    /** The person who acted hears nothing of their own action. */
    actorUserId?: string | null;
  },
): Promise<void> {
  const { reference, state } = args;
  const mails: QueuedMail[] = [];
  const recipients = await recipientsFor(trx, new Set(args.notifications.flatMap((n) => n.to)), state);
  for (const n of args.notifications) {
    const seen = new Set<string>();
    for (const to of n.to) {
      for (const r of recipients.get(to) ?? []) {
        if (seen.has(r.email) || (r.id === args.actorUserId && !n.evenToActor)) continue;
        seen.add(r.email);
        mails.push({
          template: n.template,
          to: r.email,
          // Whose reply token goes into the Reply-To address (one per case and person).
          userId: r.id,
          data: {
            reference,
            recipientName: r.name,
            caseUrl: `${appUrl()}${r.staff ? "/cases/" : "/my/cases/"}${reference}`,
            stage: state.stage,
            audience: r.staff ? "staff" : "complainant",
            ...args.facts,
            ...(r.staff ? {} : args.complainantFacts),
          },
        } as QueuedMail);
      }
    }
  }
  await enqueueMails(trx, mails);
}
