// The deadline sweep's use cases: find the cases that may owe a notice, and for each one, in one
// transaction, record every due notice under its unique key and queue its mail. A notice that is
// already recorded is skipped by the database (ON CONFLICT DO NOTHING), so a second sweep at the
// same moment, a sweep that died half-way, or a restart never sends one twice.
import { sql, type Kysely, type Transaction } from "kysely";
import { z } from "zod";
import {
  DEFAULT_NOTICE_SETTINGS,
  DEFAULT_WAIT_SETTINGS,
  dueNotices,
  lastDigestMoment,
  noticeLine,
  waitKindOf,
  type CaseState,
  type DueNotice,
  type NoticeSettings,
  type Status,
  type SweptCase,
} from "~/domain";
import type { CaseRow, Database, DeadlineRow } from "~/db/schema";
import { appUrl } from "~/config/operator.server";
import { enqueueMails, type MailJob } from "~/jobs/enqueue.server";
import { profileOfRow, stateFromRow } from "./case-record.server";
import { loadOperatorZone } from "./clock-settings.server";

// ---- settings --------------------------------------------------------------------------

const days = z.coerce.number().int().positive().max(3650);
const envSchema = z.object({
  DEADLINE_REMINDER_DAYS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "a comma-separated list of whole days, e.g. 7,2")
    .transform((v) => [...new Set(v.split(",").map((d) => Number(d.trim())))].filter((d) => d > 0).sort((a, b) => b - a))
    .refine((v) => v.length > 0 && v.every((d) => d <= 365), "between 1 and 365 days")
    .optional(),
  WAIT_REMINDER_DAYS: days.optional(),
  WAIT_CLOSURE_PROPOSAL_DAYS: days.optional(),
});

/** The sweep's settings from the environment; throws with the variable's name when one is bad. */
export function noticeSettingsFromEnv(env: Record<string, string | undefined> = process.env): NoticeSettings {
  const given = Object.fromEntries(
    ["DEADLINE_REMINDER_DAYS", "WAIT_REMINDER_DAYS", "WAIT_CLOSURE_PROPOSAL_DAYS"].filter((k) => env[k]?.trim()).map((k) => [k, env[k]]),
  );
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? "DEADLINE_REMINDER_DAYS")}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const waits = {
    reminderAfterDays: e.WAIT_REMINDER_DAYS ?? DEFAULT_WAIT_SETTINGS.reminderAfterDays,
    closureProposalAfterDays: e.WAIT_CLOSURE_PROPOSAL_DAYS ?? DEFAULT_WAIT_SETTINGS.closureProposalAfterDays,
  };
  if (waits.closureProposalAfterDays <= waits.reminderAfterDays) {
    throw new Error("WAIT_CLOSURE_PROPOSAL_DAYS must be more than WAIT_REMINDER_DAYS: the complainant is reminded before closure is proposed");
  }
  return { reminderDays: e.DEADLINE_REMINDER_DAYS ?? DEFAULT_NOTICE_SETTINGS.reminderDays, waits };
}

// ---- reading cases as the sweep sees them ---------------------------------------------

const ACTIVE = sql`cases.status in ('awaiting_acknowledgement', 'in_progress', 'awaiting_complainant', 'answered')`;
const WAITING = sql`cases.status in ('awaiting_complainant', 'answered')`;

/** The events that begin each wait (see waits.ts): the request for information, or the answer. */
const WAIT_STARTS: Record<"information" | "answer", string[]> = {
  information: ["information_requested"],
  answer: ["answered", "dma_outcome_recorded"],
};

/**
 * Ids of the cases that may owe a notice at `now`: a running clock due within the longest
 * reminder window (or past), or a wait for the complainant. Both conditions run on the queue's
 * indexes (cases_queue_open on the stored next deadline, cases_queue_status on the status).
 */
export async function sweepCandidates(on: Kysely<Database>, now: Date, settings: NoticeSettings): Promise<string[]> {
  const horizon = new Date(now.getTime() + Math.max(0, ...settings.reminderDays) * 86_400_000);
  const { rows } = await sql<{ id: string }>`
    select id from cases where ${ACTIVE} and coalesce(cases.next_due_at, 'infinity'::timestamptz) < ${horizon}
    union
    select id from cases where ${WAITING}
    order by id
  `.execute(on);
  return rows.map((r) => r.id);
}

async function waitingSinceOf(on: Kysely<Database>, cases: { id: string; status: string }[]): Promise<Map<string, Date>> {
  const waiting = cases.filter((c) => waitKindOf(c.status as Status));
  if (waiting.length === 0) return new Map();
  const { rows } = await sql<{ case_id: string; type: string; created_at: Date }>`
    select distinct on (case_id, type) case_id, type, created_at
    from case_events
    where case_id = any(${waiting.map((c) => c.id)}::uuid[]) and type in ('information_requested', 'answered', 'dma_outcome_recorded')
    order by case_id, type, created_at desc
  `.execute(on);
  const since = new Map<string, Date>();
  for (const c of waiting) {
    const types = WAIT_STARTS[waitKindOf(c.status as Status)!];
    for (const r of rows) {
      if (r.case_id !== c.id || !types.includes(r.type)) continue;
      const at = new Date(r.created_at);
      const known = since.get(c.id);
      if (!known || at > known) since.set(c.id, at);
    }
  }
  return since;
}

/** Cases with their deadlines and wait start, as the domain's dueNotices needs them. */
async function loadSwept(on: Kysely<Database>, ids: string[], lock: boolean): Promise<{ row: CaseRow; swept: SweptCase }[]> {
  if (ids.length === 0) return [];
  let q = on.selectFrom("cases").selectAll().where("id", "in", ids);
  if (lock) q = q.forUpdate();
  const rows = await q.execute();
  const deadlines = await on.selectFrom("case_deadlines").selectAll().where("case_id", "in", ids).execute();
  const byCase = new Map<string, DeadlineRow[]>();
  for (const d of deadlines) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d]);
  const since = await waitingSinceOf(on, rows);
  return rows.map((row) => ({ row, swept: { state: stateFromRow(row, byCase.get(row.id) ?? []), waitingSince: since.get(row.id) ?? null } }));
}

/** The case's view of waiting, for its page: the same rule the sweep applies. */
export async function waitingSince(on: Kysely<Database>, caseId: string, status: string): Promise<Date | null> {
  return (await waitingSinceOf(on, [{ id: caseId, status }])).get(caseId) ?? null;
}

// ---- recording and sending -------------------------------------------------------------

interface Person {
  id: string;
  email: string;
  name: string;
  staff: boolean;
  mode: "each" | "daily";
}

async function peopleFor(trx: Transaction<Database>, state: CaseState, to: DueNotice["to"]): Promise<Person[]> {
  const people: Person[] = [];
  // Staff who may still work: active, and a liaison only while their client is (as notify.server.ts).
  const base = trx
    .selectFrom("users")
    .leftJoin("clients", "clients.id", "users.client_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.notification_mode"])
    .where((eb) => eb.or([eb("users.role", "=", "complainant"), eb.and([eb("users.active", "=", true), eb.or([eb("users.client_id", "is", null), eb("clients.active", "=", true)])])]));
  const officers = () => base.where("users.role", "=", "officer").execute();
  for (const group of to) {
    let rows: { id: string; email: string; name: string; role: string; notification_mode: "each" | "daily" }[] = [];
    if (group === "complainant") rows = await base.where("users.id", "=", state.complainantId).execute();
    if (group === "officer") rows = await officers();
    if (group === "liaisons") {
      if (state.clientId) {
        let q = base.where("users.role", "=", "liaison").where("users.client_id", "=", state.clientId);
        if (state.liaisonId) q = q.where("users.id", "=", state.liaisonId);
        rows = await q.execute();
      }
      // No liaison can receive it (none active, or the client deactivated): the officer is told instead of nobody.
      if (rows.length === 0) rows = await officers();
    }
    for (const r of rows) {
      if (people.some((p) => p.id === r.id)) continue;
      const staff = r.role !== "complainant";
      people.push({ id: r.id, email: r.email, name: r.name, staff, mode: staff ? r.notification_mode : "each" });
    }
  }
  return people;
}

const noticeKey = (caseId: string, n: Pick<DueNotice, "subject" | "kind">) => `${caseId}|${n.subject}|${n.kind}`;

/**
 * Records and queues the notices one case owes at `now`, in the caller's transaction, with the
 * case row locked (so a command on the case waits, and the notices match the state it leaves).
 * Returns how many notices were newly recorded.
 */
export async function sendDueNoticesFor(trx: Transaction<Database>, caseId: string, now: Date, settings: NoticeSettings): Promise<number> {
  const [loaded] = await loadSwept(trx, [caseId], true);
  if (!loaded) return 0;
  const { row, swept } = loaded;
  // The profile the case keeps (ADR 012), not today's built-in one.
  const due = dueNotices(swept, now, settings, profileOfRow(row));
  if (due.length === 0) return 0;
  const zone = await loadOperatorZone(trx);
  let recorded = 0;
  for (const notice of due) {
    const people = await peopleFor(trx, swept.state, notice.to);
    if (people.length === 0) continue;
    const line = noticeLine(notice, zone);
    const inserted = await trx
      .insertInto("notices")
      .values(
        people.map((p) => ({
          case_id: caseId,
          subject: notice.subject,
          kind: notice.kind,
          recipient_id: p.id,
          template: notice.template,
          delivery: p.mode === "daily" ? ("digest" as const) : ("mail" as const),
          line,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.constraint("notices_once").doNothing())
      .returning(["id", "recipient_id", "delivery"])
      .execute();
    recorded += inserted.length;
    const mailed = inserted.filter((n) => n.delivery === "mail");
    const mails: MailJob[] = mailed.map((n) => {
      const p = people.find((x) => x.id === n.recipient_id)!;
      return {
        template: notice.template,
        to: p.email,
        data: {
          reference: row.reference,
          recipientName: p.name,
          caseUrl: `${appUrl()}${p.staff ? "/cases/" : "/my/cases/"}${row.reference}`,
          audience: p.staff ? "staff" : "complainant",
          ...notice.facts,
        },
      } as MailJob;
    });
    const deliveries = await enqueueMails(trx, mails);
    for (const [i, n] of mailed.entries()) {
      const delivery = deliveries[i];
      if (delivery) await trx.updateTable("notices").set({ mail_delivery_id: delivery.deliveryId }).where("id", "=", n.id).execute();
    }
  }
  return recorded;
}

export interface SweepOptions {
  settings?: NoticeSettings;
  /** Cases read per round (default 200). */
  batchSize?: number;
  /** Called after each case's transaction commits (tests stop a sweep half-way here). */
  afterCase?: (progress: { caseId: string; recorded: number; totalRecorded: number }) => void | Promise<void>;
}

/**
 * One sweep: read the candidate cases in batches without locks, work out their due notices, and
 * open a transaction only for a case that owes one not yet recorded. Cases whose notices were all
 * sent (an overdue case stays overdue) cost one read per sweep, not a transaction.
 */
export async function sweepDeadlines(on: Kysely<Database>, now: Date, options: SweepOptions = {}): Promise<{ candidates: number; notices: number }> {
  const settings = options.settings ?? noticeSettingsFromEnv();
  const batchSize = options.batchSize ?? 200;
  const ids = await sweepCandidates(on, now, settings);
  let total = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const loaded = await loadSwept(on, batch, false);
    const recorded = await on.selectFrom("notices").select(["case_id", "subject", "kind"]).where("case_id", "in", batch).execute();
    const known = new Set(recorded.map((r) => `${r.case_id}|${r.subject}|${r.kind}`));
    for (const { row, swept } of loaded) {
      const owed = dueNotices(swept, now, settings, profileOfRow(row)).filter((n) => !known.has(noticeKey(row.id, n)));
      if (owed.length === 0) continue;
      const count = await on.transaction().execute((trx) => sendDueNoticesFor(trx, row.id, now, settings));
      total += count;
      await options.afterCase?.({ caseId: row.id, recorded: count, totalRecorded: total });
    }
  }
  return { candidates: ids.length, notices: total };
}

// ---- daily digest ----------------------------------------------------------------------

/**
 * One digest mail per member of staff with notices waiting for it. Each person's notices are
 * locked (SKIP LOCKED: a second digest run leaves them to the first), marked digested and the
 * mail queued in one transaction, so each item is in exactly one digest. Only notices recorded
 * before the last 07:00 in the operator's zone go (`lastDigestMoment`): the task runs hourly, and
 * a notice of 07:30 waits for tomorrow's digest instead of making a second one today.
 */
export async function sendNoticeDigests(on: Kysely<Database>, now: Date): Promise<{ digests: number; items: number }> {
  const upTo = lastDigestMoment(now, await loadOperatorZone(on));
  const people = await on
    .selectFrom("notices")
    .select("recipient_id")
    .distinct()
    .where("delivery", "=", "digest")
    .where("digested_at", "is", null)
    .where("created_at", "<=", upTo)
    .execute();
  let digests = 0;
  let items = 0;
  for (const { recipient_id } of people) {
    const sent = await on.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom("notices")
        .innerJoin("cases", "cases.id", "notices.case_id")
        .select(["notices.id", "notices.line", "cases.reference"])
        .where("notices.recipient_id", "=", recipient_id)
        .where("notices.delivery", "=", "digest")
        .where("notices.digested_at", "is", null)
        .where("notices.created_at", "<=", upTo)
        .orderBy("notices.created_at")
        .orderBy("notices.id")
        .limit(1000)
        .forUpdate("notices")
        .skipLocked()
        .execute();
      if (pending.length === 0) return 0;
      // Deactivated since the notices were recorded (or their client was): no digest reaches them.
      const person = await trx
        .selectFrom("users")
        .leftJoin("clients", "clients.id", "users.client_id")
        .select(["users.email", "users.name"])
        .where("users.id", "=", recipient_id)
        .where("users.active", "=", true)
        .where((eb) => eb.or([eb("users.client_id", "is", null), eb("clients.active", "=", true)]))
        .executeTakeFirst();
      if (!person) {
        // Set aside, not kept for a later digest: reactivated, they would get a stale one.
        await trx.updateTable("notices").set({ digested_at: now }).where("id", "in", pending.map((p) => p.id)).execute();
        return 0;
      }
      await enqueueMails(trx, [
        {
          template: "notice_digest",
          to: person.email,
          data: { recipientName: person.name, listUrl: `${appUrl()}/cases`, items: pending.map((p) => ({ reference: p.reference, line: p.line })) },
        },
      ]);
      await trx.updateTable("notices").set({ digested_at: now }).where("id", "in", pending.map((p) => p.id)).execute();
      return pending.length;
    });
    if (sent > 0) {
      digests += 1;
      items += sent;
    }
  }
  return { digests, items };
}

// ---- preferences -----------------------------------------------------------------------

export async function notificationMode(on: Kysely<Database>, userId: string): Promise<"each" | "daily"> {
  const row = await on.selectFrom("users").select("notification_mode").where("id", "=", userId).executeTakeFirst();
  return row?.notification_mode ?? "each";
}

export async function setNotificationMode(on: Kysely<Database>, userId: string, mode: "each" | "daily"): Promise<void> {
  await on.updateTable("users").set({ notification_mode: mode }).where("id", "=", userId).where("role", "in", ["officer", "liaison"]).execute();
}
