import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// A case that ends stops its clocks (ADR 053). case_deadlines.stopped_at records when a clock of
// the case's stage stopped unmet because the case was closed, resolved or withdrawn; null while it
// runs (or met, or left behind at an earlier stage). Until now an ended case's clocks stayed
// "running", and the staff page showed a closed case's deadlines as overdue. The cases that have
// already ended get the moment they ended: their latest ending event (the updated time of a case
// without one, which only hand-made rows lack).

const TERMINAL = sql`('resolved', 'withdrawn', 'closed')`;
// erasure_granted: migration 028's ending event, in force before this one runs.
const ENDING = sql`('closed', 'withdrawn', 'answer_accepted', 'award_complied_with', 'erasure_granted')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("case_deadlines").addColumn("stopped_at", "timestamptz").execute();
  await sql`
    update case_deadlines d
    set stopped_at = coalesce(
      (select max(e.created_at) from case_events e where e.case_id = c.id and e.type in ${ENDING}),
      c.updated_at)
    from cases c
    where c.id = d.case_id and c.status in ${TERMINAL} and d.stage = c.stage and d.met_at is null
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("case_deadlines").dropColumn("stopped_at").execute();
}
