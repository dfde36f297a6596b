import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Retention and anonymisation (issue 9 part 4, ADR 026).
// - retention_policies: how many months after a case ends it is anonymised, per outcome (default 36).
// - cases.legal_hold (jsonb {reason, since, by}) stops anonymisation; cases.anonymised_at records it (once).
// - One placeholder complainant ("anonymised"), inactive, that anonymised cases point to, so the
//   complainant's own row can go while cases keep their NOT NULL complainant.
// - case_events stays append-only, except for one narrow door: the table's owner (the sweep runs
//   as the owner) may rewrite payload, actor_id and hash of one case's events while the
//   transaction-local setting recourse.resealing names that case; case_events_reseal(case)
//   recomputes that case's chain. Rows are never deleted, and id, type, seq and time never change.

export const ANONYMISED_COMPLAINANT_ID = "00000000-0000-4000-8000-00000000a000";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("retention_policies")
    .addColumn("outcome", "text", (c) => c.primaryKey().check(sql`outcome in ('resolved', 'withdrawn', 'closed')`))
    .addColumn("retain_months", "integer", (c) => c.notNull().check(sql`retain_months between 1 and 1200`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await sql`insert into retention_policies (outcome, retain_months) values ('resolved', 36), ('withdrawn', 36), ('closed', 36)`.execute(db);
  // Settings, no personal data: every signed-in actor may read them; the page lets only the officer write.
  await sql`alter table retention_policies enable row level security`.execute(db);
  await sql`create policy retention_policies_read on retention_policies for select to recourse_app using (recourse_actor_role() is not null)`.execute(db);
  await sql`create policy retention_policies_write on retention_policies for update to recourse_app
    using (recourse_actor_role() = 'officer') with check (recourse_actor_role() = 'officer')`.execute(db);

  await db.schema.alterTable("cases").addColumn("legal_hold", "jsonb").addColumn("anonymised_at", "timestamptz").execute();
  // The sweep's candidates: finished cases not yet anonymised.
  await sql`create index cases_retention_candidates on cases (status) where anonymised_at is null and status in ('resolved', 'withdrawn', 'closed')`.execute(db);

  await sql`
    insert into users (id, role, email, name, active, deactivated_at)
    values (${ANONYMISED_COMPLAINANT_ID}::uuid, 'complainant', 'anonymised@invalid', 'Anonymised complainant', false, now())
    on conflict (id) do nothing
  `.execute(db);

  await sql`
    create or replace function case_events_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and current_setting('recourse.resealing', true) = old.case_id::text
        and pg_has_role(current_user, (select relowner from pg_class where oid = 'case_events'::regclass), 'MEMBER')
        and new.id = old.id and new.case_id = old.case_id and new.seq = old.seq
        and new.type = old.type and new.created_at = old.created_at
      then
        return new;
      end if;
      raise exception 'case_events is append-only';
    end $$
  `.execute(db);

  // Recomputes one case's chain in seq order; runs as its caller (the owner; recourse_app may not).
  await sql`
    create function case_events_reseal(target uuid) returns integer language plpgsql as $$
    declare
      r record;
      previous text := null;
      changed integer := 0;
    begin
      perform pg_advisory_xact_lock(hashtextextended('recourse.case_events:' || target::text, 0));
      perform set_config('recourse.resealing', target::text, true);
      for r in select * from case_events where case_id = target order by seq loop
        previous := case_event_hash(r.id, r.case_id, r.seq, r.type, r.actor_id, r.actor_role, r.payload, r.created_at, previous);
        if previous is distinct from r.hash then
          update case_events set hash = previous where id = r.id;
          changed := changed + 1;
        end if;
      end loop;
      perform set_config('recourse.resealing', '', true);
      return changed;
    end $$
  `.execute(db);
  await sql`revoke all on function case_events_reseal(uuid) from public`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function case_events_reseal(uuid)`.execute(db);
  await sql`
    create or replace function case_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'case_events is append-only'; end $$
  `.execute(db);
  await sql`drop index cases_retention_candidates`.execute(db);
  await db.schema.alterTable("cases").dropColumn("legal_hold").dropColumn("anonymised_at").execute();
  await db.schema.dropTable("retention_policies").execute();
  // The placeholder stays when cases point to it.
  await sql`delete from users u where u.id = ${ANONYMISED_COMPLAINANT_ID}::uuid and not exists (select 1 from cases where complainant_id = u.id)`.execute(db);
}
