import { ownerDb } from "../app/db/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { withDatabase } from "./with-database";

await withDatabase(async (url) => {
  const applied = await migrateToLatest(ownerDb(), url);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "the schema is up to date");
});
