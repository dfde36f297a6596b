import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Legal clocks (issue 6, ADRs 011 and 012): the operator's calendar (zone, cut-off, holiday
// state, closures), the framework profiles as data the officer edits, an audit record of every
// change to them, the profile each case keeps as its snapshot, and how each deadline was counted.

const period = (count: number, unit: "business_days" | "calendar_days") => ({ count, unit });
const CLOCKS = {
  acknowledgement: period(5, "business_days"),
  response: period(45, "calendar_days"),
  dmaReview: period(45, "calendar_days"),
  arbitration: period(90, "calendar_days"),
  awardCompliance: period(30, "calendar_days"),
  extensionLimit: period(30, "calendar_days"),
  followUp: period(14, "calendar_days"),
};
const DISPUTE_BODY = {
  name: "DMA Privacy Shield Dispute Resolution Program",
  address: "Privacy Shield Line, Direct Marketing Association, 1615 L Street, NW – Suite 1100, Washington, DC 20336",
};
const profile = (id: string, name: string, principlesName: string, referencePrefix: string, arbitrationRequiresDpaReferral: boolean) => ({
  id,
  name,
  principlesName,
  referencePrefix,
  clocks: CLOCKS,
  arbitrationRequiresDpaReferral,
  dpaReferralPeriod: period(90, "calendar_days"),
  disputeBody: DISPUTE_BODY,
});
const PROFILES = [
  profile("privacy_shield", "EU-U.S. Privacy Shield", "Privacy Shield", "PS", false),
  profile("dpf", "EU-U.S. Data Privacy Framework", "Data Privacy Framework", "DPF", true),
  profile("swiss_dpf", "Swiss-U.S. Data Privacy Framework", "Swiss-U.S. Data Privacy Framework", "DPF", true),
  profile("uk_extension", "UK Extension to the EU-U.S. Data Privacy Framework", "Data Privacy Framework", "DPF", true),
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row: the operator's office.
  await db.schema
    .createTable("clock_settings")
    .addColumn("id", "integer", (c) => c.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn("zone", "text", (c) => c.notNull().defaultTo("America/New_York"))
    .addColumn("cutoff", "text", (c) => c.notNull().defaultTo("17:00").check(sql`cutoff ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    // U.S. federal holidays always count; this state's public holidays too (null: federal only).
    .addColumn("holiday_state", "text", (c) => c.defaultTo("MA"))
    // Null: the certifications come from the environment (FRAMEWORK_CERTIFICATIONS, else FRAMEWORK).
    .addColumn("certifications", sql`text[]`)
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto("clock_settings").values({ id: 1 }).execute();

  await db.schema
    .createTable("clock_closures")
    .addColumn("day", "date", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("added_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("framework_profiles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("profile", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto("framework_profiles")
    .values(PROFILES.map((p) => ({ id: p.id, profile: JSON.stringify(p) })))
    .execute();

  // Append-only: who changed which setting, from what to what.
  await db.schema
    .createTable("clock_setting_changes")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("clock_setting_changes_created_at").on("clock_setting_changes").column("created_at").execute();

  // The profile a case was opened under, kept so that editing a profile never moves its deadlines.
  await db.schema.alterTable("cases").addColumn("profile", "jsonb").execute();
  await sql`update cases set profile = p.profile from framework_profiles p where p.id = cases.framework`.execute(db);

  // How each deadline was counted (start, cut-off, unit, days skipped, pauses, extensions).
  await db.schema.alterTable("case_deadlines").addColumn("computation", "jsonb").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("case_deadlines").dropColumn("computation").execute();
  await db.schema.alterTable("cases").dropColumn("profile").execute();
  await db.schema.dropTable("clock_setting_changes").execute();
  await db.schema.dropTable("framework_profiles").execute();
  await db.schema.dropTable("clock_closures").execute();
  await db.schema.dropTable("clock_settings").execute();
}
