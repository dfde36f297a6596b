// Triage rules (issue 9, item 1; ADR 025): who may own a case, how the queue is searched and
// sorted, and what a bulk action reports. Pure: no I/O, no clock.
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

// ---- search -------------------------------------------------------------------------------------

/** A case reference as the app writes it (PS-2026-000123), whole or its beginning. */
const REFERENCE_PREFIX = /^[A-Z]{2,4}-\d{0,4}(-\d{0,6})?$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]*$/;

export interface SearchTerms {
  /** The text as typed, trimmed; what the page shows back. */
  text: string;
  /** Upper-cased reference prefix, when the text looks like the start of a reference. */
  referencePrefix: string | null;
  /** Lower-cased e-mail prefix, when the text contains an @. */
  emailPrefix: string | null;
  /** Words for full-text search (plainto_tsquery semantics: every word must occur). */
  words: string | null;
}

/**
 * What one search box means. A reference ("PS-2026-0001", "ps-2026") and an address ("jo@ex")
 * are matched exactly or by their beginning; anything else is words, searched in the complaint,
 * the messages the reader may see and the complainant's name. LIKE's wildcards in the typed text
 * are escaped by the caller's query, never interpreted.
 */
export function parseSearch(raw: string | null | undefined): SearchTerms | null {
  const text = (raw ?? "").replace(/\s+/g, " ").trim();
  if (!text) return null;
  const upper = text.toUpperCase();
  if (REFERENCE_PREFIX.test(upper) && upper.includes("-")) return { text, referencePrefix: upper, emailPrefix: null, words: null };
  if (EMAIL_LIKE.test(text)) return { text, referencePrefix: null, emailPrefix: text.toLowerCase(), words: null };
  return { text, referencePrefix: null, emailPrefix: null, words: text };
}

/** Escapes LIKE's wildcards so a typed % or _ matches itself. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ---- bulk actions -------------------------------------------------------------------------------

export const BULK_LIMIT = 100;

export interface BulkOutcome {
  done: string[];
  refused: { reference: string; reason: string }[];
}

/** One sentence per outcome, for the page after a bulk action. */
export function summariseBulk(action: "closed" | "assigned" | "unassigned", outcome: BulkOutcome): string[] {
  const lines: string[] = [];
  const n = outcome.done.length;
  if (n > 0) lines.push(`${n} ${n === 1 ? "case" : "cases"} ${action}: ${outcome.done.join(", ")}.`);
  for (const r of outcome.refused) lines.push(`${r.reference} was not ${action}: ${r.reason}`);
  if (n === 0 && outcome.refused.length === 0) lines.push("No cases were selected.");
  return lines;
}

// ---- counts per filter --------------------------------------------------------------------------

/** One row of the grouped count: the cases of one stage in one status, and how many of them match each view. */
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
 * chosen status ("open": the active ones, "all": every one). Each select option's count is the
 * count the page would show if that option were chosen with the others as they are.
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
