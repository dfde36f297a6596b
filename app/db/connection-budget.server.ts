import pg from "pg";
import { workerPoolSize } from "../jobs/worker.server";
import { APP_POOL_SIZE, OWNER_POOL_SIZE, describeDatabase } from "./db.server";

/** Left free beyond the server's own pools: psql, backups, a second server starting during a deploy. */
const SPARE_CONNECTIONS = 10;

/**
 * The most connections one server may hold at once: the main process's app and owner pools and its
 * job worker, plus each forked web process's app pool (WEB_PROCESSES > 1; with 1 the main process
 * answers HTTP from its own pool).
 */
export function connectionsNeeded(opts: { webProcesses: number; worker: boolean }): number {
  const main = APP_POOL_SIZE + OWNER_POOL_SIZE + (opts.worker ? workerPoolSize() : 0);
  return main + (opts.webProcesses > 1 ? opts.webProcesses * APP_POOL_SIZE : 0);
}

/** max_connections for the embedded PostgreSQL: its default of 100, or enough for the pools and some spare. */
export function embeddedMaxConnections(needed: number): number {
  return Math.max(100, needed + SPARE_CONNECTIONS);
}

export interface ConnectionLimits {
  maxConnections: number;
  /** superuser_reserved_connections plus reserved_connections (PostgreSQL 16+): slots ordinary roles cannot take. */
  reserved: number;
}

/**
 * What to tell the operator when PostgreSQL admits fewer ordinary connections than the pools may
 * open: under load the extra connections would be refused ("too many clients") and their requests
 * answered 503. Null when it admits enough.
 */
export function connectionBudgetWarning(limits: ConnectionLimits, needed: number, webProcesses: number): string | null {
  const admitted = limits.maxConnections - limits.reserved;
  if (needed <= admitted) return null;
  const processes = webProcesses > 1 ? `${webProcesses} web processes (WEB_PROCESSES) and the main process` : "this server";
  return (
    `WARNING: ${processes} may open up to ${needed} connections to PostgreSQL, which admits ${admitted} ` +
    `(max_connections ${limits.maxConnections}, ${limits.reserved} reserved); under load requests would be refused with 503. ` +
    `Raise max_connections to at least ${needed + limits.reserved + SPARE_CONNECTIONS} or lower WEB_PROCESSES.`
  );
}

/** Reads PostgreSQL's connection limits at `connectionString`. */
export async function readConnectionLimits(connectionString: string): Promise<ConnectionLimits> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ max: number; reserved: number }>(
      `select current_setting('max_connections')::int as max,
              current_setting('superuser_reserved_connections')::int
                + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int as reserved`,
    );
    return { maxConnections: rows[0]!.max, reserved: rows[0]!.reserved };
  } catch (error) {
    throw new Error(`cannot read max_connections of PostgreSQL at ${describeDatabase(connectionString)}: ${String(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}
