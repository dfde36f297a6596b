import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { closeDb, ownerDb } from "../../app/db/db.server";
import { startEmbeddedPostgres } from "../../app/db/embedded-postgres.server";
import { migrateToLatest } from "../../app/db/migrate.server";
import { issueSignInLink } from "../../app/auth/sign-in.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../../app/seed/demo.server";
import { SEND_MAIL_TASK } from "../../app/jobs/mail-job";
import { freePort } from "../../tests/support/ports";
import { staffSessionCookie } from "../../tests/support/staff-session";
import { randomTokensOf, type PageCapture, type Statement } from "./replay";
import { FLOOR_PAGE, REPORT_PAGES, SEARCH_PAGES } from "./scenarios";
import { seedBenchData } from "./seed-data";

// npm run bench [-- --cases 100000] [--duration 5] [--connections 1,10,50] [--deep 40] [--messages 6]
//                 [--queue-only] [--keep] [--processes N]
//
// A fresh embedded PostgreSQL (temporary folder, free port) is seeded with --cases cases; then the
// production build of the app and a bare node:http + pg server that replays the SQL the app ran for
// each page are measured side by side with autocannon. Prints a table and a PASS/FAIL line per target;
// the figures are also written to .data/bench/results-<cases>.json (the 1,000,000-case run compares
// its queue latency with the 100,000-case file). Both servers run --processes web processes (default
// 1: here PostgreSQL shares the two cores; WEB_PROCESSES, ADR 046).

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "1,10,50" },
    deep: { type: "string", default: "40" },
    messages: { type: "string" },
    keep: { type: "boolean", default: false },
    "queue-only": { type: "boolean" },
    processes: { type: "string", default: "1" },
  },
});
const CASES = Number(args.cases);
const DURATION = Number(args.duration);
const CONNECTIONS = args.connections!.split(",").map(Number);
const DEEP_PAGES = Number(args.deep);
const PROCESSES = Number(args.processes);
/** At 1,000,000 cases only the queue is measured, and compared with the 100,000-case figures. */
const QUEUE_ONLY = args["queue-only"] ?? CASES >= 1_000_000;
const ROOT = process.cwd();
const RESULTS_DIR = path.join(ROOT, ".data", "bench");

const say = (m: string) => console.log(`[bench] ${m}`);
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e: unknown) => console.error("[bench] cleanup:", e));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

/** Build the app when there is no build or a source file is newer than it. */
function buildIfNeeded() {
  const built = path.join(ROOT, "build", "server", "index.js");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(path.join(ROOT, "app")), newest(path.join(ROOT, "emails")))) return;
  say("building the app (npm run build)");
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

/** An SMTP server that accepts and counts every message (the app's worker sends here). */
async function startMailSink(): Promise<{ url: string; received: () => number; stop: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth: (_a, _s, cb) => cb(null, { user: "bench" }),
    onData(stream, _session, cb) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received += 1;
        cb();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

function startProcess(name: string, argv: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(`[${name}] ${chunk.toString()}`);
  });
  child.once("exit", (code) => {
    if (code !== 0 && code !== null && !stopping.has(child)) console.error(`[bench] ${name} exited with ${code}:\n${lines.slice(-30).join("\n")}`);
  });
  return child;
}

async function waitForHttp(url: string, child: ChildProcess, seconds = 60) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

const stopping = new Set<ChildProcess>();

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  stopping.add(child);
  child.kill("SIGTERM");
  await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

// ---------------------------------------------------------------------------------------------
// Pages

interface Page {
  name: string;
  method: "GET" | "POST";
  path: string;
  cookie?: string;
  /** POST: a new body for each request. */
  body?: () => string;
  /** Queue pages are the ones measured again at 1,000,000 cases. */
  queue?: boolean;
  /** Measured for comparison only, without targets: what a page with no data of its own costs. */
  floor?: boolean;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * A staff session as /login/verify starts one once the second factor is accepted (the e2e tests'
 * staffSessionCookie, the app's own sessionCookieFor): the form's second step takes each TOTP code
 * once, and the bench measures pages, not sign-in. The password is checked first, as the form does.
 */
async function signIn(email: string, password: string): Promise<string> {
  const cookie = (await staffSessionCookie(ownerDb(), email, password)).split(";")[0];
  if (!cookie) throw new Error(`signing in as ${email} failed: no session cookie`);
  return cookie;
}

async function complainantCookie(base: string, email: string): Promise<string> {
  const user = await ownerDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const link = await ownerDb().transaction().execute((trx) => issueSignInLink(trx, user.id, "/my", new Date()));
  const token = new URL(link).searchParams.get("token")!;
  const res = await fetch(`${base}/auth/link`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "sec-fetch-site": "same-origin" },
    body: form({ token }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`the complainant's sign-in link did not sign in: ${res.status}`);
  return cookie;
}

async function deepQueuePath(base: string, cookie: string, pages: number): Promise<{ path: string; followed: number }> {
  let at = "/cases";
  let followed = 0;
  for (; followed < pages; followed++) {
    const html = await (await fetch(`${base}${at}`, { headers: { cookie } })).text();
    const next = /<a[^>]*href="([^"]*)"[^>]*>\s*Next/i.exec(html)?.[1]?.replace(/&amp;/g, "&");
    if (!next) break;
    at = new URL(next, `${base}${at}`).pathname + new URL(next, `${base}${at}`).search;
  }
  return { path: at, followed };
}

/** A case with about ten timeline entries, like most. */
async function typicalCase(where: "client" | "complainant", complainantId?: string): Promise<string> {
  const { rows } = await sql<{ reference: string }>`
    select c.reference from cases c
    where c.status = 'in_progress' and ${where === "complainant" ? sql`c.complainant_id = ${complainantId}` : sql`c.client_id is not null`}
      and (select count(*) from messages m where m.case_id = c.id) + (select count(*) from case_events e where e.case_id = c.id) between 9 and 13
    limit 1`.execute(ownerDb());
  if (rows[0]) return rows[0].reference;
  const any = await sql<{ reference: string }>`select reference from cases c where ${where === "complainant" ? sql`c.complainant_id = ${complainantId}` : sql`true`} limit 1`.execute(ownerDb());
  return any.rows[0]!.reference;
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface Measurement {
  page: string;
  target: "app" | "baseline";
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  failed: number;
  /** Not run: at fewer connections the page completed almost no requests. */
  skipped?: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(url: string, page: Page, target: "app" | "baseline", connections: number, seconds: number): Promise<Measurement> {
  const times: number[] = [];
  let failed = 0;
  const headers: Record<string, string> = target === "app" && page.cookie ? { cookie: page.cookie } : {};
  const origin = new URL(url).origin;
  const post = page.method === "POST";
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: target === "app" ? page.method : "GET",
    headers: post && target === "app" ? { ...headers, "content-type": "application/x-www-form-urlencoded", origin, "sec-fetch-site": "same-origin" } : headers,
    requests: post && target === "app" ? [{ setupRequest: (req) => ({ ...req, body: page.body!() }) }] : undefined,
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 400) failed += 1;
    else times.push(ms);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    page: page.name,
    target,
    connections,
    rps: times.length / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    ok: times.length,
    failed: failed + result.errors + result.timeouts,
  };
}

/**
 * Between measurements: requests autocannon gave up on at the end of a run keep their queries
 * running in PostgreSQL and would slow the next measurement. Wait a little for them, then cancel.
 * The app's job worker is left alone: cancelling its statements failed filings' jobs (retried).
 */
async function settle() {
  const active = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
          and query not ilike '%listen%' and application_name <> 'recourse-worker'`.execute(ownerDb())
    ).rows[0]!.n;
  for (let i = 0; i < 20 && (await active()) > 0; i++) await new Promise((r) => setTimeout(r, 500));
  await sql`select pg_cancel_backend(pid) from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and backend_type = 'client backend'
      and query not ilike '%listen%' and application_name <> 'recourse-worker'`.execute(ownerDb());
}

/** A page that answers fewer than a few requests per run at fewer connections is not measured at more. */
const hopeless = (m: Measurement) => m.ok < 3;

function skipped(page: Page, target: "app" | "baseline", connections: number): Measurement {
  return { page: page.name, target, connections, rps: 0, p50: NaN, p95: NaN, p99: NaN, ok: 0, failed: 0, skipped: true };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

function table(results: Measurement[]): string {
  const head = ["page", "conn", "app req/s", "base req/s", "ratio", "app p50/p95/p99 ms", "base p50/p95/p99 ms", "failed"];
  const rows: string[][] = [];
  const keys = [...new Set(results.map((r) => `${r.page}|${r.connections}`))];
  for (const key of keys) {
    const [page, conn] = key.split("|");
    const app = results.find((r) => r.page === page && r.connections === Number(conn) && r.target === "app");
    const base = results.find((r) => r.page === page && r.connections === Number(conn) && r.target === "baseline");
    rows.push([
      page!,
      conn!,
      fmt(app?.rps ?? NaN, 1),
      fmt(base?.rps ?? NaN, 1),
      app && base ? fmt(app.rps / base.rps, 2) : "-",
      app ? `${fmt(app.p50, 1)}/${fmt(app.p95, 1)}/${fmt(app.p99, 1)}` : "-",
      base ? `${fmt(base.p50, 1)}/${fmt(base.p95, 1)}/${fmt(base.p99, 1)}` : "-",
      `${app?.failed ?? 0}/${base?.failed ?? 0}${app?.skipped || base?.skipped ? " (skipped: too slow at fewer connections)" : ""}`,
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), "recourse-bench-"));
  // The embedded server runs as the postgres user when we are root: it must be able to enter.
  chmodSync(work, 0o755);
  if (!args.keep) cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  say(`working folder ${work}`);

  buildIfNeeded();

  const pgPort = await freePort();
  const postgres = await startEmbeddedPostgres({ dir: path.join(work, "postgres"), port: pgPort });
  cleanups.push(() => postgres.stop());
  await postgres.createDatabase("recourse");
  const databaseUrl = postgres.url("recourse");
  process.env.DATABASE_URL = databaseUrl;
  cleanups.push(() => closeDb());

  await migrateToLatest(ownerDb(), databaseUrl);
  const now = new Date();
  await seedDemoData(now);
  const seed = await seedBenchData(ownerDb(), {
    cases: CASES,
    now,
    ...(args.messages !== undefined ? { messagesPerCase: Number(args.messages) } : QUEUE_ONLY ? { messagesPerCase: 2 } : {}),
    log: say,
  });
  say(`seeded ${seed.cases} cases, ${seed.messages} messages, ${seed.events} events, ${seed.deadlines} deadlines in ${seed.seconds.toFixed(1)} s`);
  // What autovacuum does in the minutes after a bulk load (hint bits, the visibility map, fresh
  // statistics), done now: otherwise it ran during the first pages' measurements, app and baseline alike.
  const vacuumStarted = Date.now();
  await sql`vacuum (analyze)`.execute(ownerDb());
  say(`vacuumed the seeded database in ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s`);

  // Every mail the app enqueues is counted by reference as it is enqueued (bench database only).
  // (Only jobs whose task is the mail task; whatever the payload looks like.)
  await sql`create table bench_enqueued (at timestamptz default clock_timestamp())`.execute(ownerDb());
  await sql`create function bench_count_job() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from graphile_worker._private_tasks t where t.id = new.task_id and t.identifier = ${sql.lit(SEND_MAIL_TASK)}) then
        insert into public.bench_enqueued default values; -- qualified: jobs are added with search_path = pg_catalog (recourse_add_jobs)
      end if;
      return new;
    end $$`.execute(ownerDb());
  await sql`create trigger bench_count_job after insert on graphile_worker._private_jobs for each row execute function bench_count_job()`.execute(ownerDb());

  const mail = await startMailSink();
  cleanups.push(() => mail.stop());

  const appPort = await freePort();
  const base = `http://127.0.0.1:${appPort}`;
  const appEnv = {
    DATABASE_URL: databaseUrl,
    PORT: String(appPort),
    HOST: "127.0.0.1",
    APP_URL: base,
    NODE_ENV: "production",
    SEED_DEMO: "0",
    SMTP_URL: mail.url,
    DEV_MAILBOX: "0",
    DATA_DIR: work,
    // Every request comes from 127.0.0.1: lift the public doors' quotas, as the e2e suite does.
    DOOR_QUOTA_FACTOR: "1000000",
    // No deadline sweeps: the seeded history owes the reminders and breach alerts a running system
    // would have sent over its months (over 150,000 notices at 100,000 cases), and the app's worker,
    // in the measured process, spent the whole run catching up with them (ADR 043).
    DEADLINE_SWEEPS: "off",
    WEB_PROCESSES: String(PROCESSES),
  };

  // 1. Capture: one request per page, one at a time, with every statement logged.
  const captureFile = path.join(work, "capture.jsonl");
  writeFileSync(captureFile, "");
  const captureApp = startProcess("app-capture", ["--import", "./scripts/bench/capture-hook.ts", "server/main.ts"], {
    ...appEnv,
    WORKER: "0",
    // One process, so that the statements of a request are captured in order.
    WEB_PROCESSES: "1",
    RECOURSE_BENCH_CAPTURE: captureFile,
  });
  await waitForHttp(`${base}/healthz`, captureApp);

  const officer = await signIn(DEMO_ACCOUNTS.staff[0]!.email, DEMO_ACCOUNTS.password);
  const liaison = await signIn(DEMO_ACCOUNTS.staff[1]!.email, DEMO_ACCOUNTS.password);
  const maria = await complainantCookie(base, DEMO_ACCOUNTS.complainant);
  const mariaId = (await ownerDb().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.complainant).executeTakeFirstOrThrow()).id;
  const northwind = (await ownerDb().selectFrom("users").select("client_id").where("email", "=", DEMO_ACCOUNTS.staff[1]!.email).executeTakeFirstOrThrow()).client_id!;
  const deep = await deepQueuePath(base, officer, DEEP_PAGES);
  say(`deep queue page: ${deep.followed} "Next page" links followed`);
  const deepShort = deep.followed < DEEP_PAGES;

  let filings = 0;
  const filingBody = (who: string) => () =>
    form({
      organization: northwind,
      category: "opt_out",
      description: "I keep receiving promotional e-mail although I unsubscribed twice this year.",
      desiredOutcome: "Stop all promotional e-mail to me.",
      earlierContact: "",
      country: "DE",
      name: "Bench Filer",
      email: `${who}.${++filings}.${randomUUID().slice(0, 8)}@example.eu`,
      submissionKey: randomUUID(),
    });

  const pages: Page[] = [
    { name: "officer queue", method: "GET", path: "/cases", cookie: officer, queue: true },
    { name: "officer queue, overdue", method: "GET", path: "/cases?due=overdue", cookie: officer, queue: true },
    { name: `officer queue, page ${deep.followed + 1}`, method: "GET", path: deep.path, cookie: officer, queue: true },
    { name: "liaison queue", method: "GET", path: "/cases", cookie: liaison, queue: true },
    // Triage search (issue 9, ADR 025): a word in about one message in five, and one reference.
    ...SEARCH_PAGES.map((p) => ({ name: p.name, method: "GET" as const, path: p.path, cookie: officer, queue: true })),
    { name: "officer search, reference", method: "GET", path: `/cases?q=${await typicalCase("client")}`, cookie: officer, queue: true },
    ...(QUEUE_ONLY
      ? []
      : ([
          { name: "officer case page", method: "GET", path: `/cases/${await typicalCase("client")}`, cookie: officer },
          { name: "complainant case page", method: "GET", path: `/my/cases/${await typicalCase("complainant", mariaId)}`, cookie: maria },
          ...REPORT_PAGES.map((p) => ({ name: p.name, method: "GET" as const, path: p.path, cookie: officer })),
          // The framework's floor (ADR 047): a page with one small statement and no session, rendered
          // by the same server: what every page pays before its own work.
          { name: FLOOR_PAGE.name, method: "GET", path: FLOOR_PAGE.path, floor: true },
          // Last: the thousand-odd cases it files are opened and mailed by the app's worker afterwards
          // (minutes of work in the app's process), which no other page should be measured beside.
          { name: "complaint filing", method: "POST", path: "/complain", body: filingBody("bench-filer") },
        ] satisfies Page[])),
  ];

  const captures: Record<string, PageCapture> = {};
  const lineCount = () => readFileSync(captureFile, "utf8").split("\n").filter(Boolean).length;
  const captureOne = async (page: Page, body?: string): Promise<Statement[]> => {
    const before = lineCount();
    const res = await fetch(`${base}${page.path}`, {
      method: page.method,
      redirect: "manual",
      headers: {
        ...(page.cookie ? { cookie: page.cookie } : {}),
        ...(body ? { "content-type": "application/x-www-form-urlencoded", origin: base, "sec-fetch-site": "same-origin" } : {}),
      },
      body,
    });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`${page.name}: ${page.method} ${page.path} answered ${res.status}`);
    await new Promise((r) => setTimeout(r, 100));
    const lines = readFileSync(captureFile, "utf8").split("\n").filter(Boolean).slice(before);
    return lines.map((l) => JSON.parse(l) as Statement);
  };
  for (const page of pages) {
    if (page.method === "GET") {
      await captureOne(page); // warm: the first request of a session may refresh it
      captures[page.name] = { statements: await captureOne(page) };
    } else {
      const bodyA = page.body!();
      const a = await captureOne(page, bodyA);
      const b = await captureOne(page, page.body!());
      const fa = new URLSearchParams(bodyA);
      const inputs = { submissionKey: fa.get("submissionKey")!, email: fa.get("email")! };
      captures[page.name] = { statements: a, filing: { inputs, randomTokens: randomTokensOf(a, b, inputs) } };
    }
    const failedStatements = captures[page.name]!.statements.filter((s) => s.error);
    if (failedStatements.length) throw new Error(`${page.name}: a captured statement failed: ${failedStatements[0]!.error}`);
    say(`${page.name}: ${captures[page.name]!.statements.length} statements`);
  }
  await stopProcess(captureApp);
  const capturesFile = path.join(work, "captures.json");
  writeFileSync(capturesFile, JSON.stringify(captures, null, 1));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `captures-${CASES}.json`), JSON.stringify(captures, null, 1));

  // 2. The app (with its mail worker) and the baseline, side by side.
  const app = startProcess("app", ["server/main.ts"], appEnv);
  const baselinePort = await freePort();
  const baseline = startProcess("baseline", ["scripts/bench/baseline.ts"], { DATABASE_URL: databaseUrl, PORT: String(baselinePort), BENCH_CAPTURES: capturesFile, BENCH_PROCESSES: String(PROCESSES) });
  await waitForHttp(`${base}/healthz`, app);
  // Its first jobs (the filings made while capturing, and their mail) done before anything is measured.
  const drained = await waitForJobs(600);
  say(`job queue empty ${drained.seconds.toFixed(0)} s after the app started (${mail.received()} mails sent so far)${drained.left ? `; ${drained.left} jobs still queued` : ""}`);
  await waitForHttp(`http://127.0.0.1:${baselinePort}/`, baseline);
  const baselineUrl = (page: Page) => `http://127.0.0.1:${baselinePort}/${encodeURIComponent(page.name)}`;

  const results: Measurement[] = [];
  let mailCheck: Awaited<ReturnType<typeof checkMail>> | null = null;
  const run = async (page: Page, target: "app" | "baseline", url: string, c: number, previous: Measurement | undefined) => {
    if (previous && (previous.skipped || hopeless(previous))) return skipped(page, target, c);
    await settle();
    return measure(url, page, target, c, DURATION);
  };
  for (const page of pages) {
    const appUrl = `${base}${page.path}`;
    // Warm both (JIT, caches, pool connections) before measuring.
    await measure(appUrl, page, "app", 2, 2);
    await settle();
    await measure(baselineUrl(page), page, "baseline", 2, 2);
    let lastApp: Measurement | undefined;
    let lastBase: Measurement | undefined;
    if (page.method === "POST") {
      // Filing: the app's runs first, then every mail it enqueued is checked before the baseline files.
      await settle();
      const since = (await sql<{ t: string }>`select clock_timestamp()::text as t`.execute(ownerDb())).rows[0]!.t;
      for (const c of CONNECTIONS) results.push((lastApp = await run(page, "app", appUrl, c, lastApp)));
      mailCheck = await checkMail(since, mail.received);
      for (const c of CONNECTIONS) results.push((lastBase = await run(page, "baseline", baselineUrl(page), c, lastBase)));
    } else {
      for (const c of CONNECTIONS) {
        results.push((lastApp = await run(page, "app", appUrl, c, lastApp)));
        results.push((lastBase = await run(page, "baseline", baselineUrl(page), c, lastBase)));
      }
    }
    say(`${page.name}: measured`);
  }
  await settle();

  // 3. Report.
  console.log(`\nRecourse benchmark: ${CASES.toLocaleString("en")} cases, ${DURATION} s per measurement, ${os.cpus().length} cores, ${PROCESSES} web process${PROCESSES === 1 ? "" : "es"} each, Node ${process.version}`);
  console.log(`seed: ${seed.seconds.toFixed(1)} s (${seed.messages} messages, ${seed.events} events, ${seed.deadlines} deadlines)\n`);
  console.log(table(results));
  console.log("");

  const verdicts: [boolean, string][] = [];
  const notes: string[] = [];
  const get = (page: string, target: "app" | "baseline", c: number) => results.find((r) => r.page === page && r.target === target && r.connections === c);
  const measuredPages = [...new Set(results.map((r) => r.page))];
  if (!QUEUE_ONLY) {
    verdicts.push([seed.seconds < 300, `seed of ${CASES} cases under 5 minutes: ${seed.seconds.toFixed(0)} s`]);
    for (const p of measuredPages) {
      const a10 = get(p, "app", 10);
      const b10 = get(p, "baseline", 10);
      if (pages.find((x) => x.name === p)?.floor) {
        if (a10 && b10) notes.push(`${p}: ${fmt(a10.rps, 1)} vs ${fmt(b10.rps, 1)} req/s at 10 connections (${fmt(a10.rps / b10.rps, 2)}x), p95 ${fmt(a10.p95, 1)} ms; for comparison, no target`);
        continue;
      }
      if (a10 && b10) verdicts.push([a10.ok > 0 && a10.rps >= b10.rps / 2, `${p}: at least half the baseline's throughput at 10 connections: ${fmt(a10.rps, 1)} vs ${fmt(b10.rps, 1)} req/s (${fmt(a10.rps / b10.rps, 2)}x)`]);
      const a1 = get(p, "app", 1);
      if (a1) verdicts.push([a1.p95 < 50, `${p}: p95 under 50 ms at 1 connection: ${fmt(a1.p95, 1)} ms`]);
      if (a10) verdicts.push([a10.p95 < 200, `${p}: p95 under 200 ms at 10 connections: ${fmt(a10.p95, 1)} ms`]);
      for (const r of results.filter((x) => x.page === p && x.target === "app" && !x.skipped && x.ok === 0)) verdicts.push([false, `${p}: no request completed within ${DURATION} s at ${r.connections} connections`]);
      for (const r of results.filter((x) => x.page === p && x.target === "app" && x.failed > 0)) verdicts.push([false, `${p}: ${r.failed} failed requests at ${r.connections} connections`]);
    }
    const filing = results.filter((r) => r.page === "complaint filing" && r.target === "app");
    if (filing.length && mailCheck) {
      const best = Math.max(...filing.map((r) => r.rps));
      verdicts.push([best >= 100, `complaint filing: at least 100 complaints/s: ${fmt(best, 1)}/s at best`]);
      verdicts.push([
        mailCheck.accepted > 0 && mailCheck.filed === mailCheck.accepted && (mailCheck.mailsPerCase ?? 0) >= 1,
        `complaint filing: every submission opened a case with its mail: ${mailCheck.accepted} accepted, ${mailCheck.filed} cases opened by the worker ` +
          `(${fmt(mailCheck.openedPerSecond ?? NaN, 1)}/s, all done ${fmt(mailCheck.waitedSeconds, 0)} s after the last request), ` +
          `${mailCheck.mailsPerCase ?? "differing numbers of"} mails per case; ${mailCheck.enqueued} mail jobs enqueued meanwhile, SMTP received ${mailCheck.delivered} in all, ${mailCheck.queued} jobs still queued`,
      ]);
    }
  } else {
    const reference = path.join(RESULTS_DIR, "results-100000.json");
    if (!existsSync(reference)) {
      verdicts.push([false, `no 100,000-case figures to compare with (${reference}): run npm run bench first`]);
    } else {
      const before = (JSON.parse(readFileSync(reference, "utf8")) as { results: Measurement[] }).results;
      for (const p of measuredPages) {
        for (const c of CONNECTIONS) {
          const now1m = get(p, "app", c);
          const was = before.find((r) => r.page.replace(/page \d+/, "page") === p.replace(/page \d+/, "page") && r.target === "app" && r.connections === c);
          if (!now1m) continue;
          if (now1m.skipped || now1m.ok === 0) verdicts.push([false, `${p} at ${c} connections: no request completed within ${DURATION} s at ${CASES} cases`]);
          else if (!was || was.ok === 0 || was.p95 === null) verdicts.push([false, `${p} at ${c} connections: p95 ${fmt(now1m.p95, 1)} ms at ${CASES} cases; no 100,000-case figure to compare with`]);
          else verdicts.push([now1m.p95 <= was.p95 * 1.5, `${p} at ${c} connections: p95 ${fmt(now1m.p95, 1)} ms at ${CASES} cases vs ${fmt(was.p95, 1)} ms at 100,000 (${fmt(now1m.p95 / was.p95, 2)}x; target within 1.5x)`]);
        }
      }
    }
  }
  if (deepShort) verdicts.push([false, `the deep queue page is page ${deep.followed + 1}, not ${DEEP_PAGES + 1}: fewer "Next page" links than asked for (too few open cases, or the link changed)`]);
  for (const [ok, text] of verdicts) console.log(`${ok ? "PASS" : "FAIL"}  ${text}`);
  for (const text of notes) console.log(`NOTE  ${text}`);
  writeFileSync(
    path.join(RESULTS_DIR, `results-${CASES}.json`),
    JSON.stringify({ cases: CASES, at: new Date().toISOString(), durationSeconds: DURATION, seedSeconds: seed.seconds, mailCheck, results, verdicts, notes }, null, 1),
  );
  say(`figures written to ${path.relative(ROOT, path.join(RESULTS_DIR, `results-${CASES}.json`))}; whole run ${Math.round((Date.now() - started) / 1000)} s`);
  await stopProcess(app);
  await stopProcess(baseline);
  return verdicts.every(([ok]) => ok);
}

/**
 * After the app's filings. The request only stores the submission and queues a `public_filing` job
 * (ADR 032); the app's worker opens the case and queues its mail. So: wait for those jobs, then
 * check that every accepted submission became a case (none lost) and that every case got the same
 * mail (the acknowledgement and the officers' notices), and how fast the worker opened them.
 */
/**
 * Waits, up to `seconds`, until the job queue holds nothing to run and nothing running (a job
 * being worked on has its attempt counted already, so its lock is what shows it), twice in a row a
 * second apart (a recurring task is added by the worker's scheduler, a moment after start).
 */
async function waitForJobs(seconds: number): Promise<{ left: number; seconds: number }> {
  const started = Date.now();
  const pending = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where attempts < max_attempts or locked_at is not null`.execute(ownerDb())).rows[0]!.n;
  let left = await pending();
  let quiet = 0;
  while (Date.now() - started < seconds * 1000) {
    quiet = left === 0 ? quiet + 1 : 0;
    if (quiet >= 2) break;
    await new Promise((res) => setTimeout(res, 1000));
    left = await pending();
  }
  return { left, seconds: (Date.now() - started) / 1000 };
}

async function checkMail(since: string, received: () => number) {
  const pendingFilings = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'public_filing' and j.attempts < j.max_attempts`.execute(ownerDb())).rows[0]!.n;
  const waitStarted = Date.now();
  for (let i = 0; i < 600 && (await pendingFilings()) > 0; i++) await new Promise((r) => setTimeout(r, 500));
  const { rows } = await sql<{ accepted: number; filed: number; first: string | null; last: string | null; fewest: number | null; most: number | null; enqueued: number }>`
    with filed as (
      select c.id from public_filings f join cases c on c.id = f.case_id
      where f.created_at >= ${since}::timestamptz and f.outcome = 'opened'
    ), per_case as (
      select f.id, count(d.id)::int as n from filed f left join mail_deliveries d on d.case_id = f.id group by f.id
    )
    select (select count(*)::int from public_filings where created_at >= ${since}::timestamptz) as accepted,
           (select count(*)::int from filed) as filed,
           (select min(processed_at)::text from public_filings where created_at >= ${since}::timestamptz) as first,
           (select max(processed_at)::text from public_filings where created_at >= ${since}::timestamptz) as last,
           (select min(n) from per_case) as fewest, (select max(n) from per_case) as most,
           (select count(*)::int from bench_enqueued where at >= ${since}::timestamptz) as enqueued`.execute(ownerDb());
  const r = rows[0]!;
  // Bounded wait for the worker to send the mail (not what is measured, but nothing may be lost).
  // Up to ten minutes: the worker runs in the app's process, and the pages measured next (the
  // reports) would otherwise share its CPU with a few thousand sends.
  const queued = (await waitForJobs(600)).left;
  const openedSeconds = r.first && r.last ? (Date.parse(r.last) - Date.parse(r.first)) / 1000 : null;
  return {
    accepted: r.accepted,
    filed: r.filed,
    mailsPerCase: r.fewest === r.most ? r.fewest : null,
    enqueued: r.enqueued,
    /** Cases the worker opened per second while it worked through the submissions. */
    openedPerSecond: openedSeconds ? r.filed / openedSeconds : null,
    waitedSeconds: (Date.now() - waitStarted) / 1000,
    delivered: received(),
    queued,
  };
}

main()
  .then(async (ok) => {
    await cleanup();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (error: unknown) => {
    console.error("[bench] failed:", error);
    await cleanup();
    process.exit(2);
  });
