import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { freePort } from "./ports";
import { createDb } from "../../app/db/db.server";
import { migrateToLatest } from "../../app/db/migrate.server";

/**
 * A fresh, migrated database for one test run: on the server named by DATABASE_URL
 * when given (CI runs the suite against Debian's PostgreSQL 15 this way), otherwise
 * on an embedded PostgreSQL started in a temporary folder.
 */
export async function freshTestDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `recourse_${label}_${process.pid}_${Date.now()}`;
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer = async () => {};
  if (external) {
    adminUrl = external;
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "recourse-pg-"));
    await chmod(dir, 0o755); // as root, initdb runs as a separate postgres user
    const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: await freePort(), quiet: true });
    adminUrl = server.url("postgres");
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();

  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = createDb(url, 2);
  await migrateToLatest(db, url);
  await db.destroy();

  return {
    url,
    async drop() {
      if (external) {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          // On PostgreSQL 15 a role without superuser may not end an autovacuum worker busy with the
          // database (after a bulk load): "must be a member of the role ..." (42501). It ends by itself.
          for (let attempt = 1; ; attempt++) {
            try {
              await c.query(`drop database if exists "${name}" with (force)`);
              break;
            } catch (error) {
              if ((error as { code?: string }).code !== "42501" || attempt >= 60) throw error;
              await new Promise((resolve) => setTimeout(resolve, 1000));
            }
          }
        } finally {
          await c.end();
        }
      }
      await stopServer();
    },
  };
}
