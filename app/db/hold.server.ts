import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * Holds `key` of `scope` until the transaction ends (a PostgreSQL advisory lock): a check-then-write
 * on the same key in another transaction waits for this one, then sees what it wrote.
 */
export async function holdForTransaction(trx: Kysely<Database>, scope: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${scope}), hashtext(${key}))`.execute(trx);
}
