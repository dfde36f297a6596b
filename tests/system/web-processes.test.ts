import { readFileSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmbeddedPostgres, type RunningPostgres } from "../../app/db/embedded-postgres.server";
import { DEMO_ACCOUNTS } from "../../app/seed/demo.server";
import { holdSessionLookups, signInStaff, startApp, statusOf, type AppProcess } from "../support/app-process";
import { freePort } from "../support/ports";

/**
 * WEB_PROCESSES=2 (ADR 046): the main process keeps the database and the job worker and forks two
 * web processes on one port. A web process that dies is replaced; SIGTERM lets every web
 * process finish its requests, then everything stops and the exit code is 0.
 */
const officer = DEMO_ACCOUNTS.staff.find((a) => a.role === "officer")!.email;

let root: string;
let postgres: RunningPostgres;
let app: AppProcess;

/** Every process's parent, from /proc. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  return parentOf;
}

const runsMain = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server/main.ts");
  } catch {
    return false;
  }
};

/** The web processes: server/main.ts processes under the app whose parent runs server/main.ts too (the main process). */
function webProcesses(): number[] {
  const parentOf = parents();
  const under = (p: number): boolean => p === app.pid || (p > 1 && parentOf.has(p) && under(parentOf.get(p)!));
  const mains = [...parentOf.keys()].filter((p) => p !== app.pid && under(p) && runsMain(p));
  return mains.filter((p) => mains.includes(parentOf.get(p)!));
}

async function until(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-web-"));
  await chmod(root, 0o755);
  postgres = await startEmbeddedPostgres({ dir: path.join(root, "pg"), port: await freePort(), quiet: true });
  await postgres.createDatabase("recourse");
  app = startApp({
    port: await freePort(),
    env: { DATABASE_URL: postgres.url("recourse"), SEED_DEMO: "1", DEV_MAILBOX: "0", SMTP_URL: undefined, DATA_DIR: path.join(root, "data"), WEB_PROCESSES: "2", SHUTDOWN_GRACE_SECONDS: "30" },
    label: "web",
  });
  await app.waitUntilHealthy(90_000);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

it("serves from two web processes, and replaces one that is killed", async () => {
  expect(app.output()).toMatch(/listening on .* \(2 web processes\)/);
  await until(() => webProcesses().length === 2, 30_000, "two web processes");
  const cookie = await signInStaff(app.baseUrl, officer, DEMO_ACCOUNTS.password);
  const queue = () => statusOf(`${app.baseUrl}/cases`, { headers: { Cookie: cookie } });
  expect(await Promise.all(Array.from({ length: 10 }, queue))).toEqual(Array(10).fill(200));

  const [killed] = webProcesses();
  process.kill(killed!, "SIGKILL");
  await app.waitForOutput(new RegExp(`web process ${killed} exited \\(SIGKILL\\); starting another`));
  // The other one answers meanwhile; then a new one takes the killed one's place.
  expect(await queue()).toBe(200);
  await until(() => webProcesses().length === 2 && !webProcesses().includes(killed!), 30_000, "a replacement web process");
  expect(await Promise.all(Array.from({ length: 10 }, queue))).toEqual(Array(10).fill(200));
});

it("on SIGTERM lets both web processes finish their requests (200), then exits 0", async () => {
  const cookie = await signInStaff(app.baseUrl, officer, DEMO_ACCOUNTS.password);
  const web = webProcesses();
  // Requests held inside the app: they wait for a lock on the sessions table.
  const lock = await holdSessionLookups(postgres.url("recourse"));
  const inFlight = Array.from({ length: 6 }, () => statusOf(`${app.baseUrl}/cases`, { headers: { Cookie: cookie } }));
  await lock.held(6);

  app.signal("SIGTERM");
  await app.waitForOutput(/SIGTERM: shutting down/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await lock.release();

  const answers = await Promise.all(inFlight);
  const { code } = await app.exited;
  console.log(`[web processes] in-flight answers after SIGTERM: ${answers.join(", ")}; exit code ${code}`);
  expect(answers).toEqual(Array(6).fill(200));
  expect(code).toBe(0);
  expect(app.output()).not.toContain("grace period over");
  expect(app.output()).toContain("stopped");
  await until(() => web.every((p) => !readdirSync("/proc").includes(String(p))), 10_000, "the web processes gone");
});
