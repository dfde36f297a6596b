import { sql, type Kysely, type Transaction } from "kysely";
import { ACTIVE_STATUSES, BULK_LIMIT, CHANGED_SINCE_LOADED, type Actor, type BulkOutcome, type ClosureKind, type OwnerCandidate } from "~/domain";
import type { Database } from "~/db/schema";
import { db } from "~/db/db.server";
import { performCaseCommandIn, type CaseCommandRequest } from "./case-commands.server";
import { asActor } from "./scope.server";

/**
 * The proposed owner as the domain's ownerRefusal needs them (users are not behind RLS). A liaison
 * of a deactivated client cannot sign in, so they are not active as an owner either (ADR 063).
 */
export async function ownerCandidate(trx: Transaction<Database>, ownerId: string | null): Promise<OwnerCandidate | null> {
  if (!ownerId) return null;
  const user = await trx
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.id", "users.role", "users.client_id", "users.active", "clients.active as client_active"])
    .where("users.id", "=", ownerId)
    .executeTakeFirst();
  if (!user || user.role === "complainant") return null;
  const active = user.active && (user.role !== "liaison" || user.client_active === true);
  return { id: user.id, role: user.role, clientId: user.client_id, active };
}

/**
 * Someone who can no longer work cases (deactivated, or a liaison of a deactivated client) owns
 * none: their open cases go back to "unassigned", each through set_owner as the officer who
 * deactivated them (an owner_changed event in the case's chain, a new version), in the caller's
 * transaction. Before, such cases showed in neither "Unassigned" nor anyone's "Mine" (ADR 063).
 * A finished case keeps its owner: that is history. `actor` null: the demo seed, which is no
 * person and deactivates no one who owns a case.
 */
export async function releaseCasesOwnedBy(
  trx: Transaction<Database>,
  actor: Actor | null,
  owners: { userId: string } | { clientId: string },
  now: Date,
): Promise<string[]> {
  const q = trx.selectFrom("cases").select(["reference", "version"]).where("status", "in", [...ACTIVE_STATUSES]);
  const owned = await ("userId" in owners
    ? q.where("owner_id", "=", owners.userId)
    : q.where("owner_id", "in", (eb) => eb.selectFrom("users").select("id").where("client_id", "=", owners.clientId).where("role", "=", "liaison"))
  )
    .orderBy("reference")
    // Locked now, so the versions read are the ones each command checks.
    .forUpdate()
    .execute();
  if (owned.length === 0) return [];
  if (!actor) throw new Error("The demo seed cannot deactivate someone who owns open cases.");
  for (const c of owned) {
    const result = await performCaseCommandIn(trx, { actor, reference: c.reference, expectedVersion: c.version, command: { type: "set_owner", ownerId: null }, now });
    // An open case always takes "no owner" from the officer; anything else is a bug, and rolls the deactivation back.
    if (!result.ok) throw new Error(`${c.reference} could not be handed back to unassigned: ${JSON.stringify(result)}`);
  }
  return owned.map((c) => c.reference);
}

/**
 * Whom the actor may choose as an owner: every active officer and, for a liaison, the active
 * liaisons of their own client; for an officer, every active liaison (the domain checks that a
 * liaison belongs to the case's client when the owner is set). With `clientId` (one case's page:
 * what OwnerForm offers, and who the current owner is), only the liaisons of that client, and
 * none for a case about the operator itself: not every liaison of every client, which at 250
 * clients was 500 entries in every case page's HTML and loader data. `on`: the caller's transaction.
 */
export async function ownerChoices(actor: Actor, options: { clientId?: string | null; on?: Kysely<Database> } = {}) {
  const { clientId } = options;
  // The roles and the flag are written into the statement (constants, not values): as parameters
  // PostgreSQL planned the statement afresh on every page that offers owners (ADR 055).
  const [officer, liaison] = [sql.lit<"officer">("officer"), sql.lit<"liaison">("liaison")];
  let q = (options.on ?? db())
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.id", "users.name", "users.role", "users.client_id", "clients.name as client_name"])
    .where("users.active", "=", sql.lit(true))
    .where("users.role", "in", [officer, liaison])
    // A liaison of a deactivated client cannot sign in, so cannot own a case (ADR 063).
    .where((eb) => eb.or([eb("users.role", "=", officer), eb("clients.active", "=", sql.lit(true))]));
  if (actor.role === "liaison") q = q.where((eb) => eb.or([eb("users.role", "=", officer), eb("users.client_id", "=", actor.clientId)]));
  if (clientId !== undefined) {
    q = q.where((eb) =>
      clientId === null
        ? eb("users.role", "=", officer)
        : eb.or([eb("users.role", "=", officer), eb.and([eb("users.role", "=", liaison), eb("users.client_id", "=", clientId)])]),
    );
  }
  return q.orderBy("users.role", "desc").orderBy("users.name").execute();
}

/** One person ownerChoices offers. */
export type OwnerChoice = Awaited<ReturnType<typeof ownerChoices>>[number];

/** A case chosen in the queue, with the version the page showed (ADR 063). */
export interface BulkSelection {
  reference: string;
  version: number;
}

const NOT_VISIBLE = "There is no such case, or it is not yours to see.";

/**
 * One command on many cases, each through the transition table at the version the queue page
 * showed, in ONE transaction: a case that changed since then, or that the table refuses, is
 * reported by reference and the others still change (ADR 025, 063). A case already as asked is
 * left alone and reported as such. A database error rolls all of them back.
 */
async function bulk(actor: Actor, selections: BulkSelection[], command: CaseCommandRequest, now: Date): Promise<BulkOutcome> {
  // The first choice of a reference counts; a form lists each case once.
  const chosen = new Map<string, number>();
  for (const s of selections) if (!chosen.has(s.reference)) chosen.set(s.reference, s.version);
  // Locked one by one in reference order, so two bulk actions on the same cases do not deadlock.
  const unique = [...chosen].slice(0, BULK_LIMIT).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return asActor(actor, async (trx) => {
    const outcome: BulkOutcome = { done: [], unchanged: [], refused: [] };
    for (const [reference, version] of unique) {
      const result = await performCaseCommandIn(trx, { actor, reference, expectedVersion: version, command, now });
      if (result.ok) outcome.done.push(reference);
      else if (result.kind === "refused" && result.refusal.code === "already_recorded") outcome.unchanged.push({ reference, reason: result.refusal.reason });
      else if (result.kind === "refused") outcome.refused.push({ reference, reason: result.refusal.reason });
      else if (result.kind === "conflict") outcome.refused.push({ reference, reason: CHANGED_SINCE_LOADED });
      else outcome.refused.push({ reference, reason: NOT_VISIBLE });
    }
    return outcome;
  });
}

export function bulkSetOwner(actor: Actor, selections: BulkSelection[], ownerId: string | null, now: Date) {
  return bulk(actor, selections, { type: "set_owner", ownerId }, now);
}

export function bulkClose(actor: Actor, selections: BulkSelection[], kind: ClosureKind, reason: string, now: Date) {
  return bulk(actor, selections, { type: "close", kind, reason }, now);
}
