import type { Kysely } from "kysely";
import type { Actor } from "~/domain";
import type { Database } from "~/db/schema";
import { asActor } from "./scope.server";

// Saved queue views: a name and the query string of /cases. Row-level security shows each person
// only their own (migration 013); the user_id conditions below say the same in the query.

export const SAVED_FILTER_LIMIT = 50;
/** What a saved view keeps of the query string: the filters, never a page cursor. */
const KEPT = ["q", "stage", "status", "client", "due", "answer", "owner", "sort", "dir"] as const;

export function savedQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of KEPT) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  return kept.toString();
}

/** The actor's saved filters; `on`: a transaction already open as this actor (the queue's), else one of its own. */
export function listSavedFilters(actor: Actor, on?: Kysely<Database>) {
  const list = (trx: Kysely<Database>) => trx.selectFrom("saved_filters").select(["id", "name", "query"]).where("user_id", "=", actor.userId).orderBy("name").execute();
  return on ? list(on) : asActor(actor, list);
}

export type SaveOutcome = { ok: true } | { ok: false; reason: string };

export async function saveFilter(actor: Actor, name: string, query: string): Promise<SaveOutcome> {
  return asActor(actor, async (trx) => {
    const { n, same } = await trx
      .selectFrom("saved_filters")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.countAll<string>().filterWhere("name", "=", name).as("same")])
      .where("user_id", "=", actor.userId)
      .executeTakeFirstOrThrow();
    // At the limit, a view saved again under its own name still replaces it.
    if (Number(n) >= SAVED_FILTER_LIMIT && Number(same) === 0) return { ok: false, reason: `You can keep at most ${SAVED_FILTER_LIMIT} saved filters. Delete one first.` };
    // Saving under a name already used replaces that view's query.
    await trx
      .insertInto("saved_filters")
      .values({ user_id: actor.userId, name, query })
      .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ query }))
      .execute();
    return { ok: true };
  });
}

/** Deletes one of the actor's own saved filters; another person's id deletes nothing. */
export async function deleteSavedFilter(actor: Actor, id: string): Promise<boolean> {
  return asActor(actor, async (trx) => {
    const result = await trx.deleteFrom("saved_filters").where("id", "=", id).where("user_id", "=", actor.userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
