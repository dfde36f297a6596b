import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Row-level security for the tables added beside migration 007 (ADR 018, "Adding a table that
// hangs off a case"). Each shows its rows only to an actor the policy names; without an actor
// (recourse.actor_role unset) nothing. The owner (migrations, the worker) is exempt as before.
//
// - attachments: a message's file where the message is visible (inheriting its audience rule);
//   a complaint's own file (no message) where its case is.
// - notices: where their case is.
// - inbound_mails, intake_items, held_filings: mail and filings not yet tied to anyone's case,
//   the officer and the system identity only.

const OFFICER_ONLY = ["inbound_mails", "intake_items", "held_filings"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table attachments enable row level security`.execute(db);
  await sql`create policy attachments_actor on attachments to recourse_app
    using (
      recourse_actor_sees_all()
      or (message_id is not null and exists (select 1 from messages where messages.id = message_id))
      or (message_id is null and exists (select 1 from cases where cases.id = case_id))
    )`.execute(db);

  await sql`alter table notices enable row level security`.execute(db);
  await sql`create policy notices_actor on notices to recourse_app
    using (recourse_actor_sees_all() or exists (select 1 from cases where cases.id = case_id))`.execute(db);

  for (const table of OFFICER_ONLY) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_actor`)} on ${sql.table(table)} to recourse_app using (recourse_actor_sees_all())`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["attachments", "notices", ...OFFICER_ONLY]) {
    await sql`drop policy if exists ${sql.id(`${table}_actor`)} on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
  }
}
