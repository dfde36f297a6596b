import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopLeftoverPostmaster } from "../../app/db/embedded-postgres.server";
import { DEMO_ACCOUNTS } from "../../app/seed/demo.server";
import { holdSessionLookups, signInStaff, startApp, type AppProcess } from "../support/app-process";
import { freePort } from "../support/ports";

/**
 * The app owning its embedded PostgreSQL (no DATABASE_URL), as `npm start` runs it: its data in
 * a folder of mode 0700 (as root, the postgres user cannot enter it) and TMPDIR unusable.
 */
const officer = DEMO_ACCOUNTS.staff.find((a) => a.role === "officer")!.email;

let root: string;
let shared: string;
let dataDir: string;
let pgPort: number;
const apps: AppProcess[] = [];

function launch(port: number, env: Record<string, string> = {}): AppProcess {
  const app = startApp({
    port,
    env: {
      DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_PG_SHARED_DIR: shared,
      TMPDIR: path.join(root, "no-such-tmp"),
      SMTP_URL: undefined,
      ...env,
    },
  });
  apps.push(app);
  return app;
}

function postmasterPid(): number {
  // As root the data lives in the shared folder and <DATA_DIR>/postgres links to it.
  return Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "recourse-embedded-"));
  // root stays 0700 (mkdtemp's mode): the case of a clone in a folder other users cannot enter.
  // The shared folder (reachable by every user) stands in for /var/lib/recourse.
  shared = await mkdtemp(path.join(os.tmpdir(), "recourse-shared-"));
  await chmod(shared, 0o755);
  dataDir = path.join(root, "data");
  pgPort = await freePort();
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  // Whatever a failed test left running on the data directory.
  await stopLeftoverPostmaster(path.join(dataDir, "postgres")).catch(() => {});
  await rm(root, { recursive: true, force: true });
  await rm(shared, { recursive: true, force: true });
});

describe("graceful shutdown", () => {
  it("on SIGTERM finishes in-flight requests (200), is not held open by idle keep-alive connections, stops its PostgreSQL and exits 0", async () => {
    const app = launch(await freePort(), { SHUTDOWN_GRACE_SECONDS: "30" });
    await app.waitUntilHealthy(90_000);
    const cookie = await signInStaff(app.baseUrl, officer, DEMO_ACCOUNTS.password);
    const pid = postmasterPid();

    // An idle keep-alive connection, as a browser leaves one.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise<void>((resolve, reject) => {
      http.get(`${app.baseUrl}/healthz`, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
    });

    // Hold the requests inside the app: they wait for a lock on the sessions table (4 requests, at
    // most 2 connections each: within the pool of 10, so none waits for a connection).
    const lock = await holdSessionLookups(`postgres://recourse:recourse@127.0.0.1:${pgPort}/recourse`);
    const inFlight = Array.from({ length: 4 }, () =>
      fetch(`${app.baseUrl}/cases`, { headers: { Cookie: cookie } }).then(
        async (r) => `${r.status}${(await r.text()).includes("Triage queue") ? "" : " (not the queue)"}`,
        (e: unknown) => `failed: ${String(e)}`,
      ),
    );
    await lock.held(4);

    app.signal("SIGTERM");
    await app.waitForOutput(/SIGTERM: shutting down/);
    await lock.release();

    const answers = await Promise.all(inFlight);
    const { code } = await app.exited;
    agent.destroy();
    console.log(`[SIGTERM] in-flight answers: ${answers.join(", ")}; exit code ${code}; postmaster ${pid} ${alive(pid) ? "still running" : "stopped"}`);
    expect(answers).toEqual(Array(4).fill("200"));
    expect(code).toBe(0);
    expect(app.output()).not.toContain("grace period over");
    expect(alive(pid)).toBe(false);
  });
});

describe("after kill -9", () => {
  it("the next start stops the PostgreSQL the killed run left behind and serves", async () => {
    const first = launch(await freePort());
    await first.waitUntilHealthy(90_000);
    const orphan = postmasterPid();
    first.signal("SIGKILL");
    await first.exited;
    expect(alive(orphan)).toBe(true); // what kill -9 leaves

    const second = launch(await freePort());
    await second.waitUntilHealthy(60_000);
    expect(second.output()).toContain(`stopping the PostgreSQL (pid ${orphan})`);
    expect(alive(orphan)).toBe(false);
    const next = postmasterPid();
    await second.stop();
    expect((await second.exited).code).toBe(0);
    expect(alive(next)).toBe(false);
  });
});
