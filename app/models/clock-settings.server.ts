import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import {
  CLOCK_NAMES,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  chooseFramework,
  isFrameworkId,
  isIsoDay,
  isTimeZone,
  type ClockName,
  type FrameworkId,
  type FrameworkProfile,
  type OperatorCalendar,
} from "~/domain";
import { isUsState, operatorCalendar } from "~/domain/clock-holidays";
import { db } from "~/db/db.server";
import { asActor } from "./scope.server";
import type { Database } from "~/db/schema";
import type { Actor } from "~/domain";

type Officer = Extract<Actor, { role: "officer" }>;

// The operator's calendar and the framework profiles, as the officer keeps them on
// /settings/clocks. Read once per request that counts; every change is one transaction with its
// audit record in clock_setting_changes.

type On = Kysely<Database> | Transaction<Database>;

const periodSchema = z.object({
  count: z.number().int().min(0).max(3650),
  unit: z.enum(["business_days", "calendar_days"]),
});

const clocksSchema = z.object({
  acknowledgement: periodSchema,
  response: periodSchema,
  dmaReview: periodSchema,
  arbitration: periodSchema,
  awardCompliance: periodSchema,
  extensionLimit: periodSchema,
  followUp: periodSchema,
});

const profileSchema = z.object({
  id: z.enum(FRAMEWORK_IDS),
  name: z.string(),
  principlesName: z.string(),
  referencePrefix: z.enum(["PS", "DPF"]),
  clocks: clocksSchema,
  arbitrationRequiresDpaReferral: z.boolean(),
  dpaReferralPeriod: periodSchema,
  disputeBody: z.object({ name: z.string(), address: z.string() }),
});

export { CLOCK_NAMES, type ClockName } from "~/domain";

/**
 * A stored profile, as data that may predate a field: what parses is used, anything else falls
 * back to the built-in default of that framework (never a crash on an old row).
 */
export function profileFromJson(json: unknown, framework: FrameworkId): FrameworkProfile {
  const fallback = FRAMEWORKS[framework];
  const raw = typeof json === "string" ? safeJson(json) : json;
  const parsed = profileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // A profile stored before a clock was added: keep its periods, take the new ones from the default.
  if (raw && typeof raw === "object") {
    const merged = { ...fallback, ...(raw as object), clocks: { ...fallback.clocks, ...((raw as { clocks?: object }).clocks ?? {}) } };
    const again = profileSchema.safeParse(merged);
    if (again.success) return again.data;
  }
  return fallback;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export interface ClockSettings {
  zone: string;
  cutoff: string;
  holidayState: string | null;
  /** As stored; null means "from the environment". */
  storedCertifications: FrameworkId[] | null;
  certifications: FrameworkId[];
  closures: { day: string; reason: string }[];
  profiles: Record<FrameworkId, FrameworkProfile>;
}

/** FRAMEWORK_CERTIFICATIONS (comma list), else FRAMEWORK (one id, the older setting), else Privacy Shield. */
export function certificationsFromEnv(env: NodeJS.ProcessEnv = process.env): FrameworkId[] {
  const list = (env.FRAMEWORK_CERTIFICATIONS ?? env.FRAMEWORK ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(isFrameworkId);
  return list.length > 0 ? [...new Set(list)] : ["privacy_shield"];
}

export async function loadClockSettings(on: On = db()): Promise<ClockSettings> {
  // One statement, not three: every case page and every filing reads the settings, and inside a
  // transaction the three would be three round trips one after the other.
  const { rows } = await sql<{
    row: { zone: string; cutoff: string; holiday_state: string | null; certifications: string[] | null } | null;
    closures: { day: string; reason: string }[];
    profiles: { id: string; profile: unknown }[];
  }>`
    select
      (select json_build_object('zone', s.zone, 'cutoff', s.cutoff, 'holiday_state', s.holiday_state, 'certifications', s.certifications)
         from clock_settings s where s.id = 1) as row,
      coalesce((select json_agg(json_build_object('day', to_char(c.day, 'YYYY-MM-DD'), 'reason', c.reason) order by c.day)
         from clock_closures c), '[]') as closures,
      coalesce((select json_agg(json_build_object('id', p.id, 'profile', p.profile)) from framework_profiles p), '[]') as profiles
  `.execute(on);
  const { row, closures, profiles: profileRows } = rows[0] ?? { row: null, closures: [], profiles: [] };
  const profiles = { ...FRAMEWORKS };
  for (const p of profileRows) if (isFrameworkId(p.id)) profiles[p.id] = profileFromJson(p.profile, p.id);
  const stored = row?.certifications?.filter(isFrameworkId) ?? null;
  return {
    zone: row && isTimeZone(row.zone) ? row.zone : "America/New_York",
    cutoff: row?.cutoff ?? "17:00",
    holidayState: row ? row.holiday_state : "MA",
    storedCertifications: stored && stored.length > 0 ? stored : null,
    certifications: stored && stored.length > 0 ? stored : certificationsFromEnv(),
    closures,
    profiles,
  };
}

export function calendarOf(settings: ClockSettings): OperatorCalendar {
  return operatorCalendar({
    zone: settings.zone,
    cutoff: settings.cutoff,
    holidayState: settings.holidayState,
    closures: new Map(settings.closures.map((c) => [c.day, c.reason])),
  });
}

export async function loadOperatorCalendar(on: On = db()): Promise<OperatorCalendar> {
  return calendarOf(await loadClockSettings(on));
}

/** Only the zone: what every page needs to show dates. One primary-key read. */
export async function loadOperatorZone(on: On = db()): Promise<string> {
  const row = await on.selectFrom("clock_settings").select("zone").where("id", "=", 1).executeTakeFirst();
  return row && isTimeZone(row.zone) ? row.zone : "America/New_York";
}

const zoneOfRequest = new WeakMap<object, Promise<string>>();

/**
 * The zone read once per request: Remix hands the root's loader and the page's the same context
 * (a fresh one per request, as getSignedIn relies on), so the two share one read. A failed read
 * is not kept. Without a context, a read of its own.
 */
export function operatorZoneOf(context: unknown): Promise<string> {
  if (typeof context !== "object" || context === null) return loadOperatorZone();
  let zone = zoneOfRequest.get(context);
  if (!zone) {
    zone = loadOperatorZone();
    zoneOfRequest.set(context, zone);
    zone.catch(() => zoneOfRequest.delete(context));
  }
  return zone;
}

/** The profile a new case gets, from the operator's certifications and the complainant's country (ADR 012). */
export function profileForNewCase(settings: ClockSettings, country: string): FrameworkProfile {
  return settings.profiles[chooseFramework(settings.certifications, country)];
}

// ---- changes by the officer -----------------------------------------------------------------

const cutoffSchema = z.string().trim().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "Enter the cut-off as HH:MM, e.g. 17:00.");

export const calendarSettingsSchema = z.object({
  zone: z.string().trim().refine(isTimeZone, "Enter a time zone such as America/New_York."),
  cutoff: cutoffSchema,
  holidayState: z
    .string()
    .trim()
    .toUpperCase()
    .refine((s) => s === "" || isUsState(s), "Enter a two-letter U.S. state such as MA, or leave it empty for federal holidays only.")
    .transform((s) => (s === "" ? null : s)),
  certifications: z
    .array(z.enum(FRAMEWORK_IDS))
    .min(1, "Choose at least one framework the operator is certified under.")
    .refine((list) => !list.includes("uk_extension") || list.includes("dpf"), "The UK Extension is joined through the EU-U.S. DPF; choose it too."),
});
export type CalendarSettingsInput = z.input<typeof calendarSettingsSchema>;

export const closureSchema = z.object({
  day: z.string().trim().refine(isIsoDay, "Enter the day as YYYY-MM-DD."),
  reason: z.string().trim().min(1, "Say why the office is closed (it appears in deadline explanations).").max(200, "Keep the reason under 200 characters."),
});

export const profileClocksSchema = z.object({
  id: z.enum(FRAMEWORK_IDS, "Choose one of the framework profiles."),
  // Only the clocks named change; the page sends them all.
  clocks: z.partialRecord(
    z.enum(CLOCK_NAMES as [ClockName, ...ClockName[]], "Unknown clock."),
    z.object({
      count: z.coerce.number("Enter a number of days.").int("Enter a whole number of days.").min(1, "A period is at least 1 day.").max(365, "A period is at most 365 days."),
      unit: z.enum(["business_days", "calendar_days"], "Choose working days or calendar days."),
    }),
  ),
  // The dispute body the profile names (escalation notices, the case page); left out, it stays.
  disputeBody: z
    .object({
      name: z.string().trim().min(1, "Enter the dispute body's name.").max(200, "Keep the name under 200 characters."),
      address: z.string().trim().min(1, "Enter the dispute body's address.").max(500, "Keep the address under 500 characters."),
    })
    .optional(),
});

async function audit(trx: Transaction<Database>, actorId: string, subject: string, before: unknown, after: unknown) {
  await trx
    .insertInto("clock_setting_changes")
    .values({ actor_id: actorId, subject, before: JSON.stringify(before ?? null), after: JSON.stringify(after ?? null) })
    .execute();
}

/**
 * Saves the office calendar, or refuses a zone the database does not know: reports and counts
 * compute local days in PostgreSQL, whose zone list can lag behind Node's (US/Pacific-New).
 */
export async function updateCalendarSettings(
  actor: Officer,
  input: z.output<typeof calendarSettingsSchema>,
): Promise<{ ok: true } | { ok: false; field: "zone"; reason: string }> {
  return asActor(actor, async (trx) => {
    const known = await sql<{ known: boolean }>`select exists (select 1 from pg_timezone_names where name = ${input.zone}) as known`.execute(trx);
    if (!known.rows[0]?.known) return { ok: false as const, field: "zone" as const, reason: `The time zone ${input.zone} is not known to the database; choose a current IANA zone such as America/Los_Angeles.` };
    const before = await trx.selectFrom("clock_settings").selectAll().where("id", "=", 1).forUpdate().executeTakeFirst();
    const after = { zone: input.zone, cutoff: input.cutoff, holiday_state: input.holidayState, certifications: input.certifications };
    await trx
      .insertInto("clock_settings")
      .values({ id: 1, ...after })
      .onConflict((oc) => oc.column("id").doUpdateSet({ ...after, updated_at: new Date() }))
      .execute();
    const was = before
      ? { zone: before.zone, cutoff: before.cutoff, holiday_state: before.holiday_state, certifications: before.certifications }
      : null;
    await audit(trx, actor.userId, "calendar", was, after);
    return { ok: true as const };
  });
}

/** Adds a closure; a day already closed keeps its first reason and the answer says so. */
export async function addClosure(actor: Officer, input: z.output<typeof closureSchema>): Promise<{ ok: true } | { ok: false; reason: string }> {
  return asActor(actor, async (trx) => {
    const added = await trx
      .insertInto("clock_closures")
      .values({ day: input.day, reason: input.reason, added_by: actor.userId })
      .onConflict((oc) => oc.column("day").doNothing())
      .returning("reason")
      .executeTakeFirst();
    if (!added) return { ok: false as const, reason: `The office is already marked closed on ${input.day}.` };
    await audit(trx, actor.userId, "closure added", null, input);
    return { ok: true as const };
  });
}

export async function removeClosure(actor: Officer, day: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!isIsoDay(day)) return { ok: false, reason: "Enter the day as YYYY-MM-DD." };
  return asActor(actor, async (trx) => {
    const removed = await trx.deleteFrom("clock_closures").where("day", "=", day).returning("reason").executeTakeFirst();
    if (!removed) return { ok: false as const, reason: `There is no closure on ${day}.` };
    await audit(trx, actor.userId, "closure removed", { day, reason: removed.reason }, null);
    return { ok: true as const };
  });
}

/**
 * Changes a profile's periods and dispute body. Existing cases keep their snapshot (ADR 012): only
 * new cases use the change, and no existing deadline moves.
 */
export async function updateProfileClocks(actor: Officer, input: z.output<typeof profileClocksSchema>): Promise<void> {
  await asActor(actor, async (trx) => {
    const row = await trx.selectFrom("framework_profiles").select("profile").where("id", "=", input.id).forUpdate().executeTakeFirst();
    const before = profileFromJson(row?.profile ?? null, input.id);
    const after: FrameworkProfile = { ...before, clocks: { ...before.clocks, ...input.clocks }, disputeBody: input.disputeBody ?? before.disputeBody };
    await trx
      .insertInto("framework_profiles")
      .values({ id: input.id, profile: JSON.stringify(after) })
      .onConflict((oc) => oc.column("id").doUpdateSet({ profile: JSON.stringify(after), updated_at: new Date() }))
      .execute();
    await audit(trx, actor.userId, `profile ${input.id}`, { ...before.clocks, disputeBody: before.disputeBody }, { ...after.clocks, disputeBody: after.disputeBody });
  });
}

/** The trail of setting changes, which only the officer may read (ADR 068). */
export async function recentSettingChanges(actor: Officer, limit = 20) {
  return asActor(actor, (trx) =>
    trx
      .selectFrom("clock_setting_changes")
      .leftJoin("users", "users.id", "clock_setting_changes.actor_id")
      .select([
        "clock_setting_changes.id",
        "clock_setting_changes.subject",
        "clock_setting_changes.before",
        "clock_setting_changes.after",
        "clock_setting_changes.created_at",
        "users.name as actor_name",
      ])
      .orderBy("clock_setting_changes.created_at", "desc")
      .orderBy("clock_setting_changes.id", "desc")
      .limit(limit)
      .execute(),
  );
}
