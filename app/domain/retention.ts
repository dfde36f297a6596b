// Retention (issue 9 part 4, ADR 026): when a finished case is anonymised, and what a legal hold does.
// Pure: the end of the case, the policy, the hold and `now` are arguments.
import { formatIsoDay } from "./calendar";
import { explainComputation } from "./deadlines";
import { OUTCOMES, isTerminal, type Actor, type DeadlineComputation, type Status } from "./types";

/** What the policy sets a period for: a finished case per outcome, and mail that never became part of a case (ADR 038). */
export const RETENTION_ITEMS = [...OUTCOMES, "unmatched_mail"] as const;
export type RetentionItem = (typeof RETENTION_ITEMS)[number];

/** Months after a case ends, per outcome; months after an unmatched mail was received or dismissed. */
export type RetentionPolicy = Record<RetentionItem, number>;

export const DEFAULT_RETENTION_MONTHS = 36;
export const DEFAULT_UNMATCHED_MAIL_MONTHS = 12;
export const MAX_RETENTION_MONTHS = 1200;
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  resolved: DEFAULT_RETENTION_MONTHS,
  withdrawn: DEFAULT_RETENTION_MONTHS,
  closed: DEFAULT_RETENTION_MONTHS,
  unmatched_mail: DEFAULT_UNMATCHED_MAIL_MONTHS,
};

/** How far ahead the officer's page looks. */
export const RETENTION_LOOKAHEAD_DAYS = 30;

/** The case events that end a case (the latest one is when it ended; a reopened case ends again). A granted erasure request ends too (ADR 051). */
export const ENDING_EVENTS = ["answer_accepted", "award_complied_with", "withdrawn", "closed", "erasure_granted"] as const;

export interface LegalHold {
  reason: string;
  since: string;
  by: string | null;
}

export interface RetentionFacts {
  status: Status;
  /** When the case ended (its latest ending event); null while it runs. */
  endedAt: Date | null;
  legalHold: LegalHold | null;
  anonymisedAt: Date | null;
}

export type RetentionStanding =
  | { kind: "running" }
  | { kind: "anonymised"; at: Date }
  | { kind: "held"; dueAt: Date; hold: LegalHold }
  | { kind: "kept"; dueAt: Date }
  | { kind: "expired"; dueAt: Date };

/** `months` calendar months after `from` (UTC); the 31st plus one month is the last day of the next month. */
export function addMonthsUtc(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** When a finished case falls due for anonymisation under `policy`; null while it runs. */
export function retentionDueAt(facts: Pick<RetentionFacts, "status" | "endedAt">, policy: RetentionPolicy): Date | null {
  if (!isTerminal(facts.status) || !facts.endedAt) return null;
  return addMonthsUtc(facts.endedAt, policy[facts.status]);
}

/** Where a case stands at `now`: only "expired" may be anonymised. */
export function retentionStanding(facts: RetentionFacts, policy: RetentionPolicy, now: Date): RetentionStanding {
  if (facts.anonymisedAt) return { kind: "anonymised", at: facts.anonymisedAt };
  const dueAt = retentionDueAt(facts, policy);
  if (!dueAt) return { kind: "running" };
  if (facts.legalHold) return { kind: "held", dueAt, hold: facts.legalHold };
  return dueAt.getTime() <= now.getTime() ? { kind: "expired", dueAt } : { kind: "kept", dueAt };
}

/** An inbound mail that matched no case, and its intake item if it became one. */
export interface UnmatchedMailFacts {
  receivedAt: Date;
  /** The intake item's state: "open" waits for the officer, like a running case; null when there is none. */
  intake: { status: "open" | "case_opened" | "attached" | "discarded"; decidedAt: Date | null } | null;
}

/**
 * When an unmatched mail is emptied: `unmatched_mail` months after it was received, or after the officer
 * discarded its intake item if that was later. An open intake item is work not done yet: null, never.
 */
export function unmatchedMailDueAt(facts: UnmatchedMailFacts, policy: RetentionPolicy): Date | null {
  if (facts.intake?.status === "open") return null;
  const decided = facts.intake?.decidedAt?.getTime() ?? 0;
  return addMonthsUtc(new Date(Math.max(facts.receivedAt.getTime(), decided)), policy.unmatched_mail);
}

export function isExpired(facts: RetentionFacts, policy: RetentionPolicy, now: Date): boolean {
  return retentionStanding(facts, policy, now).kind === "expired";
}

/** The policy as the settings form sends it: whole months, 1 to 1200, for every outcome and for unmatched mail. */
export function parseRetentionPolicy(input: Record<string, unknown>): { ok: true; policy: RetentionPolicy } | { ok: false; errors: Partial<Record<RetentionItem, string>> } {
  const errors: Partial<Record<RetentionItem, string>> = {};
  const policy = { ...DEFAULT_RETENTION_POLICY };
  for (const outcome of RETENTION_ITEMS) {
    const raw = String(input[outcome] ?? "").trim();
    const months = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(months) || months < 1 || months > MAX_RETENTION_MONTHS) {
      errors[outcome] = `Enter a whole number of months from 1 to ${MAX_RETENTION_MONTHS}.`;
    } else {
      policy[outcome] = months;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, policy };
}

// --- legal hold ------------------------------------------------------------------------------

export type LegalHoldCommand = { type: "place_legal_hold"; reason: string } | { type: "lift_legal_hold"; reason: string };

export type LegalHoldDecision =
  | { ok: true; hold: LegalHold | null; event: { type: "legal_hold_placed" | "legal_hold_lifted"; payload: { reason: string } } }
  | { ok: false; reason: string };

/** Officer only, with a reason; a hold is placed once and lifted once; an anonymised case has nothing left to hold. */
export function decideLegalHold(current: Pick<RetentionFacts, "legalHold" | "anonymisedAt">, command: LegalHoldCommand, actor: Actor, now: Date): LegalHoldDecision {
  if (actor.role !== "officer") return { ok: false, reason: "Only the Security Officer may place or lift a legal hold." };
  if (current.anonymisedAt) return { ok: false, reason: "This case has been anonymised: there is nothing left to hold." };
  const reason = command.reason.trim();
  if (reason.length < 3) return { ok: false, reason: "Give the reason (at least 3 characters)." };
  if (reason.length > 1000) return { ok: false, reason: "Keep the reason under 1000 characters." };
  if (command.type === "place_legal_hold") {
    if (current.legalHold) return { ok: false, reason: "This case is already on legal hold." };
    return { ok: true, hold: { reason, since: now.toISOString(), by: actor.userId }, event: { type: "legal_hold_placed", payload: { reason } } };
  }
  if (!current.legalHold) return { ok: false, reason: "This case is not on legal hold." };
  return { ok: true, hold: null, event: { type: "legal_hold_lifted", payload: { reason } } };
}

// --- what anonymisation replaces ---------------------------------------------------------------

export const ANONYMISED_TEXT = "[anonymised]";

/**
 * The address anonymisation leaves where a complainant's was: the placeholder person anonymised
 * cases point to (migration 014), mail and intake items. `.invalid` cannot be anyone's (RFC 6761).
 */
export const ANONYMISED_ADDRESS = "anonymised@invalid";

/** The address of an account kept, emptied, because the trail still names it. */
export function anonymisedAccountAddress(userId: string): string {
  return `anonymised-${userId}@invalid`;
}

const ANONYMISED_ADDRESSES = /^anonymised(-[0-9a-f-]{36})?@invalid$/i;

/** An address anonymisation wrote: nobody's, so nothing to mask or reveal. */
export function isAnonymisedAddress(address: string | null | undefined): boolean {
  return ANONYMISED_ADDRESSES.test((address ?? "").trim());
}

/**
 * Payload keys of case events that may hold free text or a person's details (reasons, summaries,
 * evidence, addresses, the dispute body's and outside bodies' numbers); their values are replaced.
 * Everything else (stages, outcomes, kinds, dates, ids of staff and clients) stays for the
 * statistics and the trail.
 */
export const FREE_TEXT_EVENT_KEYS = new Set(["reason", "summary", "evidence", "disputeReference", "externalReference", "recipient", "email", "name", "fromAddress", "fromName", "subject", "body", "note", "detail", "error"]);

/**
 * Keys that hold a person's address or an outside body's number on these events only (ADR 059):
 * elsewhere the same key is the trail's own, `from` the stage left (escalated,
 * dma_referral_recorded, arbitration_notice_recorded) and `reference` a case of ours
 * (erasure_granted.kept[]).
 */
export const FREE_TEXT_KEYS_OF_EVENT: Readonly<Record<string, readonly string[]>> = {
  opened_from_intake: ["from"],
  intake_attached: ["from"],
  dpa_referral_recorded: ["reference"],
  dpa_referral_corrected: ["reference", "previousReference"],
};

/** `value` with the free text under FREE_TEXT_EVENT_KEYS (and the keys `also`) replaced, at any depth. */
export function redactFreeText(value: unknown, also: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => redactFreeText(v, also));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const redacted = FREE_TEXT_EVENT_KEYS.has(key) || also.includes(key);
    out[key] = redacted && inner !== null && inner !== undefined ? ANONYMISED_TEXT : redactFreeText(inner, also);
  }
  return out;
}

/** A case's `arbitration` column with its free text replaced, and the authority's number of its referral (dpaReferral.reference). */
export function redactArbitration(arbitration: unknown): unknown {
  return redactFreeText(arbitration, ["reference"]);
}

/** The payload of an event of `type` with its free text replaced and `complainantId` dropped; null when nothing changes. */
export function redactEventPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  const { complainantId: _dropped, ...rest } = payload;
  const out = redactFreeText(rest, FREE_TEXT_KEYS_OF_EVENT[type] ?? []) as Record<string, unknown>;
  return JSON.stringify(out) === JSON.stringify(payload) ? null : out;
}

/** A clock as stored: its sentence and, for one counted since ADR 011, the computation it was written from. */
export interface StoredDeadlineText {
  explanation: string;
  computation: DeadlineComputation | null;
}

/** How extendClock wrote a reason into the sentence of a clock counted before computations were kept. */
const UNCOMPUTED_EXTENSION = /(; extended by the Security Officer to [^:;]+: )([\s\S]*?)(?=; paused from |; extended by the Security Officer to |$)/g;

/**
 * A clock with the officer's reasons for extending it replaced (they may name the person: "Ms
 * Weber is in hospital"); its dates, pauses and counts stay. Each reason is replaced where the
 * sentence quotes it, so the rest reads as stored; a sentence that does not quote it as
 * explainComputation would is written again from the computation. Null when nothing changes.
 */
export function anonymiseDeadlineText(d: StoredDeadlineText): StoredDeadlineText | null {
  const c = d.computation;
  if (!c) {
    const explanation = d.explanation.replace(UNCOMPUTED_EXTENSION, `$1${ANONYMISED_TEXT}`);
    return explanation === d.explanation ? null : { explanation, computation: null };
  }
  const extensions = Array.isArray(c.extensions) ? c.extensions : [];
  if (extensions.every((e) => e.reason === ANONYMISED_TEXT)) return null;
  const computation: DeadlineComputation = { ...c, extensions: extensions.map((e) => ({ ...e, reason: ANONYMISED_TEXT })) };
  let explanation = d.explanation;
  for (const e of extensions) {
    // The new day is later at each extension, so the day makes each quotation unique.
    const quoted = `extended to ${formatIsoDay(e.dueDay)} by the Security Officer: `;
    const at = explanation.indexOf(quoted + e.reason);
    if (at < 0) return { computation, explanation: explainComputation(computation) };
    explanation = explanation.slice(0, at) + quoted + ANONYMISED_TEXT + explanation.slice(at + quoted.length + e.reason.length);
  }
  return { computation, explanation };
}

// --- saved queue views that searched for a person (ADR 038) -----------------------------------

/** Terms shorter than this are not taken for a person's name: a view searching "al" is not about Al. */
const MIN_PERSON_TERM = 3;

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/** The person a sweep removes, as saved views may have searched for them. */
export interface SearchedPerson {
  address: string | null;
  name: string | null;
}

/**
 * What of a person a saved view's search may have been: their address and full name, found
 * anywhere in it ("about Jane Doe again"); and, as the WHOLE search only, each word of their name
 * and each run of its words ("Doe", "Jane", "de Vries"), the parts of a hyphenated name
 * ("Jones" of Smith-Jones) and the address's local part with or without its "@" ("jane.doe",
 * what the queue finds by the address's beginning). A whole-search part never matches inside a
 * longer search: "doe refunds" was not about her.
 */
export function personSearchTerms(person: SearchedPerson): { anywhere: string[]; whole: string[]; nameWords: Set<string>; address: string } {
  const usable = (t: string) => t.length >= MIN_PERSON_TERM && t !== normalise(ANONYMISED_TEXT);
  const anywhere = [person.address, person.name].filter((t): t is string => !!t).map(normalise).filter(usable);
  const whole = new Set<string>();
  const words = normalise(person.name ?? "").split(" ").filter(Boolean);
  for (let from = 0; from < words.length; from++) {
    for (let to = from + 1; to <= words.length; to++) whole.add(words.slice(from, to).join(" "));
    for (const piece of words[from]!.split("-")) whole.add(piece);
  }
  const address = normalise(person.address ?? "");
  const at = address.indexOf("@");
  if (at > 0) {
    whole.add(address.slice(0, at));
    whole.add(address.slice(0, at + 1));
  }
  const nameWords = new Set(words.flatMap((w) => [w, ...w.split("-")]).filter(Boolean));
  return { anywhere, whole: [...whole].filter(usable), nameWords, address };
}

/**
 * A saved view (`query` is the query string of /cases) with the person forgotten (personSearchTerms):
 * a `q` that mentions them is dropped (the other filters stay), a view name that mentions them is
 * replaced. Null when the view does not mention them.
 */
export function scrubSavedFilter(filter: { id: string; name: string; query: string }, person: SearchedPerson): { name?: string; query?: string } | null {
  const { anywhere, whole, nameWords, address } = personSearchTerms(person);
  if (anywhere.length === 0 && whole.length === 0) return null;
  const usable = (t: string) => t.length >= MIN_PERSON_TERM && t !== normalise(ANONYMISED_TEXT);
  const mentions = (text: string) => {
    const t = normalise(text);
    if (anywhere.some((term) => t.includes(term)) || whole.includes(t)) return true;
    // Their name's words in any order ("Keller Maria"), and any beginning of their address past
    // its "@" ("maria.keller@exa"), which the queue's search finds them by too.
    const searched = t.split(" ").filter(Boolean);
    if (usable(t) && searched.length > 0 && searched.every((w) => nameWords.has(w))) return true;
    return usable(t) && t.includes("@") && address.startsWith(t);
  };
  const out: { name?: string; query?: string } = {};
  const params = new URLSearchParams(filter.query);
  const q = params.get("q");
  if (q !== null && mentions(q)) {
    params.delete("q");
    out.query = params.toString();
  }
  // The id keeps the new name unique among the owner's views.
  if (mentions(filter.name)) out.name = `Saved view ${filter.id.slice(0, 8)} (search anonymised)`;
  return Object.keys(out).length ? out : null;
}
