import { sql, type Kysely } from "kysely";
import { ACTIVE_STATUSES, calendarDaysUntil, type Actor, type Stage, type Status } from "~/domain";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { asActor, casesVisibleTo } from "./scope.server";

export interface QueueFilters {
  stage?: Stage;
  /** "open" (default) is every active status. */
  status?: Status | "open" | "all";
  clientId?: string;
  due?: "overdue" | "week";
  /** Only cases whose answer the complainant rejected (the header's third count). */
  answerRejected?: boolean;
}

export const PAGE_SIZE = 25;
/** The sort key of a case without a running deadline: after every dated one. */
const NO_DEADLINE = "infinity";

/**
 * The queue's sort key, exactly as the indexes of migrations/2026-11-28-001-queue-next-due.ts
 * spell it (the planner matches index expressions textually). Never null, so (key, id) is a
 * plain keyset.
 */
const sortKey = sql<Date | string>`coalesce(cases.next_due_at, 'infinity'::timestamptz)`;
/**
 * "Open" as the partial indexes spell it: literals, not parameters, so that the planner can
 * prove the query's condition implies the index's.
 */
const openStatuses = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)));

/** Keyset cursor: the (sort key, id) of the last row on the page. */
export function encodeCursor(nextDue: Date | null, id: string): string {
  return Buffer.from(`${nextDue ? nextDue.toISOString() : NO_DEADLINE}|${id}`).toString("base64url");
}

const ISO_INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCursor(cursor: string): { due: string; id: string } | null {
  const [due, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // Only what encodeCursor writes; anything else is ignored rather than sent to the database.
  if (!due || !id || rest.length > 0 || !UUID.test(id)) return null;
  if (due === NO_DEADLINE) return { due, id };
  if (!ISO_INSTANT.test(due) || Number.isNaN(Date.parse(due)) || new Date(due).toISOString() !== due) return null;
  return { due, id };
}

/**
 * Cases for a queue, nearest running deadline first (paused and met clocks do not count).
 * Every filter is a condition on indexed columns of cases (stage, status, client_id and the sort
 * key), so a page reads about PAGE_SIZE index entries whatever the number of cases.
 */
export async function listCases(actor: Actor, filters: QueueFilters, cursor: string | null, now: Date, zone = "America/New_York") {
  const rows = await asActor(actor, (trx) => queueQuery(trx, actor, filters, cursor, now).execute());
  const page = rows.slice(0, PAGE_SIZE).map(({ next_due_at, ...r }) => {
    const due = next_due_at ? new Date(next_due_at) : null;
    return { ...r, next_due: due, days_left: due ? calendarDaysUntil(now, due, zone) : null };
  });
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last.next_due, last.id) : null,
  };
}

/** One page and one row more (to know whether a next page exists); exported for the plan tests. */
export function queueQuery(on: Kysely<Database>, actor: Actor, filters: QueueFilters, cursor: string | null, now: Date) {
  let q = casesVisibleTo(actor, on)
    .leftJoin("clients", "clients.id", "cases.client_id")
    .leftJoin("users as liaison", "liaison.id", "cases.liaison_id")
    .select([
      "cases.id",
      "cases.reference",
      "cases.stage",
      "cases.status",
      "cases.category",
      "cases.opened_at",
      "cases.next_due_at",
      "clients.name as client_name",
      "liaison.name as liaison_name",
    ]);

  const status = filters.status ?? "open";
  if (status === "open") q = q.where(sql<boolean>`cases.status in (${openStatuses})`);
  else if (status !== "all") q = q.where("cases.status", "=", status);
  if (filters.stage) q = q.where("cases.stage", "=", filters.stage);
  if (filters.clientId) q = q.where("cases.client_id", "=", filters.clientId);
  // next_due_at is null exactly when the key is 'infinity', so these ranges on the key are the
  // ranges on next_due_at, and they run on the same indexes as the order.
  if (filters.due === "overdue") q = q.where(sortKey, "<", now);
  if (filters.due === "week") q = q.where(sortKey, ">=", now).where(sortKey, "<", new Date(now.getTime() + 7 * 86_400_000));
  // A literal condition, as the partial index cases_answer_rejected spells it.
  if (filters.answerRejected) q = q.where(sql<boolean>`cases.answer_rejected`);

  const after = cursor ? decodeCursor(cursor) : null;
  if (after?.due === NO_DEADLINE) {
    // Among the cases without a running deadline, by id. Spelled as an equality, not as the row
    // comparison below: the planner estimates a row comparison by its first column alone
    // ("key > infinity": no rows) and would then sort instead of walking the index.
    q = q.where(sortKey, "=", sql<Date>`'infinity'::timestamptz`).where("cases.id", ">", after.id);
  } else if (after) {
    q = q.where((eb) => eb(eb.tuple(sortKey, eb.ref("cases.id")), ">", eb.tuple(sql<Date>`${after.due}::timestamptz`, sql<string>`${after.id}::uuid`)));
  }

  return q.orderBy(sortKey).orderBy("cases.id").limit(PAGE_SIZE + 1);
}

/** `activeOnly` for forms that open a case: a deactivated client takes no new cases. */
export async function listClients(options: { activeOnly?: boolean } = {}) {
  let q = db().selectFrom("clients").select(["id", "name"]);
  if (options.activeOnly) q = q.where("active", "=", true);
  return q.orderBy("name").execute();
}

export interface QueueCounts {
  overdue: number;
  dueThisWeek: number;
  answerRejected: number;
}

/**
 * The queue header's counts, for the cases this person may see. "Overdue" and "due this week"
 * are ranges on the same sort key as the queue (the cases_queue_open* indexes), "answer
 * rejected" runs on the partial index cases_answer_rejected: none of them reads every open case.
 */
export async function queueCounts(actor: Actor, now: Date): Promise<QueueCounts> {
  const weekEnd = new Date(now.getTime() + 7 * 86_400_000);
  const count = sql<string>`count(*)`.as("n");
  const [overdue, week, rejected] = await asActor(actor, (trx) => {
    const open = () => casesVisibleTo(actor, trx).where(sql<boolean>`cases.status in (${openStatuses})`);
    return Promise.all([
      open().select(count).where(sortKey, "<", now).executeTakeFirstOrThrow(),
      open().select(count).where(sortKey, ">=", now).where(sortKey, "<", weekEnd).executeTakeFirstOrThrow(),
      // A literal condition, as the partial index spells it.
      open().select(count).where(sql<boolean>`cases.answer_rejected`).executeTakeFirstOrThrow(),
    ]);
  });
  return { overdue: Number(overdue.n), dueThisWeek: Number(week.n), answerRejected: Number(rejected.n) };
}
