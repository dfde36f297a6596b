import type { Kysely } from "kysely";
import type { Actor } from "~/domain";
import type { Database } from "~/db/schema";

/**
 * Every read of cases for a signed-in person goes through here: tenant isolation
 * (a liaison sees one client, a complainant their own cases) lives in this one place.
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
