import { ownerDb } from "../app/db/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../app/seed/demo.server";
import { withDatabase } from "./with-database";

await withDatabase(async (url) => {
  await migrateToLatest(ownerDb(), url);
  const seeded = await seedDemoData(new Date());
  console.log(seeded ? "demo data seeded" : "demo data was already there; accounts checked");
  console.log(`staff password: ${DEMO_ACCOUNTS.password}; ${DEMO_ACCOUNTS.staff.map((a) => a.email).join(", ")}`);
});
