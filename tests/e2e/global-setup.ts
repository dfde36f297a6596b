import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, rmSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freshTestDatabase } from "../support/database";
import { startSmtpServer } from "../support/smtp";
import { E2E_INBOUND_SECRET } from "../support/mail-fixtures";

const HEALTH_TIMEOUT_MS = 60_000;

/**
 * Starts everything the end-to-end tests talk to: a fresh migrated database, an SMTP server
 * writing messages into a temporary mail folder, and the app (`server/main.ts` serving the
 * production build in build/, seeded with demo data). Tests reach them through
 * process.env.E2E_BASE_URL and process.env.E2E_MAIL_DIR (set here; Playwright passes
 * environment changes made in globalSetup on to the workers).
 * Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("E2E_PORT is not set: run through playwright.config.ts");
  const baseURL = `http://127.0.0.1:${port}`;

  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error("[e2e teardown]", error);
      }
    }
  };

  try {
    const root = await mkdtemp(path.join(os.tmpdir(), "recourse-e2e-"));
    const keep = !!process.env.E2E_KEEP_TMP;
    // If the run is interrupted before teardown can run, still remove the folder.
    const removeOnExit = () => {
      if (!keep) rmSync(root, { recursive: true, force: true });
    };
    process.once("exit", removeOnExit);
    cleanups.push(async () => {
      process.off("exit", removeOnExit);
      if (keep) console.log(`[e2e] kept ${root} (server.log, mail/, data/)`);
      else await rm(root, { recursive: true, force: true });
    });
    const mailDir = path.join(root, "mail");
    const dataDir = path.join(root, "data");
    await mkdir(dataDir, { recursive: true });

    const database = await freshTestDatabase("e2e");
    cleanups.push(() => database.drop());

    const smtp = await startSmtpServer({ dir: mailDir });
    cleanups.push(() => smtp.stop());

    const server = startApp({
      port,
      logFile: path.join(root, "server.log"),
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        APP_URL: baseURL,
        SEED_DEMO: "1",
        DATA_DIR: dataDir,
        // Replies by mail: tests/e2e/mail-reply.spec.ts posts signed messages to /inbound/email.
        INBOUND_MAIL_SECRET: E2E_INBOUND_SECRET,
        MAIL_REPLY_DOMAIN: "replies.recourse.test",
        // Every test files and signs in from 127.0.0.1: the door quotas would stop the suite.
        DOOR_QUOTA_FACTOR: "1000",
      },
    });
    cleanups.push(() => server.stop());

    await waitForHealthy(baseURL, server);

    process.env.E2E_BASE_URL = baseURL;
    process.env.E2E_MAIL_DIR = mailDir;
    // For specs that move a seeded clock into the past and run the deadline sweep (legal-clocks.spec.ts).
    process.env.E2E_DATABASE_URL = database.url;
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

interface RunningApp {
  child: ChildProcess;
  /** Resolves with the exit code/signal when the process has ended. */
  exited: Promise<string>;
  /** The last lines the server wrote to stderr (and stdout), for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

function startApp(opts: { port: number; logFile: string; env: Record<string, string> }): RunningApp {
  const tsx = path.resolve("node_modules", ".bin", process.platform === "win32" ? "tsx.cmd" : "tsx");
  const child = spawn(tsx, ["server/main.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so teardown can end it together with anything it starts.
    detached: process.platform !== "win32",
  });

  const log = createWriteStream(opts.logFile);
  const lines: string[] = [];
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    log.write(chunk);
    remember(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log.write(chunk);
    remember(chunk);
    // Server errors belong next to the failing test in the output.
    process.stderr.write(chunk.toString("utf8").replace(/^(?=.)/gm, "[server] "));
  });

  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(`failed to start: ${error.message}`));
    child.once("exit", (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`));
  });
  let running = true;
  void exited.then(() => {
    running = false;
    log.end();
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (!running || child.pid === undefined) return;
    try {
      if (process.platform === "win32") child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // If the runner dies without running teardown, don't leave the server behind.
  const onExit = () => signalGroup("SIGKILL");
  process.once("exit", onExit);

  return {
    child,
    exited,
    tail: () => lines.slice(-60).join("\n"),
    async stop() {
      process.off("exit", onExit);
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      // Anything the server started in its group outlives it unless told.
      signalGroup("SIGKILL");
    },
  };
}

async function waitForHealthy(baseURL: string, server: RunningApp): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let died: string | undefined;
  void server.exited.then((how) => (died = how));
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (died !== undefined) {
      throw new Error(`The app server ${died} before it was ready.\n--- server output ---\n${server.tail()}`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      last = `${response.status} ${body.slice(0, 200)}`;
      if (response.ok) {
        const json = JSON.parse(body) as { status?: string; database?: string };
        if (json.database === "up") return;
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `The app server did not answer ${baseURL}/healthz with database "up" within ${HEALTH_TIMEOUT_MS / 1000} s ` +
      `(last: ${last}).\n--- server output ---\n${server.tail()}`,
  );
}
