import type { Kysely } from "kysely";
import type { Actor } from "~/domain";
import type { Database } from "~/db/schema";

// The second wall: the transaction tells the database who acts, and PostgreSQL's row-level
// security shows only that actor's rows (ADR 018). Models open their transactions through these.
export { asActor, asSystem, type SystemTask } from "~/db/actor.server";

/**
 * The first wall: every read of cases for a signed-in person goes through here, so tenant
 * isolation (a liaison sees one client, a complainant their own cases) is also stated in the
 * query, where the planner can use it for indexes.
 */
export function casesVisibleTo(actor: Actor, q: Kysely<Database>) {
  const base = q.selectFrom("cases");
  switch (actor.role) {
    case "officer":
      return base;
    case "liaison":
      return base.where("cases.client_id", "=", actor.clientId);
    case "complainant":
      return base.where("cases.complainant_id", "=", actor.userId);
  }
}
