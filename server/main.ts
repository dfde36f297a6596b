import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import type { ServerBuild } from "@remix-run/node";
import { connectAppDatabase } from "../app/db/app-database.server";
import { closeDb, describeDatabase, ownerDb, waitForDatabase } from "../app/db/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { seedDemoData, DEMO_ACCOUNTS } from "../app/seed/demo.server";
import { startWorker } from "../app/jobs/worker.server";
import { inboundMailConfig } from "../app/mail/inbound-config";
import { startInboundSmtp } from "../app/mail/inbound/smtp-listener.server";
import { refuseCrossOrigin, securityHeaders } from "./middleware";
import { retryAfterWhenUnavailable, withDatabaseUnavailableAnswered } from "./unavailable";
import { guardRequests } from "./request-limits";
import { createRequestHandler } from "./remix-handler";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
/** How long start-up waits for an external PostgreSQL to answer. */
const databaseWaitSeconds = Number(process.env.DATABASE_WAIT_SECONDS ?? 60);
/** How long SIGTERM/SIGINT lets in-flight requests finish before their connections are closed. */
const shutdownGraceSeconds = Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 10);
process.env.APP_URL ??= `http://localhost:${port}`;

function log(message: string) {
  console.log(`[recourse] ${message}`);
}

async function loadBuild(): Promise<ServerBuild> {
  try {
    // @ts-expect-error the build exists only after `npm run build`
    return (await import("../build/server/index.js")) as ServerBuild;
  } catch (error) {
    throw new Error(`no production build in build/: run \`npm run build\` first (${String(error)})`);
  }
}

let database: Awaited<ReturnType<typeof connectAppDatabase>> | null = null;

// Installed before start-up, so a signal while we wait for or start the database still ends the
// process through exit (which stops an embedded PostgreSQL), never leaving one behind.
let shutdown: ((signal: string) => Promise<void>) | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (shutdown) return void shutdown(signal);
    log(`${signal} during start-up: stopping`);
    process.exit(1);
  });
}

async function main() {
  const production = dev ? null : await loadBuild();
  database = await connectAppDatabase(log);
  const databaseUrl = database.url;
  if (!database.embedded) log(`database: PostgreSQL at ${describeDatabase(databaseUrl)}`);
  await waitForDatabase(databaseUrl, { seconds: databaseWaitSeconds, log });
  // The page showing every mail (sign-in links included) belongs on a laptop, not on a server.
  process.env.DEV_MAILBOX ??= database.embedded ? "1" : "0";
  if (!process.env.SMTP_URL) {
    log(process.env.DEV_MAILBOX === "1" ? `no SMTP_URL: mail is shown at ${process.env.APP_URL}/dev/mailbox` : "WARNING: no SMTP_URL: mail is written to files under DATA_DIR and not sent");
  }
  const applied = await migrateToLatest(ownerDb(), databaseUrl);
  log(applied.length ? `migrations applied: ${applied.join(", ")}` : "database schema is up to date");

  const seedDemo = process.env.SEED_DEMO ? process.env.SEED_DEMO === "1" : database.embedded;
  if (seedDemo) {
    const seeded = await seedDemoData(new Date());
    log(seeded ? "demo data seeded" : "demo data already present");
  }

  const worker = process.env.WORKER === "0" ? null : await startWorker({ connectionString: databaseUrl });
  // The built-in SMTP listener for replies by mail, only when INBOUND_SMTP_PORT is set.
  const inbound = inboundMailConfig();
  const smtpListener = inbound?.smtpPort ? await startInboundSmtp({ ...inbound, smtpPort: inbound.smtpPort }, log) : null;

  const app = express();
  app.disable("x-powered-by");
  app.use(retryAfterWhenUnavailable);
  app.use(compression());
  app.use(securityHeaders);
  app.use(refuseCrossOrigin);
  app.use(guardRequests);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = async () => withDatabaseUnavailableAnswered((await viteServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    // Only the files that exist go to express.static: a miss there builds an error with a stack
    // trace on every page request (about 1.4 ms each in a CPU profile).
    const publicFiles = new Set(readdirSync("build/client").filter((f) => f !== "assets").map((f) => `/${f}`));
    const servePublic = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
    build = withDatabaseUnavailableAnswered(production!);
  }
  app.all("*", createRequestHandler({ build }));

  const server: Server = app.listen(port, host, () => {
    log(`listening on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
    if (seedDemo) {
      log("demo sign-in (staff, password for all: " + DEMO_ACCOUNTS.password + "; TOTP secret for all, in any authenticator app: " + DEMO_ACCOUNTS.totpSecret + "):");
      for (const a of DEMO_ACCOUNTS.staff) log(`  ${a.label.padEnd(30)} ${a.email}`);
      log(`  complainant (sign-in link)     ${DEMO_ACCOUNTS.complainant}${process.env.DEV_MAILBOX === "1" && !process.env.SMTP_URL ? ` — links appear at ${process.env.APP_URL}/dev/mailbox` : ""}`);
    }
  });

  // Stop accepting, let in-flight requests finish (keep-alive connections are closed as soon as
  // they are idle, so they cannot hold the exit open), let running jobs finish, then close the
  // pool and the embedded database.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down (in-flight requests get up to ${shutdownGraceSeconds} s)`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    const grace = setTimeout(() => {
      log("grace period over: closing the connections still open");
      server.closeAllConnections();
    }, shutdownGraceSeconds * 1_000);
    await closed;
    clearInterval(idleSweep);
    clearTimeout(grace);
    try {
      await smtpListener?.stop();
      await worker?.stop();
      await closeDb();
      await database?.stop();
    } catch (error) {
      console.error("[recourse] error while shutting down:", error);
      process.exit(1);
    }
    log("stopped");
    process.exit(0);
  };
  shutdown = stop;
}

main().catch(async (error: unknown) => {
  console.error("[recourse] failed to start:", error instanceof Error ? error.message : error);
  await closeDb().catch(() => {});
  await database?.stop().catch(() => {});
  process.exit(1);
});
