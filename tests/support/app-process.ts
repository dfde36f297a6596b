import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { CODE_TRIES, DEMO_TOTP_SECRET, codeFor, msUntilNextStep } from "./totp";
import path from "node:path";

/**
 * The app as a separate process: `server/main.ts` through tsx, serving the production build in
 * build/ (run `npm run build` first). Its output is kept for assertions and error messages.
 */
export interface AppProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Resolves with the exit code (or 128 + signal number) when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when a line of output matches, rejects after timeoutMs or when the process dies. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Polls /healthz until the database is "up"; rejects when the process dies or after timeoutMs. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, SIGKILL after 15 s; always resolves. */
  stop(): Promise<void>;
}

const started = new Set<AppProcess>();

// A test runner that dies must not leave apps behind.
process.once("exit", () => {
  for (const app of started) if (app.running()) app.signal("SIGKILL");
});

export function startApp(opts: { port: number; env: Record<string, string | undefined>; label?: string }): AppProcess {
  const tsx = path.resolve("node_modules", ".bin", "tsx");
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(opts.port), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${opts.port}` };
  for (const [k, v] of Object.entries(opts.env)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(tsx, ["server/main.ts"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error("could not start the app");
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    if (process.env.SYSTEM_TEST_VERBOSE) process.stderr.write(chunk.toString("utf8").replace(/^(?=.)/gm, `[${opts.label ?? "app"}] `));
    for (const wake of waiters) wake();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  const app: AppProcess = {
    child,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${opts.port}`,
    exited,
    running: () => !done,
    output: () => text,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) finish(resolve);
          else if (done) finish(() => reject(new Error(`the app ended before printing ${pattern}:\n${text}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`the app did not print ${pattern} within ${timeoutMs} ms:\n${text}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    async waitUntilHealthy(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (done) throw new Error(`the app ended before it was healthy:\n${text}`);
        try {
          const response = await fetch(`${app.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
          const body = (await response.json()) as { database?: string };
          if (response.ok && body.database === "up") return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the app was not healthy within ${timeoutMs} ms:\n${text}`);
    },
    signal(signal) {
      if (done) return;
      try {
        process.kill(app.pid, signal);
      } catch {
        // already gone
      }
    },
    async stop() {
      started.delete(app);
      if (done) return;
      app.signal("SIGTERM");
      const timer = setTimeout(() => app.signal("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  started.add(app);
  return app;
}

/** Status of a GET (or POST) that never throws: 0 for a connection that failed (reset, refused). */
export async function statusOf(url: string, init: RequestInit = {}): Promise<number> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(15_000), ...init });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * Signs a demo staff member in and returns the session cookie ("name=value"): the password on
 * /login, then a code from the demo TOTP secret on /login/verify (see tests/support/totp.ts).
 */
export async function signInStaff(baseUrl: string, email: string, password: string, totpSecret = DEMO_TOTP_SECRET): Promise<string> {
  const form = { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl };
  const first = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: form,
    body: new URLSearchParams({ email, password, next: "" }),
  });
  const pending = first.headers.get("set-cookie");
  if (first.status !== 302 || first.headers.get("location") !== "/login/verify" || !pending) {
    throw new Error(`sign-in failed: ${first.status} ${await first.text()}`);
  }
  for (let attempt = 0; attempt < CODE_TRIES; attempt++) {
    if (attempt >= 2) await new Promise((r) => setTimeout(r, msUntilNextStep()));
    const second = await fetch(`${baseUrl}/login/verify`, {
      method: "POST",
      redirect: "manual",
      headers: { ...form, Cookie: pending.split(";")[0]! },
      body: new URLSearchParams({ code: codeFor(totpSecret, attempt) }),
    });
    const cookies = second.headers.getSetCookie().map((c) => c.split(";")[0]!);
    const session = cookies.find((c) => c.startsWith("recourse_session=") && c !== "recourse_session=");
    if (second.status === 302 && session) return session;
    await second.arrayBuffer();
    if (second.status !== 400) throw new Error(`second step of sign-in failed: ${second.status}`);
  }
  throw new Error("sign-in failed: no TOTP code was accepted");
}

/**
 * Requests held inside the app: a transaction locks the sessions table, so page requests wait at
 * their session look-up. `held(n)` resolves once PostgreSQL shows n of them waiting (or after ten
 * seconds); `release()` commits and lets them go on.
 */
export async function holdSessionLookups(connectionString: string): Promise<{ held: (count: number) => Promise<void>; release: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString });
  admin.on("error", () => {});
  await admin.connect();
  await admin.query("begin");
  await admin.query("lock table sessions in access exclusive mode");
  return {
    async held(count) {
      for (let i = 0; i < 100; i++) {
        const waiting = await admin.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
        if ((waiting.rows[0] as { n: number }).n >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async release() {
      await admin.query("commit");
      await admin.end();
    },
  };
}
