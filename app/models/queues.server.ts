import { sql, type Kysely, type RawBuilder } from "kysely";
import {
  ACTIVE_STATUSES,
  calendarDaysUntil,
  dueSoonEnd,
  likePrefix,
  narrowsCounts,
  optionCountsShown,
  parseSearch,
  tallyQueue,
  type Actor,
  type CountFilters,
  type CountRow,
  type QueueSort,
  type QueueTally,
  type SortDirection,
  type Stage,
  type Status,
} from "~/domain";
import { db } from "~/db/db.server";
import type { Database } from "~/db/schema";
import { listSavedFilters } from "./saved-filters.server";
import { asActor, casesVisibleTo } from "./scope.server";

export interface QueueFilters {
  stage?: Stage;
  /** "open" (default) is every active status. */
  status?: Status | "open" | "all";
  clientId?: string;
  /** "week": due by the end of the 7th calendar day from today in the operator's zone (dueSoonEnd). */
  due?: "overdue" | "week";
  /** Whose cases: the actor's own, or those nobody owns yet. */
  owner?: "mine" | "unassigned";
  /** One search box: a reference or address prefix, or words (ADR 025). */
  q?: string;
  sort?: QueueSort;
  dir?: SortDirection;
  /** Only cases whose answer the complainant rejected (the header's third count). */
  answerRejected?: boolean;
}

export const PAGE_SIZE = 25;
/** The operator's zone when a caller names none (the settings' default). */
const DEFAULT_ZONE = "America/New_York";
/** The sort key of a case without a running deadline: after every dated one. */
const NO_DEADLINE = "infinity";

/**
 * The queue's sort key: the stored column due_key = coalesce(next_due_at, 'infinity') of
 * migration 2026-11-29-017 (ADR 029). Never null, so (key, id) is a plain keyset. A plain column,
 * not the expression: under row-level security only leakproof conditions become index conditions,
 * and PostgreSQL counts COALESCE as leaky, so ranges and cursors on the expression were filters
 * over every open case.
 */
const sortKey = sql<Date | string>`cases.due_key`;
/**
 * "Open" as the partial indexes spell it: literals, not parameters, so that the planner can
 * prove the query's condition implies the index's.
 */
const openStatuses = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)));

/** Keyset cursor: the (sort key, id) of the last row on the page (the default order's). */
export function encodeCursor(nextDue: Date | null, id: string): string {
  return Buffer.from(`${nextDue ? nextDue.toISOString() : NO_DEADLINE}|${id}`).toString("base64url");
}

/** The keyset cursor of any order: the default order's as before, others name their order. */
export function encodeSortCursor(sort: QueueSort, dir: SortDirection, key: Date | null, id: string): string {
  if (sort === "due" && dir === "asc") return encodeCursor(key, id);
  return Buffer.from(`${sort}.${dir}:${key ? key.toISOString() : NO_DEADLINE}|${id}`).toString("base64url");
}

/** A cursor of another order (a changed sort with an old "after") is ignored: page one. */
export function decodeSortCursor(cursor: string, sort: QueueSort, dir: SortDirection): { due: string; id: string } | null {
  if (sort === "due" && dir === "asc") return decodeCursor(cursor);
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const prefix = `${sort}.${dir}:`;
  if (!text.startsWith(prefix)) return null;
  const inner = decodeCursor(Buffer.from(text.slice(prefix.length)).toString("base64url"));
  // Only the deadline has cases without a key.
  if (inner && inner.due === NO_DEADLINE && sort !== "due") return null;
  return inner;
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
export async function listCases(
  actor: Actor,
  filters: QueueFilters,
  cursor: string | null,
  now: Date,
  zone = DEFAULT_ZONE,
  options: { searchSetLimit?: number } = {},
) {
  const rows = await asActor(actor, (trx) => queueRows(trx, actor, filters, cursor, now, zone, options.searchSetLimit));
  return pageOf(rows, filters, now, zone);
}

/** The rows of one page: the search (if any) runs first, in the same transaction as the page. */
async function queueRows(trx: Kysely<Database>, actor: Actor, filters: QueueFilters, cursor: string | null, now: Date, zone: string, searchSetLimit = SEARCH_SET_LIMIT) {
  const search = filters.q ? await searchCondition(trx, filters.q, searchSetLimit) : null;
  return onPagePlan(trx, cursor, search, () => queueQuery(trx, actor, filters, cursor, now, zone, search).execute());
}

/**
 * Runs `page` (the page's own statement) on its kept plan when the page has a cursor and no
 * search: the cursor is a parameter PostgreSQL plans afresh for on every run (4 ms of planning for
 * 1 ms of work at 100,000 cases, ADR 055), and the kept (generic) plan walks the same index for any
 * cursor (tests/integration/queue-plans.test.ts checks those plans). A search's ids stay planned
 * per value; the statements after the page (counts, saved filters) plan as before. `kept`: whether
 * the plan was kept.
 */
export async function onPagePlan<T>(trx: Kysely<Database>, cursor: string | null, search: RawBuilder<boolean> | null, page: (kept: boolean) => Promise<T>): Promise<T> {
  if (!cursor || search) return page(false);
  await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
  const result = await page(true);
  await sql`set local plan_cache_mode to default`.execute(trx);
  return result;
}

/**
 * What the queue page reads from the database as the actor, in ONE transaction (one BEGIN, one
 * set_config, one COMMIT instead of one of each per list): the page of cases, the counts and the
 * actor's saved filters. `zone` (for "in N days" and "due within 7 days") is the request's, which
 * the root loader reads anyway (operatorZoneOf).
 *
 * Two tallies: `whole`, the person's whole queue (the headline figures), and `tally`, counted
 * under the page's other filters for the counts beside each option (the same rows when no filter
 * narrows them), or null while searching (optionCountsShown: no count rather than a wrong one).
 */
export async function loadQueue(actor: Actor, filters: QueueFilters, cursor: string | null, now: Date, zone: string | PromiseLike<string>) {
  const { rows, whole, tally, saved, inZone } = await asActor(actor, async (trx) => {
    const inZone = await zone;
    const rows = await queueRows(trx, actor, filters, cursor, now, inZone);
    const narrowed = optionCountsShown(filters) && narrowsCounts(filters);
    const [whole, under] = await countsIn(trx, now, inZone, narrowed ? [{}, filters] : [{}]);
    const saved = await listSavedFilters(actor, trx);
    return { rows, whole: whole!, tally: optionCountsShown(filters) ? (under ?? whole!) : null, saved, inZone };
  });
  return { ...pageOf(rows, filters, now, inZone), whole, tally, saved };
}

type QueueRow = Awaited<ReturnType<ReturnType<typeof queueQuery>["execute"]>>[number];

function pageOf(rows: QueueRow[], filters: QueueFilters, now: Date, zone: string) {
  const page = rows.slice(0, PAGE_SIZE).map(({ next_due_at, ...r }) => {
    const due = next_due_at ? new Date(next_due_at) : null;
    return { ...r, next_due: due, days_left: due ? calendarDaysUntil(now, due, zone) : null };
  });
  const last = page.at(-1);
  const sort = filters.sort ?? "due";
  const dir = filters.dir ?? "asc";
  const lastKey = (row: NonNullable<typeof last>) => (sort === "due" ? row.next_due : new Date(sort === "opened" ? row.opened_at : row.updated_at));
  return {
    rows: page,
    nextCursor: rows.length > PAGE_SIZE && last ? encodeSortCursor(sort, dir, lastKey(last), last.id) : null,
  };
}

/** The sort key of each order: a column with indexes for the open queue, each client's and each view (migrations 013 and 017). */
function orderKey(sort: QueueSort): RawBuilder<Date | string> {
  if (sort === "opened") return sql<Date>`cases.opened_at`;
  if (sort === "activity") return sql<Date>`cases.updated_at`;
  return sortKey;
}

/**
 * How many matching cases the search hands to the queue as a list of ids; above it, the queue
 * walks its own order and tests each case (ADR 030). At the break-even of the two: a list of N
 * ids costs N index look-ups, a walk about PAGE_SIZE x cases / matches tests.
 */
export const SEARCH_SET_LIMIT = 2000;

/**
 * What the search box asks of the queue (ADR 025, ADR 030): the matching case ids when there are
 * at most `setLimit` of them (a rare word, a reference, an address), found on the GIN index of
 * case_search or the prefix indexes by recourse_search_ids; otherwise (a common word, a short
 * prefix; a word the planner's statistics count in over twice that many cases is not looked up
 * at all, ADR 048) a condition tested on each case as the queue walks its order, so that a page stops
 * after PAGE_SIZE matches instead of building the whole match set. The search functions state
 * the walls themselves: a liaison's words match only their client's cases, and only the words
 * they may read there (parties' messages and staff notes written for their client, never an
 * internal note).
 *
 * Words may also be an address's beginning or a reference's number (parseSearch): a case matching
 * any of them matches, each looked up on its own index in one statement. Exported for the plan tests.
 */
export async function searchCondition(trx: Kysely<Database>, raw: string, setLimit: number = SEARCH_SET_LIMIT): Promise<RawBuilder<boolean> | null> {
  const terms = parseSearch(raw);
  if (!terms) return null;
  const parts: { kind: "reference" | "email" | "number" | "words"; term: string }[] = [];
  if (terms.referencePrefix) parts.push({ kind: "reference", term: likePrefix(terms.referencePrefix) });
  if (terms.emailPrefix) parts.push({ kind: "email", term: likePrefix(terms.emailPrefix) });
  if (terms.referenceNumber) parts.push({ kind: "number", term: terms.referenceNumber });
  if (terms.words) parts.push({ kind: "words", term: terms.words });
  const lookUps = parts.map((p, i) => sql`recourse_search_ids(${p.kind}, ${p.term}, ${setLimit}) as ${sql.id(`ids${i}`)}`);
  const { rows } = await sql<Record<string, string[] | null>>`select ${sql.join(lookUps)}`.execute(trx);
  const found = parts.map((p, i) => ({ ...p, ids: rows[0]?.[`ids${i}`] ?? null }));
  if (found.every((f) => f.ids)) return sql<boolean>`cases.id = any(${sql.val([...new Set(found.flatMap((f) => f.ids!))])}::uuid[])`;
  // Many matches of one kind: tested per case on the queue's walk, the others as their ids.
  return sql<boolean>`(${sql.join(found.map(walkCondition), sql` or `)})`;
}

/**
 * One kind of match as a condition on each case of the walk. References and addresses are columns
 * the reader already sees through row-level security; words need the function, which keeps the walls.
 */
function walkCondition(part: { kind: "reference" | "email" | "number" | "words"; term: string; ids: string[] | null }): RawBuilder<boolean> {
  if (part.ids) return sql<boolean>`cases.id = any(${sql.val(part.ids)}::uuid[])`;
  if (part.kind === "reference") return sql<boolean>`cases.reference like ${part.term}`;
  if (part.kind === "email") return sql<boolean>`cases.complainant_id in (select u.id from users u where u.email like ${part.term})`;
  if (part.kind === "number") return sql<boolean>`split_part(cases.reference, '-', 3) = ${part.term}`;
  return sql<boolean>`recourse_search_match(cases.id, ${part.term})`;
}

/**
 * One page and one row more (to know whether a next page exists); exported for the plan tests.
 * `search` is the search box's condition (searchCondition), computed first in the same transaction.
 */
export function queueQuery(
  on: Kysely<Database>,
  actor: Actor,
  filters: QueueFilters,
  cursor: string | null,
  now: Date,
  zone: string,
  search: RawBuilder<boolean> | null = null,
) {
  let q = casesVisibleTo(actor, on)
    .leftJoin("clients", "clients.id", "cases.client_id")
    .leftJoin("users as liaison", "liaison.id", "cases.liaison_id")
    .leftJoin("users as owner", "owner.id", "cases.owner_id")
    // For the complainant cell, which the page's loader masks (ADR 028).
    .innerJoin("users as complainant", "complainant.id", "cases.complainant_id")
    .select([
      "complainant.name as complainant_name",
      "complainant.email as complainant_email",
      "cases.id",
      "cases.reference",
      "cases.stage",
      "cases.status",
      "cases.category",
      "cases.opened_at",
      "cases.updated_at",
      "cases.next_due_at",
      "cases.owner_id",
      // The bulk actions' checkboxes carry it: a case changed after the page loaded is left alone (ADR 063).
      "cases.version",
      "clients.name as client_name",
      "liaison.name as liaison_name",
      "owner.name as owner_name",
      "complainant.name as complainant_name",
      "complainant.email as complainant_email",
    ]);

  const status = filters.status ?? "open";
  if (status === "open") q = q.where(sql<boolean>`cases.status in (${openStatuses})`);
  else if (status !== "all") q = q.where("cases.status", "=", status);
  if (filters.stage) q = q.where("cases.stage", "=", filters.stage);
  if (filters.clientId) q = q.where("cases.client_id", "=", filters.clientId);
  // next_due_at is null exactly when the key is 'infinity', so these ranges on the key are the
  // ranges on next_due_at, and they run on the same indexes as the order.
  if (filters.due === "overdue") q = q.where(sortKey, "<", now);
  // The badges' days (dueSoonEnd): due by the end of the 7th calendar day in the operator's zone.
  if (filters.due === "week") q = q.where(sortKey, ">=", now).where(sortKey, "<", dueSoonEnd(now, zone));
  // A literal condition, as the partial index cases_answer_rejected spells it.
  if (filters.answerRejected) q = q.where(sql<boolean>`cases.answer_rejected`);

  if (filters.owner === "mine") q = q.where("cases.owner_id", "=", actor.userId);
  if (filters.owner === "unassigned") q = q.where("cases.owner_id", "is", null);
  if (search) q = q.where(search);

  const sort = filters.sort ?? "due";
  const dir = filters.dir ?? "asc";
  const key = orderKey(sort);
  const after = cursor ? decodeSortCursor(cursor, sort, dir) : null;
  if (after?.due === NO_DEADLINE && dir === "asc") {
    // Among the cases without a running deadline, by id. Spelled as an equality, not as the row
    // comparison below: the planner estimates a row comparison by its first column alone
    // ("key > infinity": no rows) and would then sort instead of walking the index.
    q = q.where(sortKey, "=", sql<Date>`'infinity'::timestamptz`).where("cases.id", ">", after.id);
  } else if (after) {
    const bound = sql<Date>`${after.due}::timestamptz`;
    q = q.where((eb) => eb(eb.tuple(key, eb.ref("cases.id")), dir === "asc" ? ">" : "<", eb.tuple(bound, sql<string>`${after.id}::uuid`)));
  }

  return q.orderBy(key, dir).orderBy("cases.id", dir).limit(PAGE_SIZE + 1);
}

/** `activeOnly` for forms that open a case: a deactivated client takes no new cases. */
export async function listClients(options: { activeOnly?: boolean } = {}) {
  let q = db().selectFrom("clients").select(["id", "name"]);
  if (options.activeOnly) q = q.where("active", "=", true);
  return q.orderBy("name").execute();
}

/**
 * The counts beside the filters, for the cases this person may see: from the tables the triggers
 * of migrations 017 and 027 keep (case_counts, case_due_counts, case_owner_due_counts) and two
 * short ranges of next_due_at for the parts of a day at the edges of "overdue" and "due within 7
 * days" (ADR 029, ADR 050): a few dozen buffers whatever the number of cases. Counted under
 * `filters` (client, owner, deadline, answer rejected; the search is not counted) as CountRow
 * says; with none, the person's whole queue. The domain's countCases sums the rows for whatever
 * stage and status are chosen.
 */
export async function queueCounts(actor: Actor, now: Date, filters: CountFilters = {}, zone = DEFAULT_ZONE): Promise<QueueTally> {
  const [tally] = await asActor(actor, (trx) => countsIn(trx, now, zone, [filters]));
  return tally!;
}

type CountsRow = { part: number; stage: string; status: string; n: string; overdue: string; week: string; rejected: string; mine: string; unowned: string };

/** One tally per set of filters, in one statement. */
async function countsIn(trx: Kysely<Database>, now: Date, zone: string, sets: CountFilters[]): Promise<QueueTally[]> {
  const weekEnd = dueSoonEnd(now, zone);
  // The walls are stated inside the function (a liaison: their client's cases only, whatever client is asked for).
  const each = sets.map(
    (f, i) => sql`select ${sql.lit(i)}::int as part, c.* from recourse_queue_counts(${now}::timestamptz, ${weekEnd}::timestamptz,
      ${f.clientId ?? null}::uuid, ${f.owner ?? null}::text, ${f.due ?? null}::text, ${f.answerRejected ?? false}::boolean) c`,
  );
  const { rows } = await sql<CountsRow>`${sql.join(each, sql` union all `)}`.execute(trx);
  return sets.map((_, i) =>
    tallyQueue(
      rows
        .filter((r) => Number(r.part) === i)
        .map(
          (r): CountRow => ({
            stage: r.stage as Stage,
            status: r.status as Status,
            n: Number(r.n),
            overdue: Number(r.overdue),
            week: Number(r.week),
            rejected: Number(r.rejected),
            mine: Number(r.mine),
            unowned: Number(r.unowned),
          }),
        ),
    ),
  );
}
