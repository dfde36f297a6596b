import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { DEMO_ACCOUNTS } from "../../app/seed/demo.server";
import { signInStaff, startApp, statusOf, type AppProcess } from "../support/app-process";
import { freePort } from "../support/ports";

/**
 * The app against a PostgreSQL this test owns and can break: connections terminated under load,
 * a restart, and a start while the database is down. WORKER=0: this is about HTTP.
 */
const officer = DEMO_ACCOUNTS.staff.find((a) => a.role === "officer")!.email;

let root: string;
let pgDir: string;
let pgPort: number;
let postgres: RunningPostgres | null = null;
let app: AppProcess | null = null;
let cookie: string;
const apps: AppProcess[] = [];

function launch(env: Record<string, string | undefined>, port: number): AppProcess {
  const started = startApp({ port, env: { WORKER: "0", SEED_DEMO: "1", DEV_MAILBOX: "0", SMTP_URL: undefined, DATA_DIR: path.join(root, "data"), ...env } });
  apps.push(started);
  return started;
}

async function startPostgres() {
  postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, quiet: true });
}

/** Polls GET url until 200; returns the milliseconds it took. Bounded by limitMs. */
async function msUntilOk(url: string, init: RequestInit, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await statusOf(url, init)) === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Infinity;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-faults-"));
  await chmod(root, 0o755); // as root, PostgreSQL runs as the postgres user
  pgDir = path.join(root, "pg");
  pgPort = await freePort();
  await startPostgres();
  await postgres!.createDatabase("recourse");
  app = launch({ DATABASE_URL: postgres!.url("recourse") }, await freePort());
  await app.waitUntilHealthy();
  cookie = await signInStaff(app.baseUrl, officer, DEMO_ACCOUNTS.password);
});

afterAll(async () => {
  for (const a of apps) await a.stop();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("when PostgreSQL drops the app's connections", () => {
  it("fails only the requests that were using them (503, never 500), stays up, and serves again within 10 s", async () => {
    const statuses: number[] = [];
    let loading = true;
    const worker = async () => {
      while (loading) statuses.push(await statusOf(`${app!.baseUrl}/cases`, { headers: { Cookie: cookie } }));
    };
    const load = Array.from({ length: 8 }, worker);

    const admin = new pg.Client({ connectionString: postgres!.url("postgres") });
    admin.on("error", () => {});
    await admin.connect();
    let terminated = 0;
    try {
      for (let round = 0; round < 4; round++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const result = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'recourse' and pid <> pg_backend_pid()");
        terminated += result.rowCount ?? 0;
      }
    } finally {
      await admin.end();
    }
    const recoveredMs = await msUntilOk(`${app!.baseUrl}/cases`, { headers: { Cookie: cookie } }, 10_000);
    loading = false;
    await Promise.all(load);

    const count = (s: number) => statuses.filter((x) => x === s).length;
    console.log(`[terminate backends] ${terminated} backends terminated; ${statuses.length} requests: ${count(200)} × 200, ${count(503)} × 503, ${count(500)} × 500, ${count(0)} failed connections; 200 again after ${recoveredMs} ms`);
    expect(terminated).toBeGreaterThan(0);
    expect(app!.running()).toBe(true);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(recoveredMs).toBeLessThanOrEqual(10_000);
  });
});

describe("when PostgreSQL restarts", () => {
  it("answers 503 'briefly unavailable' with Retry-After to pages, data requests and actions while it is down, then serves again within 10 s", async () => {
    await postgres!.stop();
    postgres = null;

    const page = await fetch(`${app!.baseUrl}/cases`, { headers: { Cookie: cookie, Accept: "text/html" } });
    const html = await page.text();
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(html).toContain("briefly unavailable");
    expect(html).toContain("Staff sign-in"); // the page header is there
    expect(html).not.toMatch(/ECONNREFUSED|at \S+ \(|node_modules/); // no stack, no internals

    expect(await statusOf(`${app!.baseUrl}/cases.data`, { headers: { Cookie: cookie } })).toBe(503);
    const action = await fetch(`${app!.baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app!.baseUrl },
      body: new URLSearchParams({ email: officer, password: DEMO_ACCOUNTS.password, next: "" }),
    });
    expect(action.status).toBe(503);
    expect(await action.text()).toContain("briefly unavailable");
    expect(await statusOf(`${app!.baseUrl}/healthz`)).toBe(503);
    expect(app!.running()).toBe(true);

    await startPostgres();
    const recoveredMs = await msUntilOk(`${app!.baseUrl}/cases`, { headers: { Cookie: cookie } }, 10_000);
    console.log(`[restart] while down: page, .data, action and /healthz answered 503; 200 again ${recoveredMs} ms after PostgreSQL was back`);
    expect(recoveredMs).toBeLessThanOrEqual(10_000);
  });
});

describe("when the app starts before PostgreSQL", () => {
  it("waits, saying for what (without the password), and starts once PostgreSQL is up", async () => {
    await postgres!.stop();
    postgres = null;
    const late = launch({ DATABASE_URL: `postgres://recourse:recourse@127.0.0.1:${pgPort}/recourse`, DATABASE_WAIT_SECONDS: "60" }, await freePort());
    await late.waitForOutput(new RegExp(`waiting for PostgreSQL at 127\\.0\\.0\\.1:${pgPort}/recourse`));
    expect(late.output()).not.toContain("recourse:recourse");
    await startPostgres();
    await late.waitUntilHealthy(30_000);
    expect(await statusOf(`${late.baseUrl}/cases`, { headers: { Cookie: cookie } })).toBe(200);
    await late.stop();
    expect((await late.exited).code).toBe(0);
  });

  it("gives up with a clear message after DATABASE_WAIT_SECONDS", async () => {
    const nobody = await freePort();
    const hopeless = launch({ DATABASE_URL: `postgres://recourse:secret-pw@127.0.0.1:${nobody}/recourse`, DATABASE_WAIT_SECONDS: "2" }, await freePort());
    const { code } = await hopeless.exited;
    expect(code).toBe(1);
    expect(hopeless.output()).toContain(`PostgreSQL at 127.0.0.1:${nobody}/recourse did not answer within 2 s`);
    expect(hopeless.output()).not.toContain("secret-pw");
  });
});
