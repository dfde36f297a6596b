import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// bigint (bigserial ids, counts) as strings is pg's default; timestamps stay Date.
export type DB = Kysely<Database>;

export function createDb(connectionString: string, max = 10): DB {
  const pool = new pg.Pool({ connectionString, max });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// One instance per process, created on first use from DATABASE_URL
// (server/main.ts sets it, starting the embedded server when none was given).
const holder = globalThis as unknown as { __recourseDb?: DB };

export function db(): DB {
  if (!holder.__recourseDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app through server/main.ts or set it.");
    holder.__recourseDb = createDb(url);
  }
  return holder.__recourseDb;
}

export async function closeDb(): Promise<void> {
  const current = holder.__recourseDb;
  holder.__recourseDb = undefined;
  await current?.destroy();
}
