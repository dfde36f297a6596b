import { randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";

/** One statement a page ran, as captured from the app (capture-hook.ts). */
export interface Statement {
  sql: string;
  params: unknown[];
  rows: Record<string, unknown>[];
  error?: string;
  /** The app's connection that ran it (capture-hook.ts numbers them); absent in older captures. */
  connection?: number;
}

/** What a filing request carries that must be new each time (unique constraints). */
export interface FilingInputs {
  submissionKey: string;
  email: string;
}

export interface PageCapture {
  statements: Statement[];
  /** Filing only: the inputs of the captured request, and the random values the app made itself. */
  filing?: { inputs: FilingInputs; randomTokens: string[] };
}

const TOKEN = /[A-Za-z0-9_-]{20,}/g;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "number" || typeof value === "bigint") out.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => strings(v, out));
  return out;
}

/**
 * The values the app generated at random for filing A (a sign-in token and its hash, message ids):
 * long tokens in A's parameters that appear nowhere in filing B and come neither from a result
 * row nor from A's form.
 */
export function randomTokensOf(a: Statement[], b: Statement[], inputs: FilingInputs): string[] {
  const inB = new Set(b.flatMap((s) => strings(s.params).flatMap((p) => p.match(TOKEN) ?? [])));
  const fromResults = new Set(a.flatMap((s) => strings(s.rows)));
  const found = new Set<string>();
  for (const p of a.flatMap((s) => strings(s.params))) {
    for (const token of p.match(TOKEN) ?? []) {
      if (inB.has(token) || fromResults.has(token) || inputs.submissionKey.includes(token) || inputs.email.includes(token)) continue;
      found.add(token);
    }
  }
  return [...found];
}

function freshLike(token: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(token)) return randomUUID();
  if (/^[0-9a-f]+$/.test(token)) return randomBytes(token.length).toString("hex").slice(0, token.length);
  return randomBytes(token.length).toString("base64url").slice(0, token.length);
}

const pad6 = (v: string) => v.padStart(6, "0");

/**
 * A page's statements per connection the app ran them on, in the order each connection was first
 * used; each keeps its own order. The app runs a page's transactions on several connections at
 * once: replayed interleaved on one, the first COMMIT would end the other transaction too, and its
 * later statements would run without the actor's settings (a search then walked every case and
 * matched none: 2.5 s against the app's 40 ms).
 */
export function byConnection(statements: Statement[]): Statement[][] {
  const groups = new Map<number | undefined, Statement[]>();
  for (const s of statements) {
    const group = groups.get(s.connection);
    if (group) group.push(s);
    else groups.set(s.connection, [s]);
  }
  return [...groups.values()];
}

/**
 * A page as the app ran it: each connection's statements on a connection of the pool, at the
 * same time, as the app's Promise.all does. A filing's run one connection after another on one
 * (later statements take values from earlier results).
 */
export async function replayPage(pool: pg.Pool, page: PageCapture, fresh?: FilingInputs): Promise<number> {
  const onClient = async (work: (client: pg.PoolClient) => Promise<number>) => {
    const client = await pool.connect();
    try {
      return await work(client);
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  if (page.filing) return onClient((client) => replay(client, page, fresh));
  const counts = await Promise.all(byConnection(page.statements).map((statements) => onClient((client) => replay(client, { statements }))));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Runs a page's statements on one connection, one connection's statements after another's
 * (byConnection). For a filing, values that must differ per request are rewritten: the form's
 * inputs, the app's random tokens, and every value an earlier statement returned (the new user's
 * and case's ids, the reference sequence number).
 */
export async function replay(client: pg.PoolClient, page: PageCapture, fresh?: FilingInputs): Promise<number> {
  const exact = new Map<string, string>();
  const substrings: [string, string][] = [];
  if (page.filing && fresh) {
    substrings.push([page.filing.inputs.submissionKey, fresh.submissionKey], [page.filing.inputs.email, fresh.email]);
    for (const t of page.filing.randomTokens) substrings.push([t, freshLike(t)]);
  }
  const rewrite = (value: unknown): unknown => {
    if (!page.filing || !fresh) return value;
    if (typeof value === "string") {
      if (exact.has(value)) return exact.get(value);
      let v = value;
      for (const [from, to] of substrings) if (v.includes(from)) v = v.split(from).join(to);
      return v;
    }
    if (typeof value === "number" && exact.has(String(value))) return Number(exact.get(String(value)));
    if (Array.isArray(value)) return value.map(rewrite);
    return value;
  };
  let rows = 0;
  for (const s of byConnection(page.statements).flat()) {
    const result = await client.query(s.sql, s.params.map(rewrite));
    rows += result.rowCount ?? 0;
    if (!page.filing || !fresh) continue;
    s.rows.forEach((old, i) => {
      const now = result.rows[i] as Record<string, unknown> | undefined;
      if (!now) return;
      for (const [column, before] of Object.entries(old)) {
        // pg returns timestamptz as a Date; the capture holds its JSON form (ISO), and so must the
        // replayed parameter: String(date) is a local, second-precision text the app never sent.
        const returned = now[column];
        const after = returned instanceof Date ? returned.toISOString() : returned;
        if (before === after || before === null || after === null || typeof before === "object") continue;
        exact.set(String(before), String(after));
        if (/^[0-9a-f-]{36}$/.test(String(before))) substrings.push([String(before), String(after)]);
        // A sequence number becomes part of a reference ("PS-2026-000123") in later statements.
        if (/^\d+$/.test(String(before))) substrings.push([`-${pad6(String(before))}`, `-${pad6(String(after))}`]);
      }
    });
  }
  return rows;
}
