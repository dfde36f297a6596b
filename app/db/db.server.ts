import { Kysely, PostgresDialect, type KyselyConfig } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { NamingClient } from "./named-statements.server";
import { InlineLimitsPlugin } from "./inline-limits";
import { isDatabaseUnavailable } from "./unavailable";

// bigint (bigserial ids, counts) as strings is pg's default; timestamps stay Date.
export type DB = Kysely<Database>;

/** How long a request waits for a connection before it fails (and is answered 503). */
const CONNECT_TIMEOUT_MS = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000);

/** "host:port/database" of a connection string, never its password (for logs). */
export function describeDatabase(connectionString: string): string {
  try {
    const u = new URL(connectionString);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

// A connection PostgreSQL drops (restart, failover, pg_terminate_backend) emits 'error' on its
// client, and an idle one also on the pool; an 'error' event without a listener ends the process.
// The pool already discards such clients; the request that was using one fails on its own.
let lastLogged = 0;
function logLostConnection(error: Error) {
  const now = Date.now();
  if (now - lastLogged < 1_000) return; // one line per burst, not one per connection
  lastLogged = now;
  console.error(`[db] connection lost: ${error.message}${isDatabaseUnavailable(error) ? " (the pool reconnects on next use)" : ""}`);
}

/**
 * The role the app's queries run as (migrations/2026-11-29-007-walls.ts creates it): it owns no
 * table, is no superuser and cannot bypass row-level security, so every query sees only what the
 * policies give the actor its transaction names (app/db/actor.server.ts). ADR 018.
 */
export const APP_ROLE = "recourse_app";

/** Connections each process's app pool may open (db()). */
export const APP_POOL_SIZE = 10;
/** Connections the owner's pool may open (ownerDb(): migrations, seeding; the main process only). */
export const OWNER_POOL_SIZE = 3;

export function createPool(connectionString: string, max = 10, applicationName?: string, opts: { role?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    ...(applicationName ? { application_name: applicationName } : {}),
    // Set at connection start-up: a connection that cannot take the role fails to open, it never
    // runs a query as the login user; RESET ROLE returns to this role, not to the login user.
    ...(opts.role ? { options: `-c role=${opts.role}` } : {}),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    // Statements prepared by name: their plans stay on the connection (ADR 045).
    Client: NamingClient,
  });
  pool.on("error", logLostConnection);
  pool.on("connect", (client) => client.on("error", logLostConnection));
  return pool;
}

export function createDb(connectionString: string, max = 10, options: Pick<KyselyConfig, "log"> & { role?: string } = {}): DB {
  const { role, ...config } = options;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(connectionString, max, undefined, { role }) }),
    plugins: [new InlineLimitsPlugin()],
    ...config,
  });
}

/**
 * The app's connection to the database as the app role: DATABASE_APP_URL when given (a login of
 * its own, member of nothing that owns tables), otherwise DATABASE_URL switching into APP_ROLE.
 */
export function createAppDb(max = APP_POOL_SIZE, options: Pick<KyselyConfig, "log"> = {}): DB {
  const appUrl = process.env.DATABASE_APP_URL;
  if (appUrl) return createDb(appUrl, max, options);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app through server/main.ts or set it.");
  return createDb(url, max, { ...options, role: APP_ROLE });
}

/**
 * Wait until PostgreSQL at `connectionString` answers, retrying with backoff for up to `seconds`
 * while the failure is one that passes (refused, starting up, shutting down). Other failures
 * (wrong password, no such database) are thrown at once.
 */
export async function waitForDatabase(
  connectionString: string,
  opts: { seconds: number; log?: (message: string) => void },
): Promise<void> {
  const deadline = Date.now() + opts.seconds * 1_000;
  const where = describeDatabase(connectionString);
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      if (attempt > 1) opts.log?.(`PostgreSQL at ${where} is up`);
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message || (error as { code?: string }).code || String(error) : String(error);
      if (!isDatabaseUnavailable(error)) throw new Error(`cannot use PostgreSQL at ${where}: ${reason}`, { cause: error });
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`PostgreSQL at ${where} did not answer within ${opts.seconds} s (DATABASE_WAIT_SECONDS); last error: ${reason}`, { cause: error });
      }
      if (attempt === 1 || attempt % 5 === 0) {
        opts.log?.(`waiting for PostgreSQL at ${where} (${reason}); giving up in ${Math.ceil(left / 1_000)} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
      delay = Math.min(delay * 2, 5_000);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

// One instance of each per process, created on first use from DATABASE_URL
// (server/main.ts sets it, starting the embedded server when none was given).
const holder = globalThis as unknown as { __recourseDb?: DB; __recourseOwnerDb?: DB };

/**
 * The app's database, as the app role: row-level security applies. Protected tables (cases and
 * what hangs off a case) show rows only inside a transaction that names its actor: use
 * asActor / asSystem (app/db/actor.server.ts), never db() on its own, for those tables.
 */
export function db(): DB {
  holder.__recourseDb ??= createAppDb();
  return holder.__recourseDb;
}

/**
 * The database as the owner of the tables (the DATABASE_URL user): for migrations, the job
 * queue's worker and the benchmark's bulk seeding only. The owner is exempt from row-level
 * security; request handling never uses this.
 */
export function ownerDb(): DB {
  if (!holder.__recourseOwnerDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through server/main.ts or set it.");
    holder.__recourseOwnerDb = createDb(url, OWNER_POOL_SIZE);
  }
  return holder.__recourseOwnerDb;
}

export async function closeDb(): Promise<void> {
  const current = [holder.__recourseDb, holder.__recourseOwnerDb];
  holder.__recourseDb = undefined;
  holder.__recourseOwnerDb = undefined;
  await Promise.all(current.map((d) => d?.destroy()));
}
