// The embedded PostgreSQL admits every connection the server's pools may open, however many web
// processes it runs (its default of 100 was fewer than ten processes' pools: "too many clients"),
// and the limits of an external one are read to warn the operator.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionBudgetWarning, connectionsNeeded, embeddedMaxConnections, readConnectionLimits } from "../../app/db/connection-budget.server";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { freePort } from "../support/ports";

const WEB_PROCESSES = 10;
const needed = connectionsNeeded({ webProcesses: WEB_PROCESSES, worker: true });
let root: string;
let server: RunningPostgres;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-budget-"));
  await chmod(root, 0o755); // as root, PostgreSQL runs as another user
  server = await startEmbeddedPostgres({ dir: path.join(root, "data"), port: await freePort(), quiet: true, maxConnections: embeddedMaxConnections(needed) });
  await server.createDatabase("budget");
});

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("connections of a server with ten web processes", () => {
  it("need more than PostgreSQL's default of 100", () => {
    expect(needed).toBeGreaterThan(100);
  });

  it("are all admitted by the embedded PostgreSQL at once", async () => {
    const clients = Array.from({ length: needed }, () => new pg.Client({ connectionString: server.url("budget") }));
    for (const client of clients) client.on("error", () => {});
    try {
      const opened = await Promise.allSettled(clients.map((client) => client.connect()));
      const refused = opened.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
      expect(refused).toEqual([]);
      const { rows } = await clients[0]!.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = 'budget'");
      expect(rows[0]!.n).toBe(needed);
    } finally {
      await Promise.allSettled(clients.map((client) => client.end()));
    }
  });

  it("are read back as the server's limits, with no warning", async () => {
    const limits = await readConnectionLimits(server.url("budget"));
    expect(limits.maxConnections).toBe(embeddedMaxConnections(needed));
    expect(limits.reserved).toBeGreaterThanOrEqual(3); // superuser_reserved_connections' default
    expect(connectionBudgetWarning(limits, needed, WEB_PROCESSES)).toBeNull();
    expect(connectionBudgetWarning(limits, limits.maxConnections, WEB_PROCESSES)).toMatch(/^WARNING: 10 web processes/);
  });
});
