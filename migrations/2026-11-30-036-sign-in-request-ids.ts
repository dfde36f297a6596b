import { type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// A /signin request answered twice mailed two links (ADR 065): the `sign_in_request` job issued a
// new link and queued a new delivery each time it ran, and graphile-worker runs a job again when
// its worker died after the job's commit, before recording its end. The request's id, carried in
// the job's payload, is now stored with the link it produced; a run that finds it does nothing.
// Unique, so two runs at once cannot both issue one (the second fails, and its retry finds the
// first). Null for the links of other paths (filing, confirmation). sign_in_tokens has no row
// policy and the app role's table grant (migration 007) covers the new column.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("sign_in_tokens").addColumn("request_id", "uuid").execute();
  await db.schema.createIndex("sign_in_tokens_request_id").on("sign_in_tokens").column("request_id").unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("sign_in_tokens_request_id").execute();
  await db.schema.alterTable("sign_in_tokens").dropColumn("request_id").execute();
}
