import { sql } from "kysely";
import { db } from "~/db/db.server";

export async function loader() {
  try {
    await sql`select 1`.execute(db());
    return Response.json({ status: "ok", database: "up" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "degraded", database: "down" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
