import { db } from "~/db/db.server";
import { clientPicked, sameClientName } from "~/domain";
import { CLIENT_SEARCH_LIMIT } from "~/lib/organization";

/** `%`, `_` and `\` typed by the person are letters, not patterns. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The active clients whose name contains the words typed (case-insensitive), by name, at most
 * CLIENT_SEARCH_LIMIT; `more` says there were others. The public form's search over clients
 * (issue 10) and the officer queue's client filter (issue 5): with hundreds of clients a
 * drop-down of every name does not work. `includeInactive` for the queue: a deactivated client
 * takes no new cases but still has its old ones.
 */
export async function findClients(query: string, options: { includeInactive?: boolean } = {}): Promise<{ clients: { id: string; name: string }[]; more: boolean }> {
  const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return { clients: [], more: false };
  let q = db().selectFrom("clients").select(["id", "name"]);
  if (!options.includeInactive) q = q.where("active", "=", true);
  for (const w of words) q = q.where("name", "ilike", `%${likeLiteral(w.slice(0, 100))}%`);
  const rows = await q.orderBy("name").orderBy("id").limit(CLIENT_SEARCH_LIMIT + 1).execute();
  return { clients: rows.slice(0, CLIENT_SEARCH_LIMIT), more: rows.length > CLIENT_SEARCH_LIMIT };
}

/** One client by id (active or not), or null: the name the queue's client filter shows. */
export async function clientById(id: string): Promise<{ id: string; name: string } | null> {
  return (await db().selectFrom("clients").select(["id", "name"]).where("id", "=", id).executeTakeFirst()) ?? null;
}

export type ClientFilterChoice =
  | { kind: "none" }
  | { kind: "chosen"; client: { id: string; name: string } }
  | { kind: "picked"; clientId: string }
  | { kind: "search"; query: string; clients: { id: string; name: string }[]; more: boolean };

/**
 * The client filter of the officer queue and of the reports dashboard (issue 5: a search, not a
 * list of every client). `typed`: the name field as sent (undefined when absent: `clientId` from a
 * link stands); `clientId`: ?client.
 * A blank name clears the filter; the chosen client's own name keeps it; another name is searched:
 * one match is picked (the route redirects to it), several or none are for the officer to see.
 */
export async function resolveClientFilter(typed: string | undefined, clientId: string | undefined): Promise<ClientFilterChoice | null> {
  if (typed === undefined) return null;
  if (!typed) return { kind: "none" };
  const current = clientId ? await clientById(clientId) : null;
  if (current && sameClientName(typed, current.name)) return { kind: "chosen", client: current };
  const found = await findClients(typed, { includeInactive: true });
  const picked = clientPicked(typed, found);
  return picked ? { kind: "picked", clientId: picked.id } : { kind: "search", query: typed, ...found };
}
