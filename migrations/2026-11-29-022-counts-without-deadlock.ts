import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// The queue's counts (case_counts, case_due_counts; migration 017) are upserted at commit, one row
// per old and new key of every changed case. Two transactions that move cases between the same
// keys in opposite directions took those row locks in opposite orders and could deadlock (one of
// them then failed with 40P01). A transaction now takes one advisory lock before its first count
// change, so the count rows are only ever locked by one committing transaction at a time: the
// wait is the other's commit (a few upserts), never a deadlock. The lock trigger sorts before the
// count triggers of the same event (triggers fire in name order) and ends with the transaction.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function case_counts_serialize() returns trigger language plpgsql security definer
    set search_path = public, pg_catalog
    as $$ begin perform pg_advisory_xact_lock(hashtextextended('recourse.case_counts', 0)); return null; end $$
  `.execute(db);
  await sql`revoke all on function case_counts_serialize() from public`.execute(db);
  // The same events and condition as the count triggers (case_counts_insert, _delete, _update).
  await sql`create constraint trigger case_counts_0serialize_insert after insert on cases deferrable initially deferred
    for each row execute function case_counts_serialize()`.execute(db);
  await sql`create constraint trigger case_counts_0serialize_delete after delete on cases deferrable initially deferred
    for each row execute function case_counts_serialize()`.execute(db);
  await sql`create constraint trigger case_counts_0serialize_update after update of client_id, stage, status, owner_id, answer_rejected, next_due_at on cases
    deferrable initially deferred for each row
    when ((old.client_id, old.stage, old.status, old.owner_id, old.answer_rejected, old.next_due_at)
      is distinct from (new.client_id, new.stage, new.status, new.owner_id, new.answer_rejected, new.next_due_at))
    execute function case_counts_serialize()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["case_counts_0serialize_insert", "case_counts_0serialize_delete", "case_counts_0serialize_update"]) {
    await sql`drop trigger ${sql.id(name)} on cases`.execute(db);
  }
  await sql`drop function case_counts_serialize()`.execute(db);
}
