import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.server";

/**
 * The database the app and its scripts use: DATABASE_URL when set, otherwise the
 * embedded PostgreSQL with its data under DATA_DIR (default .data/), admitting `maxConnections`.
 * Sets DATABASE_URL.
 */
export async function connectAppDatabase(
  log: (m: string) => void = () => {},
  opts: { maxConnections?: number } = {},
): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dir = path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "postgres");
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  log(`no DATABASE_URL: starting the embedded PostgreSQL (data in ${dir}, port ${port})`);
  const server = await startEmbeddedPostgres({ dir, port, log, maxConnections: opts.maxConnections });
  await server.createDatabase("recourse");
  process.env.DATABASE_URL = server.url("recourse");
  return { url: process.env.DATABASE_URL, embedded: true, stop: () => server.stop() };
}
