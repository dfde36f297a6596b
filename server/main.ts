import cluster from "node:cluster";
import { connectAppDatabase } from "../app/db/app-database.server";
import { connectionBudgetWarning, connectionsNeeded, embeddedMaxConnections, readConnectionLimits } from "../app/db/connection-budget.server";
import { closeDb, describeDatabase, ownerDb, waitForDatabase } from "../app/db/db.server";
import { migrateToLatest } from "../app/db/migrate.server";
import { seedDemoData, DEMO_ACCOUNTS } from "../app/seed/demo.server";
import { startWorker } from "../app/jobs/worker.server";
import { inboundMailConfig } from "../app/mail/inbound-config";
import { startInboundSmtp } from "../app/mail/inbound/smtp-listener.server";
import { devMailboxSetting } from "./dev-mailbox";
import { loadBuild, startHttpApp, type HttpApp } from "./http-app";
import { forkWebProcesses, webProcessCount, type WebProcesses } from "./web-processes";

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
  const webProcesses = webProcessCount(process.env.WEB_PROCESSES);
  if (webProcesses > 1 && dev) throw new Error("WEB_PROCESSES applies to the production server, not to --dev");
  // Before the database: without a build there is nothing to serve (startHttpApp imports it again: cached here, anew in each web process).
  if (!dev) await loadBuild();
  const withWorker = process.env.WORKER !== "0";
  const connections = connectionsNeeded({ webProcesses, worker: withWorker });
  database = await connectAppDatabase(log, { maxConnections: embeddedMaxConnections(connections) });
  const databaseUrl = database.url;
  if (!database.embedded) log(`database: PostgreSQL at ${describeDatabase(databaseUrl)}`);
  await waitForDatabase(databaseUrl, { seconds: databaseWaitSeconds, log });
  if (!database.embedded) {
    const warning = connectionBudgetWarning(await readConnectionLimits(databaseUrl), connections, webProcesses);
    if (warning) log(warning);
  }
  // The page showing every mail (sign-in links included) belongs on a laptop, not on a server.
  const mailbox = devMailboxSetting({ value: process.env.DEV_MAILBOX, embeddedDatabase: database.embedded, host, smtp: Boolean(process.env.SMTP_URL) });
  process.env.DEV_MAILBOX = mailbox.on ? "1" : "0";
  if (mailbox.warning) log(mailbox.warning);
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

  const worker = !withWorker ? null : await startWorker({ connectionString: databaseUrl });
  // The built-in SMTP listener for replies by mail, only when INBOUND_SMTP_PORT is set.
  const inbound = inboundMailConfig();
  const smtpListener = inbound?.smtpPort ? await startInboundSmtp({ ...inbound, smtpPort: inbound.smtpPort }, log) : null;

  const listening = () => {
    log(`listening on http://${host === "0.0.0.0" ? "localhost" : host}:${port}${webProcesses > 1 ? ` (${webProcesses} web processes)` : ""}`);
    if (seedDemo) {
      log("demo sign-in (staff, password for all: " + DEMO_ACCOUNTS.password + "; TOTP secret for all, in any authenticator app: " + DEMO_ACCOUNTS.totpSecret + "):");
      for (const a of DEMO_ACCOUNTS.staff) log(`  ${a.label.padEnd(30)} ${a.email}`);
      log(`  complainant (sign-in link)     ${DEMO_ACCOUNTS.complainant}${process.env.DEV_MAILBOX === "1" && !process.env.SMTP_URL ? ` — links appear at ${process.env.APP_URL}/dev/mailbox` : ""}`);
    }
  };
  // One web process: this one. More: forked, each with the database this process found or started.
  let http: HttpApp | null = null;
  let forked: WebProcesses | null = null;
  if (webProcesses > 1) {
    const env = { DATABASE_URL: databaseUrl, DEV_MAILBOX: process.env.DEV_MAILBOX!, APP_URL: process.env.APP_URL! };
    forked = forkWebProcesses({
      count: webProcesses,
      env,
      log,
      onListening: listening,
      onGiveUp: (reason) => {
        console.error(`[recourse] ${reason}: stopping`);
        void stop("web processes failing", 1);
      },
    });
  } else {
    http = await startHttpApp({ dev, port, host, onListening: listening });
  }

  // Stop accepting, let in-flight requests finish, let running jobs finish, then close the pool
  // and the embedded database.
  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down (in-flight requests get up to ${shutdownGraceSeconds} s)`);
    // One grace for all: the requests, the other web processes and the running jobs finish side by
    // side (in turn, the shutdown took twice the grace and could outlast an orchestrator's kill).
    const jobsStopped = worker?.stop(shutdownGraceSeconds * 1000).then(
      () => null,
      (error: unknown) => error,
    );
    await Promise.all([http?.close(shutdownGraceSeconds, log), forked?.stop(shutdownGraceSeconds)]);
    try {
      await smtpListener?.stop();
      const jobError = await jobsStopped;
      if (jobError) throw jobError;
      await closeDb();
      await database?.stop();
    } catch (error) {
      console.error("[recourse] error while shutting down:", error);
      process.exit(1);
    }
    log("stopped");
    process.exit(exitCode);
  };
  shutdown = stop;
}

/** A forked web process (WEB_PROCESSES > 1): only HTTP, on the database the main process gave it. */
async function webProcess() {
  const http = await startHttpApp({ dev: false, port, host, onListening: () => {} });
  let stopping = false;
  shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await http.close(shutdownGraceSeconds, log);
    await closeDb().catch((error: unknown) => console.error("[recourse] error while shutting down:", error));
    process.exit(0);
  };
}

(cluster.isWorker ? webProcess() : main()).catch(async (error: unknown) => {
  console.error("[recourse] failed to start:", error instanceof Error ? error.message : error);
  await closeDb().catch(() => {});
  await database?.stop().catch(() => {});
  process.exit(1);
});
