import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Every change of the retention policy, kept (issue 9 part 4): retention_policies holds only the
// months in force and who changed them last, so earlier values and their authors were lost. Like
// clock_setting_changes, append-only: who changed which item, from how many months to how many.
// The officer writes and reads it; nobody may change or delete a row. Changes made before this
// migration are not known (retention_policies kept only the last author of each item).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table retention_policy_changes (
      id bigint generated always as identity primary key,
      item text not null,
      before_months integer not null,
      after_months integer not null,
      actor_id uuid references users (id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index retention_policy_changes_created_at on retention_policy_changes (created_at)`.execute(db);
  await sql`alter table retention_policy_changes enable row level security`.execute(db);
  await sql`create policy retention_policy_changes_read on retention_policy_changes for select to recourse_app
    using (recourse_actor_role() = 'officer')`.execute(db);
  await sql`create policy retention_policy_changes_write on retention_policy_changes for insert to recourse_app
    with check (recourse_actor_role() = 'officer' and actor_id = recourse_actor_user_id())`.execute(db);
  await sql`revoke update, delete, truncate on retention_policy_changes from recourse_app`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table retention_policy_changes`.execute(db);
}
