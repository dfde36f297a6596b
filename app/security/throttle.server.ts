import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { clientKeyOf, networkOf } from "./client-address";

// Throttles kept in PostgreSQL (table throttle_counters), so a limit holds however many app
// processes answer. Two kinds (docs/decisions/020-throttles-and-held-filings.md):
// - quotas: at most `limit` hits per fixed window, for the public doors (filing, sign-in links);
// - failure delays: after FREE_FAILURES failed passwords a growing wait, for /login. A wait always
//   ends (capped), so nobody can lock an account for good by failing on purpose. Each attempt is
//   counted before its password is checked (reserveAttempt), so parallel guesses cannot slip past.

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface Quota {
  /** Part of the counter's key, e.g. "signin:network". */
  name: string;
  limit: number;
  windowSeconds: number;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Quotas of the public doors. Each counts requests, whether or not the address is known. */
export const QUOTAS = {
  filingPerAddress: { name: "complain:address", limit: 5, windowSeconds: HOUR },
  filingPerNetwork: { name: "complain:network", limit: 20, windowSeconds: HOUR },
  /** Per target address AND requesting network: someone else's filings never use up the owner's. */
  filingPerTarget: { name: "complain:target", limit: 3, windowSeconds: HOUR },
  linkPerAddress: { name: "signin:address", limit: 10, windowSeconds: HOUR },
  linkPerNetwork: { name: "signin:network", limit: 30, windowSeconds: HOUR },
  /** Per target address AND requesting network, so an attacker's requests cannot lock the owner out. */
  linkPerTarget: { name: "signin:target", limit: 3, windowSeconds: 30 * MINUTE },
  /** Mails about held filings to one address, whoever files: bounds what a stranger can make us send. */
  heldMailsPerTarget: { name: "held:target", limit: 3, windowSeconds: 24 * HOUR },
} satisfies Record<string, Quota>;

/**
 * DOOR_QUOTA_FACTOR multiplies every quota (default 1). The end-to-end suite, which files and signs
 * in dozens of times from 127.0.0.1, sets it high; production leaves it alone.
 */
function quotaFactor(): number {
  const n = Number(process.env.DOOR_QUOTA_FACTOR ?? 1);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

function retryAfter(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/**
 * Counts one hit against each quota (atomically, per key) and says whether all still allow it.
 * One statement for all the quotas (a filing counts three): one round trip and one commit, not
 * three. Rows are locked in key order, so two requests never wait for each other in a circle.
 */
export async function hitQuotas(on: Kysely<Database>, hits: Array<{ quota: Quota; subject: string }>, now: Date): Promise<Verdict> {
  const counted = new Map<string, { quota: Quota }>();
  for (const { quota, subject } of hits) counted.set(`${quota.name}:${subject}`, { quota });
  if (counted.size === 0) return { ok: true };
  const keys = [...counted.keys()].sort();
  const windowStarts = keys.map((k) => new Date(now.getTime() - counted.get(k)!.quota.windowSeconds * 1000).toISOString());
  const { rows } = await sql<{ key: string; hits: number; window_started_at: Date }>`
    with hit (key, window_start) as (select * from unnest(${keys}::text[], ${windowStarts}::timestamptz[]))
    insert into throttle_counters as t (key, hits, window_started_at, updated_at)
    select hit.key, 1, ${now}, ${now} from hit order by hit.key
    on conflict (key) do update set
      hits = case when t.window_started_at <= (select window_start from hit where hit.key = t.key) then 1 else t.hits + 1 end,
      window_started_at = case when t.window_started_at <= (select window_start from hit where hit.key = t.key) then ${now} else t.window_started_at end,
      updated_at = ${now}
    returning key, hits, window_started_at
  `.execute(on);
  let worst: Verdict = { ok: true };
  for (const row of rows) {
    const quota = counted.get(row.key)!.quota;
    if (row.hits > quota.limit * quotaFactor()) {
      const seconds = retryAfter(new Date(new Date(row.window_started_at).getTime() + quota.windowSeconds * 1000), now);
      if (worst.ok || seconds > worst.retryAfterSeconds) worst = { ok: false, retryAfterSeconds: seconds };
    }
  }
  return worst;
}

/** The three quotas of a door for one request: its address, its network, and (target, network). */
export function doorHits(door: "filing" | "link", address: string | null, target: string) {
  const [perAddress, perNetwork, perTarget] =
    door === "filing"
      ? [QUOTAS.filingPerAddress, QUOTAS.filingPerNetwork, QUOTAS.filingPerTarget]
      : [QUOTAS.linkPerAddress, QUOTAS.linkPerNetwork, QUOTAS.linkPerTarget];
  // Without an address (a test calling the model directly, a broken proxy) all such requests share one bucket.
  const a = address ? clientKeyOf(address) : "unknown";
  const network = address ? networkOf(address) : "unknown";
  return {
    requester: [
      { quota: perAddress, subject: a },
      { quota: perNetwork, subject: network },
    ],
    target: [{ quota: perTarget, subject: `${target.trim().toLowerCase()}|${network}` }],
  };
}

// --- Failed passwords ---------------------------------------------------------------------------

/** Failures allowed before any wait. */
export const FREE_FAILURES = 5;

/** How a refused sign-in step says when to try again (the 429's Retry-After, in words). */
export function pleaseWait(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Please wait ${minutes === 1 ? "a minute" : `${minutes} minutes`} and try again.`;
}
/** The wait after the FREE_FAILURES-th failure; it doubles with each further one, up to the cap. */
const FIRST_DELAY_SECONDS = 15;
/** A failure this long after the previous one starts the count again. */
const FORGET_AFTER_SECONDS = 24 * HOUR;

export const FAILURE_CAPS = {
  /** Short, because anyone can fail on someone else's account: the owner waits at most this. */
  account: 5 * MINUTE,
  address: 30 * MINUTE,
} as const;

export type FailureSubject = { kind: keyof typeof FAILURE_CAPS; id: string };

const failureKey = (s: FailureSubject) => `login:${s.kind}:${s.id}`;

/** The wait after `failures` consecutive failures, in seconds (0 below FREE_FAILURES). */
export function delayAfter(failures: number, capSeconds: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(capSeconds, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - FREE_FAILURES, 20));
}

/** Whether any subject is still waiting; it counts nothing (reserveAttempt counts and checks at once). */
export async function failureWait(on: Kysely<Database>, subjects: FailureSubject[], now: Date): Promise<Verdict> {
  if (subjects.length === 0) return { ok: true };
  const rows = await on
    .selectFrom("throttle_counters")
    .select("blocked_until")
    .where("key", "in", subjects.map(failureKey))
    .where("blocked_until", ">", now)
    .execute();
  const latest = rows.map((r) => new Date(r.blocked_until!).getTime()).reduce((a, b) => Math.max(a, b), 0);
  return latest > 0 ? { ok: false, retryAfterSeconds: retryAfter(new Date(latest), now) } : { ok: true };
}

interface CounterRow {
  key: string;
  hits: number;
  window_started_at: Date;
  updated_at: Date;
  blocked_until: Date | null;
}

/** What one attempt counted, so that a correct password can take its count back (passAttempt). */
export interface Reservation {
  now: Date;
  counted: Array<{ subject: FailureSubject; before: CounterRow; after: CounterRow }>;
}

/**
 * Counts an attempt against every subject before its password is checked, and refuses it (counting
 * nothing) while any subject waits. Counting first is what holds under parallel requests: the
 * rows stay locked until the count and its wait are written, so the sixth of thirty simultaneous
 * guesses already sees the wait the fifth set, and only FREE_FAILURES passwords are ever checked.
 * A failed check then needs nothing more; a correct one calls passAttempt.
 */
export async function reserveAttempt(
  on: Kysely<Database>,
  subjects: FailureSubject[],
  now: Date,
): Promise<{ ok: true; reservation: Reservation } | { ok: false; retryAfterSeconds: number }> {
  const bySubject = new Map(subjects.map((s) => [failureKey(s), s]));
  const keys = [...bySubject.keys()].sort();
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000);
  return on.transaction().execute(async (trx) => {
    // Creates missing rows (count 0) and locks all of them, in key order so that two requests
    // never wait for each other in a circle; a parallel attempt waits here until this one commits.
    const { rows } = await sql<CounterRow>`
      insert into throttle_counters as t (key, hits, window_started_at, updated_at)
      select k, 0, ${now}, ${now} from unnest(${keys}::text[]) as k order by k
      on conflict (key) do update set key = t.key
      returning key, hits, window_started_at, updated_at, blocked_until
    `.execute(trx);
    const latest = rows.map((r) => (r.blocked_until ? new Date(r.blocked_until).getTime() : 0)).reduce((a, b) => Math.max(a, b), 0);
    if (latest > now.getTime()) return { ok: false as const, retryAfterSeconds: retryAfter(new Date(latest), now) };
    const counted: Reservation["counted"] = [];
    for (const before of rows) {
      const subject = bySubject.get(before.key)!;
      const forget = new Date(before.updated_at) <= forgetBefore;
      const hits = forget ? 1 : before.hits + 1;
      const wait = delayAfter(hits, FAILURE_CAPS[subject.kind]);
      const after: CounterRow = {
        key: before.key,
        hits,
        window_started_at: forget ? now : before.window_started_at,
        updated_at: now,
        blocked_until: wait > 0 ? new Date(now.getTime() + wait * 1000) : before.blocked_until,
      };
      await trx
        .updateTable("throttle_counters")
        .set({ hits: after.hits, window_started_at: after.window_started_at, updated_at: after.updated_at, blocked_until: after.blocked_until })
        .where("key", "=", before.key)
        .execute();
      counted.push({ subject, before, after });
    }
    return { ok: true as const, reservation: { now, counted } };
  });
}

/**
 * A correct password: the account's count starts again (ADR 020), and the attempt is taken back
 * from the address's, which counts failures only (one success neither counts as a failure nor
 * excuses a spray). The address row is put back as it was unless another attempt counted since;
 * then only the count goes down, and the wait that attempt set stands.
 */
export async function passAttempt(on: Kysely<Database>, reservation: Reservation): Promise<void> {
  for (const { subject, before, after } of reservation.counted) {
    if (subject.kind === "account") {
      await clearFailures(on, subject);
      continue;
    }
    const restored = await on
      .updateTable("throttle_counters")
      .set({ hits: before.hits, window_started_at: before.window_started_at, updated_at: before.updated_at, blocked_until: before.blocked_until })
      .where("key", "=", after.key)
      .where("hits", "=", after.hits)
      .where("updated_at", "=", after.updated_at)
      .executeTakeFirst();
    if (Number(restored.numUpdatedRows) === 0) {
      await on
        .updateTable("throttle_counters")
        .set((eb) => ({ hits: sql<number>`greatest(${eb.ref("hits")} - 1, 0)` }))
        .where("key", "=", after.key)
        .execute();
    }
  }
}

/** The account's count starts again (a correct password). */
export async function clearFailures(on: Kysely<Database>, subject: FailureSubject): Promise<void> {
  await on.deleteFrom("throttle_counters").where("key", "=", failureKey(subject)).execute();
}

/** Counters untouched for two days are of no use to any rule above. */
export async function pruneThrottles(on: Kysely<Database>, now: Date): Promise<number> {
  const result = await on
    .deleteFrom("throttle_counters")
    .where("updated_at", "<", new Date(now.getTime() - 2 * 24 * HOUR * 1000))
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
