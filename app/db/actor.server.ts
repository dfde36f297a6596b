import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/domain";
import { db } from "./db.server";
import type { Database } from "./schema";

/**
 * Who a transaction acts for, as the database's row-level security policies see it
 * (migrations/2026-11-29-007-walls.ts, ADR 018): a signed-in person, or the system identity for
 * the paths that have none. Set with set_config(..., true), so it ends with the transaction and a
 * pooled connection never carries it to the next one. Without it, protected tables show nothing.
 */
export type DbIdentity = Actor | SystemIdentity;

/**
 * The paths that act without a signed-in person. Each names itself, so a reader of the code (and
 * of pg_stat_activity's recourse.actor_task) sees which one it is. They see every case.
 */
export type SystemTask =
  | "complaint filing"
  | "sign-in link"
  | "demo seed"
  | "health check"
  | "mail worker"
  | "deadline sweep"
  | "inbound mail"
  | "audit verification"
  | "data export"
  | "benchmark";

export interface SystemIdentity {
  role: "system";
  task: SystemTask;
}

export const systemIdentity = (task: SystemTask): SystemIdentity => ({ role: "system", task });

/** Names the actor of the transaction `trx` (the settings end with it). */
export async function setActor(trx: Kysely<Database>, who: DbIdentity): Promise<void> {
  const userId = who.role === "system" ? "" : who.userId;
  const clientId = who.role === "liaison" ? who.clientId : "";
  const task = who.role === "system" ? who.task : "";
  await sql`select
    set_config('recourse.actor_role', ${who.role}, true),
    set_config('recourse.actor_user_id', ${userId}, true),
    set_config('recourse.actor_client_id', ${clientId}, true),
    set_config('recourse.actor_task', ${task}, true)`.execute(trx);
}

/** One transaction as `who`: the one place the actor is set. */
export function inTransactionAs<T>(who: DbIdentity, work: (trx: Transaction<Database>) => Promise<T>, on: Kysely<Database> = db()): Promise<T> {
  return on.transaction().execute(async (trx) => {
    await setActor(trx, who);
    return work(trx);
  });
}

/** One transaction for a signed-in person: the database shows only what they may see. */
export function asActor<T>(actor: Actor, work: (trx: Transaction<Database>) => Promise<T>, on?: Kysely<Database>): Promise<T> {
  return inTransactionAs(actor, work, on);
}

/** One transaction for a path without a signed-in person, named by its task. */
export function asSystem<T>(task: SystemTask, work: (trx: Transaction<Database>) => Promise<T>, on?: Kysely<Database>): Promise<T> {
  return inTransactionAs(systemIdentity(task), work, on);
}
