import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The queue sorted and filtered on a subquery over case_deadlines that ran once per open case,
// so every page read every open case. The nearest running deadline is now stored on the case
// (kept by the application in the same transaction as every deadline, stage or status change)
// and the queue walks indexes on it. Its sort key is coalesce(next_due_at, 'infinity'): a case
// without a running clock sorts last, and the key is never null, so (key, id) is a plain keyset.

const ACTIVE = sql`status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`;
const SORT_KEY = sql`(coalesce(next_due_at, 'infinity'::timestamptz))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("cases").addColumn("next_due_at", "timestamptz").execute();

  // Same rule as the domain's nextRunningDeadline: clocks of the current stage, neither met nor
  // paused, only while the case is active.
  await sql`
    update cases set next_due_at = (
      select min(d.due_at) from case_deadlines d
      where d.case_id = cases.id and d.stage = cases.stage and d.met_at is null and d.paused_at is null
    )
    where ${ACTIVE}
  `.execute(db);

  // The officer's default view (every open case), with and without a stage filter, and the
  // liaison's queue (one client) / the officer's client filter. "Overdue" and "due within 7 days"
  // are ranges on the same sort key, so they use the same indexes.
  await sql`create index cases_queue_open on cases (${SORT_KEY}, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_stage on cases (stage, ${SORT_KEY}, id) where ${ACTIVE}`.execute(db);
  await sql`create index cases_queue_open_client on cases (client_id, ${SORT_KEY}, id) where ${ACTIVE}`.execute(db);
  // One status (any, finished ones included), every case, and every case of one client.
  await sql`create index cases_queue_status on cases (status, ${SORT_KEY}, id)`.execute(db);
  await sql`create index cases_queue_all on cases (${SORT_KEY}, id)`.execute(db);
  await sql`create index cases_queue_client on cases (client_id, ${SORT_KEY}, id)`.execute(db);
  // Superseded: (client_id, ...) above serves every lookup by client.
  await db.schema.dropIndex("cases_client_id").execute();

  // The assignment form lists liaisons; sign-in looks up a user's recent links.
  await db.schema.createIndex("users_role").on("users").columns(["role", "name"]).execute();
  await db.schema.createIndex("users_client_id").on("users").column("client_id").where(sql.ref("client_id"), "is not", null).execute();
  await db.schema.createIndex("sign_in_tokens_user_id").on("sign_in_tokens").columns(["user_id", "created_at"]).execute();

  // Case pages read the latest timeline entries of one case, newest first.
  await db.schema.dropIndex("messages_case_id").execute();
  await db.schema.createIndex("messages_case_id").on("messages").columns(["case_id", "created_at", "id"]).execute();
  await db.schema.dropIndex("case_events_case_id").execute();
  await db.schema.createIndex("case_events_case_id").on("case_events").columns(["case_id", "created_at", "id"]).execute();
  // case_deadlines is read by case through its unique (case_id, stage, kind) constraint.
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    "cases_queue_open",
    "cases_queue_open_stage",
    "cases_queue_open_client",
    "cases_queue_status",
    "cases_queue_all",
    "cases_queue_client",
    "users_role",
    "users_client_id",
    "sign_in_tokens_user_id",
    "messages_case_id",
    "case_events_case_id",
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
  await db.schema.createIndex("messages_case_id").on("messages").columns(["case_id", "created_at"]).execute();
  await db.schema.createIndex("case_events_case_id").on("case_events").columns(["case_id", "id"]).execute();
  await db.schema.createIndex("cases_client_id").on("cases").column("client_id").execute();
  await db.schema.alterTable("cases").dropColumn("next_due_at").execute();
}
