import { sql, type Kysely } from "kysely";
import type { Actor } from "~/domain";
import type { Database } from "~/db/schema";
import { asActor, asSystem } from "./scope.server";

/**
 * The tamper-evident trail (ADR 019): each case's events form a chain, event n carrying
 * seq = n and hash = case_event_hash(content, n, hash of event n-1), written by the database's
 * trigger. Verification recomputes every hash in order and names, per case, the first link that
 * does not hold.
 */
export type ChainProblem = "missing" | "hash_mismatch";

export interface BrokenLink {
  reference: string;
  /** The event where the chain breaks (its position and row id), as stored. */
  seq: number;
  eventId: string;
  eventType: string;
  problem: ChainProblem;
  /** What is wrong, in a sentence. */
  detail: string;
}

export interface AuditReport {
  cases: number;
  events: number;
  /** The first broken link of each broken chain, by case reference. */
  broken: BrokenLink[];
}

interface Row {
  reference: string;
  seq: number;
  id: string;
  type: string;
  problem: ChainProblem;
  prev_seq: number | null;
}

function describe(r: Row): string {
  switch (r.problem) {
    case "missing":
      return r.prev_seq === null
        ? `the chain starts at event ${r.seq}: event${r.seq > 2 ? `s 1–${r.seq - 1} are` : " 1 is"} missing (deleted)`
        : `event${r.seq - r.prev_seq > 2 ? `s ${r.prev_seq + 1}–${r.seq - 1} are` : ` ${r.prev_seq + 1} is`} missing (deleted) between events ${r.prev_seq} and ${r.seq}`;
    case "hash_mismatch":
      return `event ${r.seq} does not match its hash: its content, time, row id or position, or the event before it, was changed`;
  }
}

/** Checks every chain (or one case's); reads case_events and cases as the caller's transaction may. */
export async function verifyEventChains(on: Kysely<Database>, caseId?: string): Promise<AuditReport> {
  const only = caseId ? sql`where case_id = ${caseId}` : sql``;
  const { rows } = await sql<Row>`
    with chained as (
      select id, case_id, seq, type, hash,
        lag(seq) over w as prev_seq,
        case_event_hash(id, case_id, seq, type, actor_id, actor_role, payload, created_at, lag(hash) over w) as expected
      from case_events ${only}
      window w as (partition by case_id order by seq)
    ), problems as (
      select case_id, seq, id, type, prev_seq,
        case
          when seq <> coalesce(prev_seq, 0) + 1 then 'missing'
          when hash is distinct from expected then 'hash_mismatch'
        end as problem
      from chained
    )
    select distinct on (p.case_id) c.reference, p.seq, p.id::text as id, p.type, p.problem, p.prev_seq
    from problems p join cases c on c.id = p.case_id
    where p.problem is not null
    order by p.case_id, p.seq
  `.execute(on);
  const { rows: counts } = await sql<{ cases: number; events: number }>`
    select count(distinct case_id)::int as cases, count(*)::int as events from case_events ${only}
  `.execute(on);
  const broken = rows
    .map((r) => ({ reference: r.reference, seq: r.seq, eventId: r.id, eventType: r.type, problem: r.problem, detail: describe(r) }))
    .sort((a, b) => a.reference.localeCompare(b.reference));
  return { cases: counts[0]?.cases ?? 0, events: counts[0]?.events ?? 0, broken };
}

/** The officer's /audit page: every chain (the officer sees every case). */
export function auditForOfficer(actor: Extract<Actor, { role: "officer" }>): Promise<AuditReport> {
  return asActor(actor, (trx) => verifyEventChains(trx));
}

/** `npm run audit:verify`: every chain, as the system identity. */
export function auditAsSystem(): Promise<AuditReport> {
  return asSystem("audit verification", (trx) => verifyEventChains(trx));
}
