import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Retention of mail that never became part of a case (issue 9 part 4, ADR 038).
// - retention_policies gets a row 'unmatched_mail' (default 12 months after receipt, or after the
//   officer discarded its intake item), set on the same settings page as the case outcomes.
// - inbound_mails.anonymised_at records that the sweep emptied an unmatched mail (once), and a
//   partial index keeps the sweep's and the outlook's read to the mails still holding text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table retention_policies drop constraint retention_policies_outcome_check`.execute(db);
  await sql`alter table retention_policies add constraint retention_policies_outcome_check
    check (outcome in ('resolved', 'withdrawn', 'closed', 'unmatched_mail'))`.execute(db);
  await sql`insert into retention_policies (outcome, retain_months) values ('unmatched_mail', 12) on conflict (outcome) do nothing`.execute(db);

  await db.schema.alterTable("inbound_mails").addColumn("anonymised_at", "timestamptz").execute();
  await sql`create index inbound_mails_unmatched_kept on inbound_mails (received_at) where case_id is null and anonymised_at is null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index inbound_mails_unmatched_kept`.execute(db);
  await db.schema.alterTable("inbound_mails").dropColumn("anonymised_at").execute();
  await sql`delete from retention_policies where outcome = 'unmatched_mail'`.execute(db);
  await sql`alter table retention_policies drop constraint retention_policies_outcome_check`.execute(db);
  await sql`alter table retention_policies add constraint retention_policies_outcome_check check (outcome in ('resolved', 'withdrawn', 'closed'))`.execute(db);
}
