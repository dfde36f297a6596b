import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import {
  ANONYMISED_ADDRESS,
  ANONYMISED_TEXT,
  anonymisedAccountAddress,
  DEFAULT_RETENTION_POLICY,
  ENDING_EVENTS,
  RETENTION_ITEMS,
  RETENTION_LOOKAHEAD_DAYS,
  anonymiseDeadlineText,
  decideLegalHold,
  erasureStanding,
  isTerminal,
  redactArbitration,
  redactEventPayload,
  redactFreeText,
  retentionStanding,
  scrubSavedFilter,
  type Actor,
  type DeadlineComputation,
  type ErasureKeptReason,
  type LegalHold,
  type LegalHoldCommand,
  type Outcome,
  type RetentionFacts,
  type RetentionItem,
  type RetentionPolicy,
  type RetentionStanding,
  type SearchedPerson,
  type Status,
} from "~/domain";
import type { Database } from "~/db/schema";
import { verifyEventChains } from "./audit.server";
import { recordEvents } from "./case-commands.server";
import { erasureFactsOf } from "./erasure.server";
import { asActor } from "./scope.server";

// Retention and anonymisation (issue 9 part 4, ADR 026). The rule is app/domain/retention.ts;
// here: the policy's table, the legal hold, the officer's outlook and the daily sweep.

/** The placeholder complainant anonymised cases point to (migration 2026-11-29-014-retention). */
export const ANONYMISED_COMPLAINANT_ID = "00000000-0000-4000-8000-00000000a000";
const EMPTY_SHA256 = createHash("sha256").update(Buffer.alloc(0)).digest("hex");

/** What becomes of an inbound mail's text, a case's or one that matched none: the original, the addresses, the text and the files' names go. */
const EMPTIED_INBOUND_MAIL = sql`raw = ''::bytea, raw_size = 0, envelope_from = null, envelope_to = '{}', from_address = null,
  from_name = null, subject = null, full_text = '', new_text = '', note = null,
  attachments = coalesce((select jsonb_agg(a || jsonb_build_object('name', ${ANONYMISED_TEXT}::text)
      || case when a->'reason' is null then '{}'::jsonb else jsonb_build_object('reason', ${ANONYMISED_TEXT}::text) end)
    from jsonb_array_elements(attachments) a), '[]'::jsonb)`;
/** An intake item of such a mail: the addresses and text go; its status, reason and dates stay. */
const EMPTIED_INTAKE_ITEM = sql`from_address = ${ANONYMISED_ADDRESS}, from_name = '', subject = '', body = '',
  discard_reason = case when discard_reason is null then null else ${ANONYMISED_TEXT} end`;

type Q = Kysely<Database>;

export async function loadRetentionPolicy(q: Q): Promise<RetentionPolicy> {
  const rows = await q.selectFrom("retention_policies").select(["outcome", "retain_months"]).execute();
  const policy = { ...DEFAULT_RETENTION_POLICY };
  for (const r of rows) if ((RETENTION_ITEMS as readonly string[]).includes(r.outcome)) policy[r.outcome] = r.retain_months;
  return policy;
}

export interface RetentionSettings {
  policy: RetentionPolicy;
  updatedAt: Date | null;
  updatedBy: string | null;
  /** The latest changes, newest first: who changed which item from how many months to how many. */
  changes: { id: string; item: RetentionItem; before: number; after: number; at: Date; by: string | null }[];
}

/** How many changes the settings page lists. */
const CHANGES_SHOWN = 20;

export function loadRetentionSettings(actor: Actor): Promise<RetentionSettings> {
  return asActor(actor, async (trx) => {
    const policy = await loadRetentionPolicy(trx);
    const last = await trx
      .selectFrom("retention_policies as p")
      .leftJoin("users as u", "u.id", "p.updated_by")
      .select(["p.updated_at", "u.name"])
      .orderBy("p.updated_at", "desc")
      .executeTakeFirst();
    const changes = await trx
      .selectFrom("retention_policy_changes as c")
      .leftJoin("users as u", "u.id", "c.actor_id")
      .select(["c.id", "c.item", "c.before_months", "c.after_months", "c.created_at", "u.name"])
      .orderBy("c.created_at", "desc")
      .orderBy("c.id", "desc")
      .limit(CHANGES_SHOWN)
      .execute();
    return {
      policy,
      updatedAt: last?.updated_at ?? null,
      updatedBy: last?.name ?? null,
      changes: changes.map((c) => ({ id: c.id, item: c.item, before: c.before_months, after: c.after_months, at: c.created_at, by: c.name })),
    };
  });
}

/**
 * Officer only (the route checks; the tables' policies refuse anyone else). Each item whose months
 * change is recorded in retention_policy_changes, in the same transaction.
 */
export function updateRetentionPolicy(actor: Actor, policy: RetentionPolicy, now: Date): Promise<void> {
  return asActor(actor, async (trx) => {
    const before = await trx.selectFrom("retention_policies").select(["outcome", "retain_months"]).forUpdate().execute();
    for (const outcome of RETENTION_ITEMS) {
      const was = before.find((r) => r.outcome === outcome)?.retain_months;
      if (was === undefined || was === policy[outcome]) continue;
      await trx
        .updateTable("retention_policies")
        .set({ retain_months: policy[outcome], updated_at: now, updated_by: actor.userId })
        .where("outcome", "=", outcome)
        .execute();
      await trx
        .insertInto("retention_policy_changes")
        .values({ item: outcome, before_months: was, after_months: policy[outcome], actor_id: actor.userId, created_at: now })
        .execute();
    }
  });
}

// --- facts of a case -------------------------------------------------------------------------

interface FactsRow {
  id: string;
  reference: string;
  status: string;
  complainant_id: string;
  legal_hold: unknown;
  anonymised_at: Date | null;
  ended_at: Date | null;
}

/** When each case ended: its latest ending event (a reopened case ends again). */
const endedAt = sql<Date | null>`(select max(e.created_at) from case_events e where e.case_id = cases.id and e.type in (${sql.join(ENDING_EVENTS.map((t) => sql.lit(t)))}))`;

function factsOf(row: FactsRow): RetentionFacts {
  return {
    status: row.status as Status,
    endedAt: row.ended_at ? new Date(row.ended_at) : null,
    legalHold: (row.legal_hold as LegalHold | null) ?? null,
    anonymisedAt: row.anonymised_at,
  };
}

const factColumns = ["cases.id", "cases.reference", "cases.status", "cases.complainant_id", "cases.legal_hold", "cases.anonymised_at"] as const;

/** The case page's retention box (officer only): where the case stands, in the caller's transaction (the case page reads everything in one). */
export async function retentionOfCase(trx: Kysely<Database>, actor: Actor, reference: string, now: Date): Promise<{ standing: RetentionStanding; hold: LegalHold | null } | null> {
  if (actor.role !== "officer") return null;
  const row = await trx.selectFrom("cases").select([...factColumns, endedAt.as("ended_at")]).where("reference", "=", reference).executeTakeFirst();
  if (!row) return null;
  const facts = factsOf(row as FactsRow);
  return { standing: retentionStanding(facts, await loadRetentionPolicy(trx), now), hold: facts.legalHold };
}

// --- legal hold ----------------------------------------------------------------------------------

export type HoldOutcome = { ok: true } | { ok: false; status: 400 | 404; reason: string };

/** Places or lifts a legal hold: the column and its case event in one transaction. */
export function changeLegalHold(actor: Actor, reference: string, command: LegalHoldCommand, now: Date): Promise<HoldOutcome> {
  return asActor(actor, async (trx) => {
    const row = await trx.selectFrom("cases").select(["id", "legal_hold", "anonymised_at"]).where("reference", "=", reference).forUpdate().executeTakeFirst();
    if (!row) return { ok: false, status: 404, reason: "There is no such case." };
    const decision = decideLegalHold({ legalHold: (row.legal_hold as LegalHold | null) ?? null, anonymisedAt: row.anonymised_at ?? null }, command, actor, now);
    if (!decision.ok) return { ok: false, status: 400, reason: decision.reason };
    await trx.updateTable("cases").set({ legal_hold: decision.hold ? JSON.stringify(decision.hold) : null }).where("id", "=", row.id).execute();
    await recordEvents(trx, row.id, actor, [decision.event], now);
    return { ok: true };
  });
}

// --- the officer's outlook -----------------------------------------------------------------------

export interface OutlookRow {
  reference: string;
  status: Outcome;
  endedAt: Date;
  dueAt: Date;
  kind: "expired" | "kept" | "held";
  holdReason: string | null;
}

export interface RetentionOutlook {
  cases: OutlookRow[];
  /** Inbound mails that matched no case and will be emptied within the window (ADR 038). */
  unmatchedMails: number;
}

/**
 * Finished cases not yet anonymised whose date falls within `days` (default 30) of `now`, and every
 * held case past its date: what the next sweeps will anonymise, and what a hold keeps; and how many
 * unmatched mails fall due (a liaison's reading counts none: the table is the officer's).
 */
export function retentionOutlook(actor: Actor, now: Date, days = RETENTION_LOOKAHEAD_DAYS): Promise<RetentionOutlook> {
  return asActor(actor, async (trx) => {
    const until = new Date(now.getTime() + days * 86_400_000);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n ${unmatchedMailsDue(until)}`.execute(trx);
    return { cases: await caseOutlook(trx, now, until), unmatchedMails: rows[0]?.n ?? 0 };
  });
}

async function caseOutlook(trx: Q, now: Date, until: Date): Promise<OutlookRow[]> {
  const policy = await loadRetentionPolicy(trx);
  const rows = await candidates(trx, until, null, 5000);
  const out: OutlookRow[] = [];
  for (const row of rows) {
    const standing = retentionStanding(factsOf(row), policy, now);
    if (standing.kind === "expired" || standing.kind === "kept" || standing.kind === "held") {
      out.push({ reference: row.reference, status: row.status as Outcome, endedAt: new Date(row.ended_at!), dueAt: standing.dueAt, kind: standing.kind, holdReason: standing.kind === "held" ? standing.hold.reason : null });
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.reference.localeCompare(b.reference));
}

/**
 * The FROM and WHERE of the inbound mails that matched no case and whose date under the stored
 * policy is at or before `until`: `unmatchedMailDueAt` in SQL (an open intake item waits; a
 * discarded one counts from its decision).
 */
function unmatchedMailsDue(until: Date) {
  return sql`
    from inbound_mails m
    join retention_policies p on p.outcome = 'unmatched_mail'
    left join intake_items i on i.inbound_mail_id = m.id
    where m.case_id is null and m.anonymised_at is null
      and (i.id is null or (i.status <> 'open' and i.case_id is null))
      and ((greatest(m.received_at, coalesce(i.decided_at, m.received_at)) at time zone 'UTC')
        + make_interval(months => p.retain_months)) at time zone 'UTC' <= ${until}`;
}

/**
 * Finished, not anonymised cases whose date under the stored policy is at or before `until`, in
 * id order after `afterId`. The date is counted in SQL the way addMonthsUtc counts it (months in UTC).
 */
async function candidates(q: Q, until: Date, afterId: string | null, limit: number): Promise<FactsRow[]> {
  const { rows } = await sql<FactsRow>`
    select c.id, c.reference, c.status, c.complainant_id, c.legal_hold, c.anonymised_at, e.ended_at
    from cases c
    join retention_policies p on p.outcome = c.status
    cross join lateral (
      select max(ev.created_at) as ended_at from case_events ev
      where ev.case_id = c.id and ev.type in (${sql.join(ENDING_EVENTS.map((t) => sql.lit(t)))})
    ) e
    where c.anonymised_at is null and c.status in ('resolved', 'withdrawn', 'closed')
      and e.ended_at is not null
      and ((e.ended_at at time zone 'UTC') + make_interval(months => p.retain_months)) at time zone 'UTC' <= ${until}
      ${afterId ? sql`and c.id > ${afterId}::uuid` : sql``}
    order by c.id
    limit ${limit}
  `.execute(q);
  return rows;
}

// --- the sweep -------------------------------------------------------------------------------------

export interface SweepResult {
  anonymised: string[];
  /** Inbound mails that matched no case, emptied by this run. */
  unmatchedMails: number;
  accountsRemoved: number;
  /** Cases due but left alone, with why (a broken hash chain is kept as evidence for the officer). */
  skipped: { reference: string; why: string }[];
}

/**
 * The daily sweep (ADR 026): every expired, unheld case is anonymised, each in its own transaction
 * that locks the case and decides again, so two sweeps at once anonymise each case once. Runs on
 * the owner's pool (the job queue's worker): it rewrites rows no actor may.
 */
export async function sweepRetention(owner: Q, now: Date, options: { batchSize?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { anonymised: [], unmatchedMails: 0, accountsRemoved: 0, skipped: [] };
  const policy = await loadRetentionPolicy(owner);
  let afterId: string | null = null;
  for (;;) {
    const batch = await candidates(owner, now, afterId, options.batchSize ?? 200);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const row of batch) {
      if (retentionStanding(factsOf(row), policy, now).kind !== "expired") continue;
      const done = await owner.transaction().execute((trx) => anonymiseCaseIn(trx, row.id, now));
      if (done.kind === "anonymised") {
        result.anonymised.push(row.reference);
        if (done.accountRemoved) result.accountsRemoved += 1;
      } else if (done.kind === "skipped") {
        result.skipped.push({ reference: row.reference, why: done.why });
      }
    }
  }
  result.unmatchedMails = await sweepUnmatchedMails(owner, now, options.batchSize ?? 200);
  return result;
}

/**
 * Empties the unmatched mails past their date, a batch per transaction. The rows are locked and the
 * rule applied again by the statement itself (skip locked: two sweeps at once take different rows,
 * and a row the other emptied no longer matches), so each mail is emptied once.
 */
async function sweepUnmatchedMails(owner: Q, now: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await owner.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        with due as (select m.id ${unmatchedMailsDue(now)} order by m.id limit ${batchSize} for update of m skip locked)
        update inbound_mails set ${EMPTIED_INBOUND_MAIL}, user_id = null, anonymised_at = ${now}
        from due where inbound_mails.id = due.id
        returning inbound_mails.id`.execute(trx);
      if (rows.length) await sql`update intake_items set ${EMPTIED_INTAKE_ITEM} where inbound_mail_id = any(${rows.map((r) => r.id)}::uuid[])`.execute(trx);
      return rows.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}

type AnonymiseOutcome = { kind: "anonymised"; accountRemoved: boolean } | { kind: "skipped"; why: string } | { kind: "not_due" };

const lockedColumns = [...factColumns, endedAt.as("ended_at"), "closure", "arbitration", "identity_verification"] as const;

/** The case row locked for anonymising, with its retention facts and the JSON columns whose free text goes. */
function lockForAnonymising(trx: Transaction<Database>, caseId: string) {
  return trx.selectFrom("cases").select(lockedColumns).where("id", "=", caseId).forUpdate().executeTakeFirst();
}
type LockedCase = NonNullable<Awaited<ReturnType<typeof lockForAnonymising>>>;

/** Why a case may not be rewritten: a broken chain is evidence, and re-sealing it would launder the tampering. Left for the officer (/audit). */
async function brokenChain(trx: Transaction<Database>, caseId: string): Promise<string | null> {
  const audit = await verifyEventChains(trx, caseId);
  return audit.broken.length ? `its event chain is broken (${audit.broken[0]!.detail})` : null;
}

/** One case, inside the caller's transaction on the owner's connection: the sweep's rule (expired, unheld). */
export async function anonymiseCaseIn(trx: Transaction<Database>, caseId: string, now: Date): Promise<AnonymiseOutcome> {
  const locked = await lockForAnonymising(trx, caseId);
  if (!locked) return { kind: "not_due" };
  const policy = await loadRetentionPolicy(trx);
  const facts = factsOf(locked as FactsRow);
  // Decided again under the lock: a hold placed, a case reopened or another sweep since the read.
  if (retentionStanding(facts, policy, now).kind !== "expired") return { kind: "not_due" };
  const broken = await brokenChain(trx, caseId);
  if (broken) return { kind: "skipped", why: broken };
  const months = policy[locked.status as Outcome];
  return anonymiseLocked(trx, locked, now, {
    reason: `retention policy: ${locked.status} cases are kept ${months} months after they end`,
    endedAt: facts.endedAt?.toISOString() ?? null,
    retainMonths: months,
  });
}

/**
 * The anonymisation itself, of a case locked by the caller and found due by its rule (the sweep's
 * or the erasure's): `why` opens the payload of the `anonymised` event that records it.
 */
async function anonymiseLocked(trx: Transaction<Database>, locked: LockedCase, now: Date, why: Record<string, unknown>): Promise<{ kind: "anonymised"; accountRemoved: boolean }> {
  const caseId = locked.id;
  const complainantId = locked.complainant_id;
  const complainant = await trx.selectFrom("users").select(["email", "name"]).where("id", "=", complainantId).executeTakeFirst();
  const address = complainant?.email ?? null;
  const head = await trx.selectFrom("case_events").select(["seq", "hash"]).where("case_id", "=", caseId).orderBy("seq", "desc").executeTakeFirst();

  // The case: free text replaced, the skeleton (stage, status, category, country, dates, outcome kind) kept.
  await trx
    .updateTable("cases")
    .set({
      description: ANONYMISED_TEXT,
      desired_outcome: ANONYMISED_TEXT,
      earlier_contact: null,
      dispute_reference: null,
      submission_key: null,
      closure: locked.closure === null ? null : JSON.stringify(redactFreeText(locked.closure)),
      arbitration: JSON.stringify(redactArbitration(locked.arbitration)),
      identity_verification: locked.identity_verification === null ? null : JSON.stringify(redactFreeText(locked.identity_verification)),
      complainant_id: ANONYMISED_COMPLAINANT_ID,
      anonymised_at: now,
    })
    .where("id", "=", caseId)
    .execute();

  await trx
    .updateTable("messages")
    .set((eb) => ({ body: ANONYMISED_TEXT, author_id: eb.case().when("author_id", "=", complainantId).then(null).else(eb.ref("author_id")).end() }))
    .where("case_id", "=", caseId)
    .execute();
  await trx
    .updateTable("attachments")
    .set({ content: Buffer.alloc(0), file_name: ANONYMISED_TEXT, safe_name: "anonymised", size_bytes: 0, sha256: EMPTY_SHA256 })
    .where("case_id", "=", caseId)
    .execute();
  await sql`
    update mail_deliveries set data = '{}'::jsonb, smtp_response = null, last_error = null, bounce_detail = null,
      recipient = case when recipient = ${address} then ${ANONYMISED_ADDRESS} else recipient end
    where case_id = ${caseId}
  `.execute(trx);
  await sql`update inbound_mails set ${EMPTIED_INBOUND_MAIL} where case_id = ${caseId}`.execute(trx);
  // Also the intake items of mail that names the case but was not posted on it (a reply to a
  // closed case, a stranger writing about it): the mail is the case's, the item has no case id.
  await sql`update intake_items set ${EMPTIED_INTAKE_ITEM}
    where case_id = ${caseId} or inbound_mail_id in (select id from inbound_mails where case_id = ${caseId})`.execute(trx);
  await trx.deleteFrom("held_filings").where("case_id", "=", caseId).execute();
  await trx.deleteFrom("mail_reply_tokens").where("case_id", "=", caseId).execute();

  // The clocks: the officer's reasons for extending them go; dates and counts stay.
  const deadlines = await trx.selectFrom("case_deadlines").select(["id", "explanation", "computation"]).where("case_id", "=", caseId).execute();
  for (const d of deadlines) {
    const text = anonymiseDeadlineText({ explanation: d.explanation, computation: (d.computation as DeadlineComputation | null) ?? null });
    if (!text) continue;
    await trx
      .updateTable("case_deadlines")
      .set({ explanation: text.explanation, computation: text.computation === null ? null : JSON.stringify(text.computation) })
      .where("id", "=", d.id)
      .execute();
  }

  // The events: free text replaced and the complainant's id removed, then the chain sealed again
  // (ADR 026), then one event that records it, with the chain's head before the rewrite.
  await sql`select set_config('recourse.resealing', ${caseId}, true)`.execute(trx);
  const events = await trx.selectFrom("case_events").select(["id", "type", "payload", "actor_id"]).where("case_id", "=", caseId).orderBy("seq").execute();
  let rewritten = 0;
  for (const e of events) {
    const payload = redactEventPayload(e.type, e.payload);
    const dropActor = e.actor_id !== null && e.actor_id === complainantId;
    if (!payload && !dropActor) continue;
    await trx
      .updateTable("case_events")
      .set({ ...(payload ? { payload: JSON.stringify(payload) } : {}), ...(dropActor ? { actor_id: null } : {}) })
      .where("id", "=", e.id)
      .execute();
    rewritten += 1;
  }
  await sql`select case_events_reseal(${caseId}::uuid)`.execute(trx);
  await trx
    .insertInto("case_events")
    .values({
      case_id: caseId,
      type: "anonymised",
      actor_id: null,
      actor_role: "system",
      payload: JSON.stringify({
        ...why,
        previousHead: head ? { seq: head.seq, hash: head.hash } : null,
        rewrittenEvents: rewritten,
      }),
      created_at: now,
    })
    .execute();

  return { kind: "anonymised", accountRemoved: await removeAccountIfLastCase(trx, complainantId, address, complainant?.name ?? null) };
}

// --- an erasure request carried out (ADR 051) ------------------------------------------------------

export type ErasureRun =
  | { kind: "done"; anonymised: string[]; kept: { reference: string; why: ErasureKeptReason }[]; accountRemoved: boolean }
  /** A mail of the cases it would anonymise still waits to be sent (the closing mail goes to the address first). */
  | { kind: "waiting_for_mail"; queued: number }
  /** Not a granted request (any more), or already carried out. */
  | { kind: "nothing" };

/**
 * A granted erasure request carried out, on the owner's connection (its job): once no mail of the
 * cases to anonymise waits to be sent, every ended, unheld case of the complainant is anonymised
 * by the sweep's own anonymisation, each in its own transaction and decided again under its lock;
 * the request itself last, with one event `erasure_completed` that records what was anonymised and
 * what was kept and why. The account goes with the last case, as with the sweep. A second run does nothing.
 */
export async function carryOutErasure(owner: Q, requestId: string, now: Date): Promise<ErasureRun> {
  const request = await owner
    .selectFrom("cases")
    .select(["id", "reference", "complainant_id", "status", "anonymised_at", "erasure_request"])
    .where("id", "=", requestId)
    .executeTakeFirst();
  if (!request?.erasure_request || request.anonymised_at || !(await stillGranted(owner, requestId))) return { kind: "nothing" };

  const cases = await erasureFactsOf(owner, request.complainant_id);
  const due = cases.filter((c) => erasureStanding(c).kind === "anonymise").map((c) => c.id);
  if (due.length > 0) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from mail_deliveries where status = 'queued' and case_id = any(${due}::uuid[])`.execute(owner);
    const queued = rows[0]?.n ?? 0;
    if (queued > 0) return { kind: "waiting_for_mail", queued };
  }

  const result = { anonymised: [] as string[], kept: [] as { reference: string; why: ErasureKeptReason }[], accountRemoved: false };
  const note = (reference: string, outcome: Awaited<ReturnType<typeof anonymiseForErasure>>) => {
    if (outcome.kind === "anonymised") {
      result.anonymised.push(reference);
      result.accountRemoved ||= outcome.accountRemoved;
    } else if (outcome.kind === "kept") {
      result.kept.push({ reference, why: outcome.why });
    }
  };
  for (const c of cases) {
    if (c.id === requestId) continue;
    // Each case under the request's share lock, granted still: an officer who reopens the request
    // meanwhile waits for this case, and stops the rest.
    const outcome = await owner.transaction().execute(async (trx) => ((await stillGranted(trx, requestId, { lock: true })) ? anonymiseForErasure(trx, c.id, now, request.reference) : null));
    if (outcome === null) return { kind: "nothing" };
    note(c.reference, outcome);
  }
  const completed = await owner.transaction().execute(async (trx) => {
    if (!(await stillGranted(trx, requestId, { lock: true }))) return false;
    note(request.reference, await anonymiseForErasure(trx, requestId, now, request.reference));
    await trx
      .insertInto("case_events")
      .values({ case_id: requestId, type: "erasure_completed", actor_id: null, actor_role: "system", payload: JSON.stringify(result), created_at: now })
      .execute();
    return true;
  });
  return completed ? { kind: "done", ...result } : { kind: "nothing" };
}

/**
 * The request is granted still: ended, and its latest ending is the grant (not reopened and ended
 * otherwise since). With `lock`, its row is share-locked for the caller's transaction, so a reopen
 * waits until that transaction ends.
 */
async function stillGranted(q: Q, requestId: string, opts: { lock?: boolean } = {}): Promise<boolean> {
  let row = q.selectFrom("cases").select(["status"]).where("id", "=", requestId);
  if (opts.lock) row = row.forShare();
  const request = await row.executeTakeFirst();
  if (!request || !isTerminal(request.status as Status)) return false;
  const ending = await q
    .selectFrom("case_events")
    .select("type")
    .where("case_id", "=", requestId)
    .where("type", "in", ENDING_EVENTS)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return ending?.type === "erasure_granted";
}

/** One case of the complainant, in the caller's transaction: the erasure's rule (ended, unheld), decided under the case's lock. */
async function anonymiseForErasure(
  trx: Transaction<Database>,
  caseId: string,
  now: Date,
  request: string,
): Promise<{ kind: "anonymised"; accountRemoved: boolean } | { kind: "kept"; why: ErasureKeptReason } | { kind: "already" }> {
  const locked = await lockForAnonymising(trx, caseId);
  if (!locked) return { kind: "already" };
  const standing = erasureStanding({ reference: locked.reference, status: locked.status as Status, legalHold: locked.legal_hold != null, anonymised: locked.anonymised_at != null });
  if (standing.kind === "anonymised") return { kind: "already" };
  if (standing.kind === "kept") return standing;
  if (await brokenChain(trx, caseId)) return { kind: "kept", why: "broken_chain" };
  return anonymiseLocked(trx, locked, now, {
    reason: `erasure request ${request}: the complainant asked for their personal data to be erased`,
    erasureRequest: request,
    endedAt: factsOf(locked as FactsRow).endedAt?.toISOString() ?? null,
  });
}

/**
 * Staff's saved queue views that searched for the person (ADR 038): the search term goes from the
 * query, and a view named after them is renamed. Only when the person goes: while another case of
 * theirs runs, a view that finds it by their address is still of use.
 */
async function forgetInSavedFilters(trx: Transaction<Database>, person: SearchedPerson): Promise<void> {
  const filters = await trx.selectFrom("saved_filters").select(["id", "name", "query"]).execute();
  for (const f of filters) {
    const changed = scrubSavedFilter(f, person);
    if (changed) await trx.updateTable("saved_filters").set(changed).where("id", "=", f.id).execute();
  }
}

/** The complainant's account goes with their last case: the user row, and with it sessions, links and tokens. */
async function removeAccountIfLastCase(trx: Transaction<Database>, userId: string, address: string | null, name: string | null): Promise<boolean> {
  if (userId === ANONYMISED_COMPLAINANT_ID) return false;
  const user = await trx.selectFrom("users").select(["role"]).where("id", "=", userId).executeTakeFirst();
  if (!user || user.role !== "complainant") return false;
  const left = await trx.selectFrom("cases").select("id").where("complainant_id", "=", userId).limit(1).executeTakeFirst();
  if (left) return false;
  await forgetInSavedFilters(trx, { address, name });
  // Complaints held for this person that they never confirmed (ADR 020): their text and files
  // would outlive the account (housekeeping deletes them only 30 days after the link expires).
  await trx
    .deleteFrom("held_filings")
    .where("confirmed_at", "is", null)
    .where((eb) => (address ? eb.or([eb("user_id", "=", userId), eb("email", "=", address)]) : eb("user_id", "=", userId)))
    .execute();
  // Sign-in mail about no case went to the address too.
  if (address) {
    await sql`update mail_deliveries set data = '{}'::jsonb, recipient = ${ANONYMISED_ADDRESS}, smtp_response = null, last_error = null, bounce_detail = null
      where case_id is null and recipient = ${address}`.execute(trx);
  }
  await trx.updateTable("messages").set({ author_id: null }).where("author_id", "=", userId).execute();
  // admin_events is append-only and names staff accounts; a complainant in it keeps a row without data.
  const named = await trx.selectFrom("admin_events").select("id").where((eb) => eb.or([eb("user_id", "=", userId), eb("actor_id", "=", userId)])).limit(1).executeTakeFirst();
  const stillActing = await trx.selectFrom("case_events").select("id").where("actor_id", "=", userId).limit(1).executeTakeFirst();
  if (named || stillActing) {
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await trx
      .updateTable("users")
      .set({ email: anonymisedAccountAddress(userId), name: ANONYMISED_TEXT, password_hash: null, country: null, active: false, deactivated_at: new Date() })
      .where("id", "=", userId)
      .execute();
    return true;
  }
  await trx.deleteFrom("users").where("id", "=", userId).execute();
  return true;
}
