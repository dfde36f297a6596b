import { closeDb } from "../app/db/db.server";
import { connectAppDatabase } from "../app/db/app-database.server";

export async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const database = await connectAppDatabase(console.log);
  try {
    await work(database.url);
  } finally {
    await closeDb();
    await database.stop();
  }
}
