import { sql } from "kysely";
import { ACTIVE_STATUSES, wholeDaysUntil, type Actor, type Stage, type Status } from "~/domain";
import { db } from "~/db/db.server";
import { casesVisibleTo } from "./scope.server";

export interface QueueFilters {
  stage?: Stage;
  /** "open" (default) is every active status. */
  status?: Status | "open" | "all";
  clientId?: string;
  due?: "overdue" | "week";
}

export const PAGE_SIZE = 25;
const FAR_FUTURE = "9999-12-31T00:00:00.000Z";

/** Keyset cursor: the (next due date, id) of the last row on the page. */
export function encodeCursor(nextDue: Date | null, id: string): string {
  return Buffer.from(`${nextDue ? nextDue.toISOString() : FAR_FUTURE}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { due: string; id: string } | null {
  const [due, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // Only what encodeCursor writes; anything else is ignored rather than sent to the database.
  if (!due || !id || Number.isNaN(Date.parse(due)) || new Date(due).toISOString() !== due) return null;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  return { due, id };
}

/** Cases for a queue, nearest running deadline first (paused and met clocks do not count). */
export async function listCases(actor: Actor, filters: QueueFilters, cursor: string | null, now: Date) {
  const nextDue = sql<Date | null>`(
    select min(d.due_at) from case_deadlines d
    where d.case_id = cases.id and d.stage = cases.stage and d.met_at is null and d.paused_at is null
      and cases.status in (${sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)))})
  )`;
  const sortKey = sql<Date>`coalesce(${nextDue}, ${sql.lit(FAR_FUTURE)}::timestamptz)`;

  let q = casesVisibleTo(actor, db())
    .leftJoin("clients", "clients.id", "cases.client_id")
    .leftJoin("users as liaison", "liaison.id", "cases.liaison_id")
    .select([
      "cases.id",
      "cases.reference",
      "cases.stage",
      "cases.status",
      "cases.category",
      "cases.opened_at",
      "cases.updated_at",
      "clients.name as client_name",
      "liaison.name as liaison_name",
      nextDue.as("next_due"),
      sortKey.as("sort_key"),
    ]);

  const status = filters.status ?? "open";
  if (status === "open") q = q.where("cases.status", "in", [...ACTIVE_STATUSES]);
  else if (status !== "all") q = q.where("cases.status", "=", status);
  if (filters.stage) q = q.where("cases.stage", "=", filters.stage);
  if (filters.clientId) q = q.where("cases.client_id", "=", filters.clientId);
  if (filters.due === "overdue") q = q.where(nextDue, "<", now);
  if (filters.due === "week") q = q.where(nextDue, ">=", now).where(nextDue, "<", new Date(now.getTime() + 7 * 86_400_000));

  const after = cursor ? decodeCursor(cursor) : null;
  if (after) {
    q = q.where((eb) => eb(eb.tuple(sortKey, eb.ref("cases.id")), ">", eb.tuple(sql<Date>`${after.due}::timestamptz`, sql<string>`${after.id}::uuid`)));
  }

  const rows = await q.orderBy(sortKey).orderBy("cases.id").limit(PAGE_SIZE + 1).execute();
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map((r) => {
      const due = r.next_due ? new Date(r.next_due) : null;
      return { ...r, next_due: due, days_left: due ? wholeDaysUntil(now, due) : null };
    }),
    nextCursor: rows.length > PAGE_SIZE && last ? encodeCursor(last.next_due ? new Date(last.next_due) : null, last.id) : null,
  };
}

export async function listClients() {
  return db().selectFrom("clients").select(["id", "name"]).orderBy("name").execute();
}
