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

async function recipientsFor(trx: Transaction<Database>, to: Notification["to"][number], state: CaseState): Promise<Recipient[]> {
  switch (to) {
    case "complainant": {
      const u = await trx.selectFrom("users").select(["id", "email", "name"]).where("id", "=", state.complainantId).executeTakeFirst();
      return u ? [{ ...u, staff: false }] : [];
    }
    case "liaisons": {
      if (!state.clientId) return [];
      let q = trx.selectFrom("users").select(["id", "email", "name"]).where("role", "=", "liaison").where("client_id", "=", state.clientId).where("active", "=", true);
      // An assigned liaison is the one who answers; otherwise everyone at the client hears of it.
      if (state.liaisonId) q = q.where("id", "=", state.liaisonId);
      return (await q.execute()).map((u) => ({ ...u, staff: true }));
    }
    case "officer":
      return (await trx.selectFrom("users").select(["id", "email", "name"]).where("role", "=", "officer").where("active", "=", true).execute()).map((u) => ({ ...u, staff: true }));
  }
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
  for (const n of args.notifications) {
    const seen = new Set<string>();
    for (const to of n.to) {
      for (const r of await recipientsFor(trx, to, state)) {
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
