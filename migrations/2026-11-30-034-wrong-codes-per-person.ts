import { type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Wrong second-factor codes count per person, across sign-ins (ADR 061). Until now only the
// pending sign-in counted them (five, then the password again), and a correct password started a
// new pending sign-in, so someone holding the password could guess codes without end. A correct
// code sets the count back to 0; past ten, each further code waits until second_factor_wait_until.
// On users, where the app role may already update (table grant, migration 007; no row policy).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("second_factor_failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("second_factor_wait_until", "timestamptz")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("second_factor_wait_until").dropColumn("second_factor_failures").execute();
}
