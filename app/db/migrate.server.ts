import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Migrator, type Migration, type MigrationProvider, type Kysely } from "kysely";
import { runMigrations as runWorkerMigrations } from "graphile-worker";

// Kysely's FileMigrationProvider imports from inside node_modules, where tsx/vitest
// do not transform .ts; importing from our own code works in both.
class MigrationsFolder implements MigrationProvider {
  constructor(private readonly folder: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      out[file.replace(/\.(ts|js)$/, "")] = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
    }
    return out;
  }
}

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "migrations");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, connectionString: string): Promise<string[]> {
  // Branches written side by side add migrations whose names sort before one already applied
  // elsewhere; each of ours stands alone, so they run in name order whenever they arrive.
  const migrator = new Migrator({ db, provider: new MigrationsFolder(MIGRATIONS_FOLDER), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${String((error as Error).message ?? error)}`);
  }
  // The job queue keeps its own schema (graphile_worker), migrated with ours.
  await runWorkerMigrations({ connectionString });
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

