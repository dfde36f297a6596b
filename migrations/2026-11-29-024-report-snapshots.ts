import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The dashboard and the annual report, computed once per filter and shared (ADR 037): a row per
// filter key holds the figures and when they were computed; every app process reads them for up
// to a minute instead of counting every fact of the period again. Officer's and system's only,
// like the facts the figures come from (migration 018).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_snapshots (
      key text primary key,
      computed_at timestamptz not null,
      payload jsonb not null
    )`.execute(db);
  await sql`alter table report_snapshots enable row level security`.execute(db);
  await sql`create policy report_snapshots_actor on report_snapshots to recourse_app using ((select recourse_actor_sees_all()))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table report_snapshots`.execute(db);
}
