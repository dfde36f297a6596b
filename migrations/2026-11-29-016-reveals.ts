import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Each time staff reveal a complainant's identity on a case page, an `identity_revealed` case
// event is written (ADR 028): it is in the case's hash chain and under the case_events policy of
// ADR 018, so no table of its own. The officer's log of reveals reads them newest first, for
// everyone or for one staff member; these partial indexes hold only reveals, so the log never
// walks the other events. (One case's reveals use case_events_case_id.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index case_events_reveals on case_events (created_at desc, id desc) where type = 'identity_revealed'`.execute(db);
  await sql`create index case_events_reveals_by_actor on case_events (actor_id, created_at desc, id desc) where type = 'identity_revealed'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("case_events_reveals_by_actor").execute();
  await db.schema.dropIndex("case_events_reveals").execute();
}
