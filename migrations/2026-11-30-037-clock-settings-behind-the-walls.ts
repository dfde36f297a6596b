import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The office calendar, its closures and the framework profiles decide every legal deadline, yet
// the app role could change them for any actor: only the page's role check stood in the way. Now
// row-level security lets the officer alone write them (ADR 068). Everyone may read them, with or
// without an actor: the public form, the worker and every page count deadlines with them.
// clock_setting_changes, their trail, becomes like retention_policy_changes: the officer reads it
// and adds to it under their own name; nobody may change or delete a row.

const SETTINGS = ["clock_settings", "clock_closures", "framework_profiles"] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of SETTINGS) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_read`)} on ${sql.table(table)} for select to recourse_app using (true)`.execute(db);
    for (const command of ["insert", "update", "delete"] as const) {
      const name = sql.id(`${table}_${command}`);
      if (command === "insert") {
        await sql`create policy ${name} on ${sql.table(table)} for insert to recourse_app with check (recourse_actor_role() = 'officer')`.execute(db);
      } else if (command === "update") {
        await sql`create policy ${name} on ${sql.table(table)} for update to recourse_app
          using (recourse_actor_role() = 'officer') with check (recourse_actor_role() = 'officer')`.execute(db);
      } else {
        await sql`create policy ${name} on ${sql.table(table)} for delete to recourse_app using (recourse_actor_role() = 'officer')`.execute(db);
      }
    }
  }
  await sql`alter table clock_setting_changes enable row level security`.execute(db);
  await sql`create policy clock_setting_changes_read on clock_setting_changes for select to recourse_app
    using (recourse_actor_role() = 'officer')`.execute(db);
  await sql`create policy clock_setting_changes_write on clock_setting_changes for insert to recourse_app
    with check (recourse_actor_role() = 'officer' and actor_id = recourse_actor_user_id())`.execute(db);
  await sql`revoke update, delete on clock_setting_changes from recourse_app`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`grant update, delete on clock_setting_changes to recourse_app`.execute(db);
  await sql`drop policy clock_setting_changes_write on clock_setting_changes`.execute(db);
  await sql`drop policy clock_setting_changes_read on clock_setting_changes`.execute(db);
  await sql`alter table clock_setting_changes disable row level security`.execute(db);
  for (const table of SETTINGS) {
    for (const suffix of ["read", "insert", "update", "delete"]) await sql`drop policy ${sql.id(`${table}_${suffix}`)} on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
  }
}
