import type { Kysely } from "kysely";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";

/**
 * The administration trail: every change to clients, staff accounts and second factors, one
 * append-only row (the table refuses UPDATE and DELETE), written in the change's own transaction.
 */
export type AdminEventType =
  | "client_added"
  | "client_renamed"
  | "client_deactivated"
  | "client_reactivated"
  | "staff_invited"
  | "invite_accepted"
  | "staff_deactivated"
  | "staff_reactivated"
  | "second_factor_reset"
  | "second_factor_enrolled"
  | "recovery_codes_replaced"
  | "held_filing_discarded"
  | "staff_invite_resent"
  | "staff_invite_cancelled";

export async function recordAdminEvent(
  trx: Kysely<Database>,
  event: { type: AdminEventType; actorId: string | null; userId?: string | null; clientId?: string | null; payload?: Record<string, unknown>; now: Date },
): Promise<void> {
  await trx
    .insertInto("admin_events")
    .values({
      type: event.type,
      actor_id: event.actorId,
      user_id: event.userId ?? null,
      client_id: event.clientId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
      created_at: event.now,
    })
    .execute();
}

export async function recentAdminEvents(limit = 100) {
  return db()
    .selectFrom("admin_events")
    .leftJoin("users as actor", "actor.id", "admin_events.actor_id")
    .leftJoin("users as subject", "subject.id", "admin_events.user_id")
    .leftJoin("clients", "clients.id", "admin_events.client_id")
    .select([
      "admin_events.id",
      "admin_events.type",
      "admin_events.payload",
      "admin_events.created_at",
      "actor.name as actor_name",
      "subject.name as user_name",
      "subject.email as user_email",
      "clients.name as client_name",
    ])
    .orderBy("admin_events.id", "desc")
    .limit(limit)
    .execute();
}
