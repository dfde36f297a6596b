import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { formatReference, frameworkProfile, type Actor } from "../../app/domain";
import type { DB } from "../../app/db/db.server";
import type { Database } from "../../app/db/schema";
import { currentFramework } from "../../app/models/complaints.server";
import { DEMO_ACCOUNTS } from "../../app/seed/demo.server";
import { between, buildCase, COUNTRIES, pick, prng, type Cast, type GeneratedCase } from "./scenarios";

// Bulk data for the benchmark. Each case's history is computed by the domain (scenarios.ts);
// the rows go to PostgreSQL in large batches through json_to_recordset, a few statements per
// thousand cases, instead of one transaction per command through the use cases.

export interface SeedOptions {
  cases: number;
  now: Date;
  /** Average messages per case (default 6: with the events that makes about ten timeline entries). */
  messagesPerCase?: number;
  /** Drop the secondary indexes during the load and rebuild them after, from this many cases (default 20,000). */
  rebuildIndexesFrom?: number;
  /** Cases per INSERT batch. */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface SeedResult {
  cases: number;
  deadlines: number;
  events: number;
  messages: number;
  users: number;
  clients: number;
  /** Whether cases.next_due_at exists and was filled. */
  nextDueFilled: boolean;
  seconds: number;
}

const CLIENT_NAMES = [
  "Acme Retail", "Globex Mail Order", "Initech Publishing", "Umbrella Pharmacies", "Stark Home Goods", "Wayne Outdoor",
  "Hooli Electronics", "Vandelay Imports", "Soylent Foods", "Tyrell Fashion", "Cyberdyne Books", "Wonka Confectionery",
  "Oceanic Cruises", "Gringotts Finance", "Monarch Garden", "Pied Piper Music", "Dunder Paper", "Prestige Wine Club",
];
const FIRST = ["Anna", "Lukas", "Sophie", "Mateo", "Emma", "Noah", "Julia", "Liam", "Clara", "Jonas", "Elena", "Pieter", "Marta", "Oskar", "Ines", "Tomas"];
const LAST = ["Schmidt", "Dubois", "Rossi", "Jansen", "Garcia", "Novak", "Kowalski", "Lindqvist", "Murphy", "Silva", "Horvat", "Berg", "Meyer", "Moreau"];

/** Rows per json_to_recordset statement; big enough that round trips do not matter. */
async function insertJson(db: Kysely<Database>, table: string, columns: string, rows: unknown[]): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.split(",").map((c) => c.trim().split(/\s+/)[0]).join(", ");
  await sql`insert into ${sql.table(table)} (${sql.raw(names)})
    select ${sql.raw(names)} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(columns)})`.execute(db);
}

/** Plain (non-unique, non-key) indexes of the tables the seed fills, to drop and rebuild around a large load. */
async function secondaryIndexes(db: DB): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
    where t.relname in ('cases', 'case_deadlines', 'case_events', 'messages', 'case_search', 'deadline_facts') and not i.indisunique and not i.indisprimary
      and t.relnamespace = current_schema()::regnamespace`.execute(db);
  return rows;
}

async function hasFunction(db: Kysely<Database>, name: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_proc where proname = ${name}`.execute(db);
  return rows[0]!.n > 0;
}

async function hasNextDueColumn(db: DB): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
    where table_schema = current_schema() and table_name = 'cases' and column_name = 'next_due_at'`.execute(db);
  return rows[0]!.n > 0;
}

/**
 * Adds `cases` cases (and the clients, liaisons, officers and complainants they need) to a
 * database that already has the demo data (seedDemoData). Can run again on the same database:
 * clients and staff are reused, complainants and cases are added.
 */
export async function seedBenchData(db: DB, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const { now } = opts;
  const batchSize = opts.batchSize ?? 2000;
  const messagesPerCase = opts.messagesPerCase ?? 6;
  const framework = currentFramework();
  const prefix = frameworkProfile(framework).referencePrefix;
  const r = prng(opts.cases * 7919 + 17);
  const run = Date.now().toString(36);

  // The demo accounts: they must keep working, and own a share of the cases.
  const demoOfficer = await db.selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.staff[0]!.email).executeTakeFirst();
  if (!demoOfficer) throw new Error("seed the demo data first (npm run db:seed): the benchmark gives the demo accounts a share of its cases");
  const demoLiaisons = await db.selectFrom("users").select(["id", "client_id"]).where("email", "in", DEMO_ACCOUNTS.staff.filter((a) => a.role === "liaison").map((a) => a.email)).execute();

  // Clients: the two demo clients and enough others that each has a few hundred cases at 100,000.
  const clientCount = Math.max(4, Math.min(300, Math.round(opts.cases / 400)));
  const clientNames = Array.from({ length: clientCount }, (_, i) => `${CLIENT_NAMES[i % CLIENT_NAMES.length]} ${Math.floor(i / CLIENT_NAMES.length) + 1}`);
  await sql`insert into clients (name) select name from json_to_recordset(${JSON.stringify(clientNames.map((name) => ({ name })))}::json) as x(name text)
    on conflict (name) do nothing`.execute(db);
  const clientRows = await db.selectFrom("clients").select(["id", "name"]).execute();
  const demoClientIds = new Set(demoLiaisons.map((l) => l.client_id!));
  const otherClients = clientRows.filter((c) => clientNames.includes(c.name)).map((c) => c.id);

  // Liaisons: the demo liaison plus generated ones (no password: they exist to be listed and mailed).
  const liaisonRows: { id: string; role: string; email: string; name: string; client_id: string }[] = [];
  for (const [i, c] of clientRows.entries()) {
    const slug = c.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const count = demoClientIds.has(c.id) ? 1 : 1 + (i % 3);
    for (let k = 1; k <= count; k++) {
      liaisonRows.push({ id: randomUUID(), role: "liaison", email: `liaison${k}@${slug}.example`, name: `${pick(r, FIRST)} ${pick(r, LAST)}`, client_id: c.id });
    }
  }
  await sql`insert into users (id, role, email, name, client_id)
    select id, role, email, name, client_id from json_to_recordset(${JSON.stringify(liaisonRows)}::json)
      as x(id uuid, role text, email text, name text, client_id uuid)
    on conflict (email) do nothing`.execute(db);
  const officers = [
    demoOfficer.id,
    ...(await (async () => {
      const rows = [1, 2, 3].map((k) => ({ id: randomUUID(), role: "officer", email: `officer${k}@customerportfolios.example`, name: `${pick(r, FIRST)} ${pick(r, LAST)}` }));
      await sql`insert into users (id, role, email, name) select id, role, email, name from json_to_recordset(${JSON.stringify(rows)}::json)
        as x(id uuid, role text, email text, name text) on conflict (email) do nothing`.execute(db);
      return (await db.selectFrom("users").select("id").where("email", "in", rows.map((o) => o.email)).execute()).map((o) => o.id);
    })()),
  ];
  const liaisonsByClient = new Map<string, string[]>();
  for (const l of await db.selectFrom("users").select(["id", "client_id"]).where("role", "=", "liaison").execute()) {
    liaisonsByClient.set(l.client_id!, [...(liaisonsByClient.get(l.client_id!) ?? []), l.id]);
  }

  // Complainants: about two cases each; Maria Keller (the demo complainant) gets a share too.
  const complainantCount = Math.max(1, Math.ceil(opts.cases / 2));
  const complainantIds: string[] = [];
  for (let start = 0; start < complainantCount; start += 20_000) {
    const rows = [];
    for (let k = start; k < Math.min(complainantCount, start + 20_000); k++) {
      const first = pick(r, FIRST);
      const last = pick(r, LAST);
      const id = randomUUID();
      complainantIds.push(id);
      rows.push({ id, email: `${first}.${last}.${k}.${run}@example.eu`.toLowerCase(), name: `${first} ${last}`, country: pick(r, COUNTRIES), verified: r() < 0.7 ? now.toISOString() : null });
    }
    await sql`insert into users (id, role, email, name, country, email_verified_at)
      select id, 'complainant', email, name, country, verified from json_to_recordset(${JSON.stringify(rows)}::json)
        as x(id uuid, email text, name text, country text, verified timestamptz)`.execute(db);
  }
  const maria = (await db.selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.complainant).executeTakeFirst())?.id;
  const mariaEvery = Math.max(5, Math.min(2000, Math.floor(opts.cases / 10)));
  log(`seed: after ${Math.round((Date.now() - started) / 1000)} s: ${clientRows.length} clients, ${liaisonRows.length} liaisons, ${officers.length} officers, ${complainantCount} complainants`);

  // References: a block of the same sequence the app draws from, so filings after the seed go on from it.
  const { rows: seqRows } = await sql<{ last: string }>`select setval('case_reference_seq', nextval('case_reference_seq') + ${opts.cases - 1})::text as last`.execute(db);
  const firstSeq = Number(seqRows[0]!.last) - opts.cases + 1;

  const nextDue = await hasNextDueColumn(db);
  const caseColumns =
    "id uuid, reference text, framework text, stage text, status text, category text, client_id uuid, liaison_id uuid, complainant_id uuid, " +
    "description text, desired_outcome text, country text, earlier_contact text, submission_key text, stage_entered_at timestamptz, " +
    "stages_visited text[], answer_rejected boolean, arbitration jsonb, closure jsonb, version int, opened_at timestamptz, updated_at timestamptz" +
    (nextDue ? ", next_due_at timestamptz" : "");
  const totals = { deadlines: 0, events: 0, messages: 0 };

  const demoIds = [...demoClientIds];
  const buildBatch = (from: number, to: number) => {
    const cases: Record<string, unknown>[] = [];
    const deadlines: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const messages: Record<string, unknown>[] = [];
    for (let i = from; i < to; i++) {
      // About one case in seven is about the operator itself; the demo clients get 4% each.
      const x = r();
      const clientId = x < 0.14 ? null : x < 0.14 + 0.04 * demoIds.length ? demoIds[Math.floor((x - 0.14) / 0.04)]! : pick(r, otherClients);
      const liaisons = clientId ? liaisonsByClient.get(clientId) ?? [] : [];
      const complainantId = maria && i % mariaEvery === 0 ? maria : complainantIds[between(r, 0, complainantIds.length - 1)]!;
      const cast: Cast = {
        complainant: { role: "complainant", userId: complainantId },
        officer: { role: "officer", userId: r() < 0.7 ? officers[0]! : pick(r, officers) },
        liaison: clientId && liaisons.length ? { role: "liaison", userId: pick(r, liaisons), clientId } : null,
      };
      const c: GeneratedCase = buildCase(r, cast, framework, now, messagesPerCase);
      // Some cases are assigned to one liaison (the app's "assign" command, recorded as its event).
      let liaisonId: string | null = null;
      if (cast.liaison && r() < 0.3) {
        liaisonId = cast.liaison.userId;
        c.events.splice(1, 0, {
          type: "assigned",
          actor: cast.officer as Actor,
          payload: { clientId, liaisonId, previousClientId: clientId, previousLiaisonId: null },
          at: new Date(c.openedAt.getTime() + 60_000),
        });
        c.events.sort((a, b) => a.at.getTime() - b.at.getTime());
        c.version += 1;
      }
      const s = c.state;
      const reference = formatReference(prefix, c.openedAt.getUTCFullYear(), firstSeq + i);
      cases.push({
        id: c.id,
        reference,
        framework: s.framework,
        stage: s.stage,
        status: s.status,
        category: c.category,
        client_id: s.clientId,
        liaison_id: liaisonId,
        complainant_id: s.complainantId,
        description: c.description,
        desired_outcome: c.desiredOutcome,
        country: c.country,
        earlier_contact: c.earlierContact,
        submission_key: `seed-${reference}`,
        stage_entered_at: s.stageEnteredAt,
        stages_visited: s.stagesVisited,
        answer_rejected: s.answerRejected,
        arbitration: {
          exclusion: s.arbitration.exclusion,
          dpaReferral: s.arbitration.dpaReferral,
          prerequisitesConfirmedAt: s.arbitration.prerequisitesConfirmedAt?.toISOString() ?? null,
          award: s.arbitration.award ? { ...s.arbitration.award, decidedAt: s.arbitration.award.decidedAt.toISOString() } : null,
        },
        closure: s.closure,
        version: c.version,
        opened_at: c.openedAt,
        updated_at: c.updatedAt,
        ...(nextDue ? { next_due_at: c.nextDueAt } : {}),
      });
      for (const d of s.deadlines) {
        deadlines.push({ case_id: c.id, stage: d.stage, kind: d.kind, starts_at: d.startsAt, due_at: d.dueAt, met_at: d.metAt, paused_at: d.pausedAt, stopped_at: d.stoppedAt ?? null, explanation: d.explanation });
      }
      for (const e of c.events) {
        events.push({ case_id: c.id, type: e.type, actor_id: e.actor?.userId ?? null, actor_role: e.actor?.role ?? null, payload: e.payload, created_at: e.at });
      }
      for (const m of c.messages) {
        messages.push({ case_id: c.id, author_id: m.author.userId, author_role: m.author.role, audience: m.audience, channel: m.channel, body: m.body, created_at: m.at });
      }
    }
    return { cases, deadlines, events, messages };
  };

  // One connection for all the bulk writes, with foreign-key triggers off where the role allows it
  // (the rows are consistent by construction) and the secondary indexes rebuilt once at the end
  // for large runs: both are several times faster than row-by-row checks and index updates.
  const big = opts.cases >= (opts.rebuildIndexesFrom ?? 20_000);
  const indexes = big ? await secondaryIndexes(db) : [];
  const timing = { build: 0, wait: 0 };
  /** Replica mode also skipped the triggers that keep the search words and report facts (migration 018). */
  let factsSkipped = false;
  // The per-filter counts (case_counts, ADR 029) are kept by a trigger per case row; a bulk load
  // turns it off and counts once at the end, in one grouped statement.
  const counted = await hasFunction(db, "case_counts_rebuild");
  // And the lock that serializes count changes at commit (migration 022): the load counts at the end.
  const serialized = await hasFunction(db, "case_counts_serialize");
  if (counted) await sql`alter table cases disable trigger case_counts_insert`.execute(db);
  if (serialized) await sql`alter table cases disable trigger case_counts_0serialize_insert`.execute(db);
  try {
    // Two writers, so that PostgreSQL uses both cores while Node builds the next batch.
    await db.connection().execute((first) =>
      db.connection().execute(async (second) => {
        const writers = [first, second];
        const replica = (
          await Promise.all(writers.map((conn) => sql`set session_replication_role = replica`.execute(conn).then(() => true, () => false)))
        ).every(Boolean);
        log(`seed: foreign-key checks ${replica ? "off while loading" : "on (the role may not turn them off)"}${big ? `; ${indexes.length} secondary indexes dropped until the end` : ""}`);
        for (const ix of indexes) await sql`drop index ${sql.id(ix.name)}`.execute(first);

        const write = async (conn: Kysely<Database>, b: ReturnType<typeof buildBatch>) => {
          await insertJson(conn, "cases", caseColumns, b.cases);
          await insertJson(conn, "case_deadlines", "case_id uuid, stage text, kind text, starts_at timestamptz, due_at timestamptz, met_at timestamptz, paused_at timestamptz, stopped_at timestamptz, explanation text", b.deadlines);
          // Events in order within a case: the timeline orders them by id. The hash chain's trigger
          // must run for them (ADR 019), and replica mode turns triggers off.
          if (replica) await sql`set session_replication_role = default`.execute(conn);
          await insertJson(conn, "case_events", "case_id uuid, type text, actor_id uuid, actor_role text, payload jsonb, created_at timestamptz", b.events);
          if (replica) await sql`set session_replication_role = replica`.execute(conn);
          await insertJson(conn, "messages", "case_id uuid, author_id uuid, author_role text, audience text, channel text, body text, created_at timestamptz", b.messages);
          totals.deadlines += b.deadlines.length;
          totals.events += b.events.length;
          totals.messages += b.messages.length;
        };

        const pending: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
        let lastLog = Date.now();
        for (let from = 0, n = 0; from < opts.cases; from += batchSize, n++) {
          let t = Date.now();
          const batch = buildBatch(from, Math.min(opts.cases, from + batchSize));
          timing.build += Date.now() - t;
          t = Date.now();
          await pending[n % 2];
          timing.wait += Date.now() - t;
          pending[n % 2] = write(writers[n % 2]!, batch);
          if (Date.now() - lastLog > 10_000) {
            lastLog = Date.now();
            log(`seed: ${from + batch.cases.length} of ${opts.cases} cases (${Math.round((Date.now() - started) / 1000)} s)`);
          }
        }
        await Promise.all(pending);
        // A staff note belongs to the client it was written for (ADR 018). Still in replica mode:
        // with triggers on, each updated message recomputed its case's search words (8+ minutes at
        // 100,000 cases); recourse_facts_rebuild below computes them once.
        await sql`update messages m set client_id = c.client_id from cases c where c.id = m.case_id and m.audience = 'staff' and m.client_id is null`.execute(first);
        if (replica) for (const conn of writers) await sql`set session_replication_role = default`.execute(conn);
        factsSkipped = replica;
      }),
    );
  } finally {
    if (serialized) await sql`alter table cases enable trigger case_counts_0serialize_insert`.execute(db);
    if (counted) {
      await sql`alter table cases enable trigger case_counts_insert`.execute(db);
      await sql`select case_counts_rebuild()`.execute(db);
    }
    // Also after a failure: a database is never left without its indexes.
    if (indexes.length) {
      log(`seed: rebuilding ${indexes.length} indexes`);
      const queue = [...indexes];
      await Promise.all(
        [0, 1].map(async () => {
          // Two at a time: one per core.
          for (let ix = queue.shift(); ix; ix = queue.shift()) {
            await sql.raw(ix.definition.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS ")).execute(db);
          }
        }),
      );
    }
  }
  log(`seed: cases written (${Math.round((Date.now() - started) / 1000)} s; building ${Math.round(timing.build / 1000)} s, waiting for the database ${Math.round(timing.wait / 1000)} s); analyzing`);
  await sql`analyze`.execute(db);
  // Computed once for everything, and only now: with the secondary indexes still dropped, the
  // per-case look-ups of messages and deadlines scanned whole tables (over 12 minutes at 100,000
  // cases instead of about one).
  if (factsSkipped && (await hasFunction(db, "recourse_facts_rebuild"))) {
    log("seed: computing search words and report facts");
    await sql`select recourse_facts_rebuild()`.execute(db);
    await sql`analyze case_search, case_facts, deadline_facts`.execute(db);
  }

  return {
    cases: opts.cases,
    ...totals,
    users: liaisonRows.length + complainantCount + officers.length,
    clients: clientRows.length,
    nextDueFilled: nextDue,
    seconds: (Date.now() - started) / 1000,
  };
}
