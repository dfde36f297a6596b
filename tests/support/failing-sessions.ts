import { sql } from "kysely";
import { ownerDb } from "../../app/db/db.server";

/**
 * Makes every new session of one person fail (a trigger on `sessions` that raises for that user
 * only, so tests running beside it are untouched), as a database blip at that moment would.
 * Returns the function that takes the trigger away again.
 */
export async function failSessionsOf(userId: string): Promise<() => Promise<void>> {
  if (!/^[0-9a-f-]{36}$/.test(userId)) throw new Error(`not a user id: ${userId}`);
  const name = `test_no_session_${userId.replace(/-/g, "")}`;
  await sql
    .raw(`create function ${name}() returns trigger language plpgsql as $$ begin if new.user_id = '${userId}' then raise exception 'no session for this test'; end if; return new; end $$`)
    .execute(ownerDb());
  await sql.raw(`create trigger ${name} before insert on sessions for each row execute function ${name}()`).execute(ownerDb());
  return async () => {
    await sql.raw(`drop trigger if exists ${name} on sessions`).execute(ownerDb());
    await sql.raw(`drop function if exists ${name}()`).execute(ownerDb());
  };
}
