import { afterAll, inject } from "vitest";
import { closeDb } from "../../app/db/db.server";

// Models reach the database through db(), which reads DATABASE_URL.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.APP_URL ??= "http://localhost:3000";
// Workers started by the mail tests do not sweep deadlines on a timer; the sweep tests run it themselves.
process.env.DEADLINE_SWEEPS ??= "off";

afterAll(async () => {
  await closeDb();
});
