import { parseArgs } from "node:util";
import { ownerDb } from "../../app/db/db.server";
import { migrateToLatest } from "../../app/db/migrate.server";
import { seedDemoData } from "../../app/seed/demo.server";
import { withDatabase } from "../with-database";
import { seedBenchData } from "./seed-data";

// npm run bench:seed -- --cases 100000 [--messages 6]
// Fills the configured database (DATABASE_URL, or the embedded one under DATA_DIR like the app).
const { values } = parseArgs({ options: { cases: { type: "string", default: "100000" }, messages: { type: "string" } } });
const cases = Number(values.cases);
if (!Number.isInteger(cases) || cases < 1) throw new Error(`--cases must be a positive whole number, got ${values.cases}`);

await withDatabase(async (url) => {
  await migrateToLatest(ownerDb(), url);
  const now = new Date();
  await seedDemoData(now);
  const result = await seedBenchData(ownerDb(), {
    cases,
    now,
    ...(values.messages !== undefined ? { messagesPerCase: Number(values.messages) } : {}),
    log: console.log,
  });
  console.log(
    `seeded ${result.cases} cases (${result.deadlines} deadlines, ${result.events} events, ${result.messages} messages, ` +
      `${result.users} users, ${result.clients} clients${result.nextDueFilled ? ", next_due_at filled" : ""}) in ${result.seconds.toFixed(1)} s`,
  );
});
