import { sql, type Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { networkOf } from "./client-address";

// Throttles kept in PostgreSQL (table throttle_counters), so a limit holds however many app
// processes answer. Two kinds (docs/decisions/020-throttles-and-held-filings.md):
// - quotas: at most `limit` hits per fixed window, for the public doors (filing, sign-in links);
// - failure delays: after FREE_FAILURES failed passwords a growing wait, for /login. A wait always
//   ends (capped), so nobody can lock an account for good by failing on purpose.

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
  const a = address ?? "unknown";
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

/** Whether any subject is still waiting; checked before the password is, and it counts nothing. */
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

export async function recordFailure(on: Kysely<Database>, subjects: FailureSubject[], now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_SECONDS * 1000);
  for (const subject of subjects) {
    const row = await sql<{ hits: number }>`
      insert into throttle_counters as t (key, hits, window_started_at, updated_at)
      values (${failureKey(subject)}, 1, ${now}, ${now})
      on conflict (key) do update set
        hits = case when t.updated_at <= ${forgetBefore} then 1 else t.hits + 1 end,
        window_started_at = case when t.updated_at <= ${forgetBefore} then ${now} else t.window_started_at end,
        updated_at = ${now}
      returning hits
    `.execute(on);
    const failures = row.rows[0]?.hits ?? 1;
    const wait = delayAfter(failures, FAILURE_CAPS[subject.kind]);
    if (wait > 0) {
      await on
        .updateTable("throttle_counters")
        .set({ blocked_until: new Date(now.getTime() + wait * 1000) })
        .where("key", "=", failureKey(subject))
        .execute();
    }
  }
}

/** A correct password clears the account's count (not the address's: one success does not excuse a spray). */
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
