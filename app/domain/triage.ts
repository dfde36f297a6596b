// Triage rules (issue 9, item 1; ADR 025): who may own a case, how the queue is searched and
// sorted, and what a bulk action reports. Pure: no I/O, no clock.
import { localDay, startOfDay } from "./calendar";
import { formatSequence } from "./reference";
import { refuse, type Refusal } from "./refusals";
import { ACTIVE_STATUSES, type CaseState, type Role, type Stage, type Status } from "./types";

/** Who a proposed owner is, as the model looked them up (null: no such active officer or liaison). */
export interface OwnerCandidate {
  id: string;
  role: Role;
  clientId: string | null;
  active: boolean;
}

/**
 * An owner is an active officer, or an active liaison of the case's own client: the person who
 * works the case must be able to see it (a liaison of another client could not, ADR 018).
 * No owner (null) is always allowed: that is the "unassigned" view.
 */
export function ownerRefusal(state: Pick<CaseState, "clientId">, candidate: OwnerCandidate | null, ownerId: string | null): Refusal | null {
  if (ownerId === null) return null;
  if (!candidate || candidate.id !== ownerId || !candidate.active) return refuse("invalid", "That person is not an active member of staff.");
  if (candidate.role === "officer") return null;
  if (candidate.role === "liaison" && state.clientId !== null && candidate.clientId === state.clientId) return null;
  if (candidate.role === "liaison") return refuse("invalid", "That liaison works for a different client company, so they cannot own this case.");
  return refuse("invalid", "Only an officer or a liaison of the case's client can own a case.");
}

/**
 * Choosing the owner a case already has (or "nobody" for an unowned case) changes nothing, so it
 * is refused: no event, no new version, and a bulk action does not count it as a change (ADR 063).
 */
export function sameOwnerRefusal(state: Pick<CaseState, "ownerId">, ownerId: string | null): Refusal | null {
  if ((state.ownerId ?? null) !== ownerId) return null;
  return refuse("already_recorded", ownerId === null ? "This case has no owner already." : "This case is already owned by them.");
}

// ---- the queue's client filter ------------------------------------------------------------------

/** Whether a name typed in the client filter is this client's whole name (case and spaces aside). */
export function sameClientName(typed: string, name: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLocaleLowerCase("en-US");
  return norm(typed) === norm(name);
}

/**
 * The client a search of the queue's client filter picks by itself (issue 5): the one whose whole
 * name was typed, else the only match; null when the officer must choose among several or none.
 */
export function clientPicked<C extends { name: string }>(typed: string, found: { clients: C[]; more: boolean }): C | null {
  const exact = found.clients.filter((c) => sameClientName(typed, c.name));
  if (exact.length === 1) return exact[0]!;
  return found.clients.length === 1 && !found.more ? found.clients[0]! : null;
}

// ---- sort ---------------------------------------------------------------------------------------

export const QUEUE_SORTS = ["due", "opened", "activity"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const SORT_LABELS: Record<QueueSort, string> = {
  due: "Next deadline",
  opened: "Opened",
  activity: "Last activity",
};

export function describeSort(sort: QueueSort, dir: SortDirection): string {
  switch (sort) {
    case "due":
      return dir === "asc" ? "Nearest deadline first" : "Furthest deadline first (cases without a running deadline first)";
    case "opened":
      return dir === "asc" ? "Oldest case first" : "Newest case first";
    case "activity":
      return dir === "asc" ? "Least recently active first" : "Most recently active first";
  }
}

// ---- "due within 7 days" -----------------------------------------------------------------------

/** How many calendar days ahead the queue's "due within" filter and count look. */
export const DUE_SOON_DAYS = 7;

/**
 * Where "due within 7 days" ends: the end of the 7th calendar day after today in the operator's
 * zone (exclusive: the first instant of the 8th). The same days as the badges count
 * (calendarDaysUntil): a case whose badge says "due in 7 days" is in, "due in 8 days" is out,
 * whatever the hour of `now` and however long the days in between are (a change of clocks).
 */
export function dueSoonEnd(now: Date, zone: string): Date {
  return startOfDay(localDay(now, zone) + DUE_SOON_DAYS + 1, zone);
}

/** Whether a running deadline is "due within 7 days" at `now`: not yet past, and due by dueSoonEnd. */
export function isDueSoon(due: Date, now: Date, zone: string): boolean {
  return due.getTime() >= now.getTime() && due.getTime() < dueSoonEnd(now, zone).getTime();
}

// ---- search -------------------------------------------------------------------------------------

/** A case reference as the app writes it (PS-2026-000123), whole or its beginning. */
const REFERENCE_PREFIX = /^[A-Z]{2,4}-\d{0,4}(-\d{0,6})?$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]*$/;
/** A reference's number alone ("000123" or "123", the end of PS-2026-000123). */
const REFERENCE_NUMBER = /^\d{1,9}$/;
/** What an address may hold before its "@" (the atom characters of RFC 5322, and dots). */
const ADDRESS_START = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/i;
/**
 * The shortest text without an "@" also taken for the beginning of an address: one or two
 * letters begin thousands of addresses and name no one (typed with the "@", "jo@" still finds jo@…).
 */
export const MIN_ADDRESS_START = 3;

export interface SearchTerms {
  /** The text as typed, trimmed; what the page shows back. */
  text: string;
  /** Upper-cased reference prefix, when the text looks like the start of a reference. */
  referencePrefix: string | null;
  /** Lower-cased e-mail prefix: the text with an @, or a single word that could be an address's local part, with its @ added. */
  emailPrefix: string | null;
  /** The number part of a reference as the app writes it ("000006"), when the text is a number. */
  referenceNumber: string | null;
  /** Words for full-text search (plainto_tsquery semantics: every word must occur). */
  words: string | null;
}

/**
 * What one search box means. A reference ("PS-2026-0001", "ps-2026") and an address ("jo@ex")
 * are matched exactly or by their beginning. Anything else is words, searched in the complaint,
 * the messages the reader may see and the complainant's name; and also, a case matching either:
 * - a single word of address characters (at least MIN_ADDRESS_START) as the whole part of the
 *   complainant's address before its @ ("maria.keller" finds maria.keller@example.eu). Not as any
 *   beginning: lists show addresses masked ("ma***@example.eu"), and growing a prefix letter by
 *   letter would spell out an address without the recorded reveal (ADR 028);
 * - a number as a reference's number part, leading zeros aside ("000006" and "6" find
 *   PS-2026-000006, and the same number of any other year or framework).
 * LIKE's wildcards in the typed text are escaped by the caller's query, never interpreted.
 */
export function parseSearch(raw: string | null | undefined): SearchTerms | null {
  const text = (raw ?? "").replace(/\s+/g, " ").trim();
  if (!text) return null;
  const upper = text.toUpperCase();
  const none = { text, referencePrefix: null, emailPrefix: null, referenceNumber: null, words: null };
  if (REFERENCE_PREFIX.test(upper) && upper.includes("-")) return { ...none, referencePrefix: upper };
  if (EMAIL_LIKE.test(text)) return { ...none, emailPrefix: text.toLowerCase() };
  const addressStart = text.length >= MIN_ADDRESS_START && ADDRESS_START.test(text) ? `${text.toLowerCase()}@` : null;
  const number = REFERENCE_NUMBER.test(text) && Number(text) > 0 ? formatSequence(Number(text)) : null;
  return { ...none, emailPrefix: addressStart, referenceNumber: number, words: text };
}

/** Escapes LIKE's wildcards so a typed % or _ matches itself. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ---- bulk actions -------------------------------------------------------------------------------

export const BULK_LIMIT = 100;

/**
 * Why a selected case was not changed when its version moved after the queue page was loaded:
 * the person chose it on what the page showed then (ADR 063).
 */
export const CHANGED_SINCE_LOADED = "It changed after this page was loaded. Open the case to see what changed, then choose again.";

/** A bulk action's result, case by case: changed, already as asked (left alone), or refused. */
export interface BulkOutcome {
  done: string[];
  unchanged: { reference: string; reason: string }[];
  refused: { reference: string; reason: string }[];
}

/** One sentence per outcome, for the page after a bulk action; only real changes are counted. */
export function summariseBulk(action: "closed" | "assigned" | "unassigned", outcome: BulkOutcome): string[] {
  const lines: string[] = [];
  const n = outcome.done.length;
  if (n > 0) lines.push(`${n} ${n === 1 ? "case" : "cases"} ${action}: ${outcome.done.join(", ")}.`);
  for (const r of outcome.unchanged) lines.push(`${r.reference} was left as it was: ${r.reason}`);
  for (const r of outcome.refused) lines.push(`${r.reference} was not ${action}: ${r.reason}`);
  if (n === 0 && outcome.unchanged.length === 0 && outcome.refused.length === 0) lines.push("No cases were selected.");
  return lines;
}

// ---- counts per filter --------------------------------------------------------------------------

/**
 * One row of the grouped count: the cases of one stage in one status. Each measure counts the
 * cases the page would list with that filter chosen and every OTHER filter of the page as it is
 * (client, owner, deadline, answer rejected; stage and status are the row): `n` under all of
 * them; `overdue` and `week` whatever the deadline filter says; `mine` and `unowned` whatever the
 * owner filter says; `rejected` whatever the answer filter says. Counted with no filter at all,
 * the rows are the person's whole queue (the headline figures).
 */
export interface CountRow {
  stage: Stage;
  status: Status;
  n: number;
  overdue: number;
  week: number;
  rejected: number;
  mine: number;
  unowned: number;
}
export type QueueTally = CountRow[];
export type CountMeasure = Exclude<keyof CountRow, "stage" | "status">;

/** The rows of the tally; kept as rows so that every combination of stage and status can be summed. */
export function tallyQueue(rows: CountRow[]): QueueTally {
  return rows;
}

/**
 * How many cases a filter holds: the tally summed over the chosen stage (or every stage) and the
 * chosen status ("open": the active ones, "all": every one). With a tally counted under the
 * page's other filters (see CountRow), each select option's count is the count the page would
 * show if that option were chosen with the others as they are.
 */
export function countCases(tally: QueueTally, filter: { stage?: Stage | null; status?: Status | "open" | "all" | null }, measure: CountMeasure = "n"): number {
  const status = filter.status ?? "open";
  let sum = 0;
  for (const row of tally) {
    if (filter.stage && row.stage !== filter.stage) continue;
    if (status === "open" && !(ACTIVE_STATUSES as readonly Status[]).includes(row.status)) continue;
    if (status !== "open" && status !== "all" && row.status !== status) continue;
    sum += row[measure];
  }
  return sum;
}

/** The filters the counts beside the options honour (stage and status are the tally's rows). */
export interface CountFilters {
  clientId?: string | null;
  owner?: "mine" | "unassigned" | null;
  due?: "overdue" | "week" | null;
  answerRejected?: boolean | null;
}

/** Whether the counts under these filters differ from the whole queue's (else one count serves both). */
export function narrowsCounts(filters: CountFilters): boolean {
  return Boolean(filters.clientId || filters.owner || filters.due || filters.answerRejected);
}

/**
 * Whether the options can show counts: not while searching. An exact count per option would need
 * the search itself for every option (for a common word, every matching case), which the queue
 * never does; a count that ignored the search would be wrong, so none is shown.
 */
export function optionCountsShown(filters: { q?: string | null }): boolean {
  return parseSearch(filters.q) === null;
}
