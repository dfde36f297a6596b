import { Kysely, PostgresDialect, sql } from "kysely";
import { EventEmitter } from "node:events";
import { Logger, run, runOnce, type Runner, type TaskList, type WorkerEvents, type WorkerPool } from "graphile-worker";
import { z } from "zod";
import { createPool } from "../db/db.server";
import type { Database } from "../db/schema";
import { SEND_MAIL_TASK } from "./mail-job";
import { DEFAULT_MAIL_RETRY_POLICY, type MailRetryPolicy } from "./mail-retry";
import { makeSendMailTask, type SendMailDeps } from "./tasks/send-mail.server";
import { makeSignInRequestTask } from "./tasks/sign-in-request.server";
import { makePublicFilingTask } from "./tasks/public-filing.server";
import { PUBLIC_FILING_TASK } from "../models/public-filing.server";
import { SIGN_IN_REQUEST_TASK } from "../auth/sign-in.server";
import { DEADLINE_SWEEP_TASK, HOUSEKEEPING_TASK, NOTICE_DIGEST_TASK, RECURRING_TASKS, makeDeadlineSweepTask, makeHousekeepingTask, makeNoticeDigestTask } from "./tasks/deadline-sweep.server";
import { RETENTION_RECURRING_TASK, RETENTION_SWEEP_TASK, makeRetentionSweepTask } from "./tasks/retention-sweep.server";
import { makeErasureTask } from "./tasks/erasure.server";
import { ERASURE_TASK } from "../models/erasure.server";

/**
 * graphile-worker's logger, quiet except for errors (a failed job, a lost connection).
 * Only the message is printed: the metadata holds the job, whose payload may name a person.
 */
export const workerLogger = new Logger((scope) => (level, message) => {
  if ((level as string) !== "error") return;
  const where = [scope.taskIdentifier, scope.jobId ? `#${scope.jobId}` : undefined].filter(Boolean).join(" ");
  console.error(`[worker${where ? ` ${where}` : ""}] ${message}`);
});

/** How mail is retried and how dead workers are detected; every figure can be set in the environment. */
export interface MailWorkerConfig {
  retry: MailRetryPolicy;
  /** One send attempt may take this long (MAIL_SEND_TIMEOUT_SECONDS, default 60). */
  sendTimeoutMs: number;
  /**
   * A mail job locked for longer than this belongs to a dead worker, whose locks are then released
   * (MAIL_STALE_LOCK_SECONDS, default 300; at least twice the send timeout, so a live worker,
   * whose attempts end within the send timeout, is never taken for a dead one).
   */
  staleLockMs: number;
  /** How often each process looks for dead workers' locks (MAIL_UNLOCK_INTERVAL_SECONDS, default 60). */
  unlockIntervalMs: number;
}

const seconds = (fallback: number) => z.coerce.number().positive().max(30 * 86_400).default(fallback);
const envSchema = z.object({
  MAIL_RETRY_FIRST_DELAY_SECONDS: seconds(DEFAULT_MAIL_RETRY_POLICY.firstDelayMs / 1000),
  MAIL_RETRY_MAX_DELAY_SECONDS: seconds(DEFAULT_MAIL_RETRY_POLICY.maxDelayMs / 1000),
  MAIL_RETRY_WINDOW_SECONDS: seconds(DEFAULT_MAIL_RETRY_POLICY.windowMs / 1000),
  MAIL_SEND_TIMEOUT_SECONDS: seconds(60),
  MAIL_STALE_LOCK_SECONDS: seconds(300),
  MAIL_UNLOCK_INTERVAL_SECONDS: seconds(60),
});

/** The mail worker's settings from the environment; throws with the variable's name when one is bad. */
export function mailWorkerConfigFromEnv(env: Record<string, string | undefined> = process.env): MailWorkerConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("MAIL_") && v?.trim()));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? "MAIL_*")}: ${issue?.message ?? "invalid"} (a number of seconds)`);
  }
  const e = parsed.data;
  const config: MailWorkerConfig = {
    retry: { firstDelayMs: e.MAIL_RETRY_FIRST_DELAY_SECONDS * 1000, maxDelayMs: e.MAIL_RETRY_MAX_DELAY_SECONDS * 1000, windowMs: e.MAIL_RETRY_WINDOW_SECONDS * 1000 },
    sendTimeoutMs: e.MAIL_SEND_TIMEOUT_SECONDS * 1000,
    staleLockMs: e.MAIL_STALE_LOCK_SECONDS * 1000,
    unlockIntervalMs: e.MAIL_UNLOCK_INTERVAL_SECONDS * 1000,
  };
  if (config.staleLockMs < 2 * config.sendTimeoutMs) {
    throw new Error("MAIL_STALE_LOCK_SECONDS must be at least twice MAIL_SEND_TIMEOUT_SECONDS, or a live worker's job could be taken for a dead one's");
  }
  return config;
}

/** Every background task, by the identifier used in graphile_worker.add_job(). */
export function makeTaskList(deps: SendMailDeps & { now?: () => Date }): TaskList {
  return {
    [SEND_MAIL_TASK]: makeSendMailTask(deps),
    [SIGN_IN_REQUEST_TASK]: makeSignInRequestTask(deps),
    [PUBLIC_FILING_TASK]: makePublicFilingTask(deps),
    [DEADLINE_SWEEP_TASK]: makeDeadlineSweepTask(deps),
    [NOTICE_DIGEST_TASK]: makeNoticeDigestTask(deps),
    [HOUSEKEEPING_TASK]: makeHousekeepingTask(deps),
    [RETENTION_SWEEP_TASK]: makeRetentionSweepTask(deps),
    [ERASURE_TASK]: makeErasureTask(deps),
  };
}

/**
 * Releases the locks of workers that died (kill -9, a lost machine) with a mail job in hand, so the
 * job runs again within minutes instead of graphile-worker's four hours. A worker counts as dead
 * when it has held a `send_mail` job longer than `staleLockMs`: a live one never does, since every
 * attempt ends within the send timeout. The same for a `public_filing` job (one short transaction,
 * ADR 032): a complaint whose worker died is opened minutes later, not hours; and for a
 * `sign_in_request` job (one short transaction, run once per request, ADR 065): a link asked for
 * arrives minutes late, not four hours, when it is of no use. `exceptWorkerId` is this process's own live pool.
 * Returns the worker ids released.
 */
export async function releaseDeadWorkerLocks(db: Kysely<Database>, staleLockMs: number, exceptWorkerId?: string | null): Promise<string[]> {
  const { rows } = await sql<{ locked_by: string }>`
    select distinct jobs.locked_by
    from graphile_worker._private_jobs as jobs
    join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
    where tasks.identifier in (${SEND_MAIL_TASK}, ${PUBLIC_FILING_TASK}, ${SIGN_IN_REQUEST_TASK})
      and jobs.locked_by is not null
      and jobs.locked_at < now() - make_interval(secs => ${staleLockMs / 1000})
      and jobs.locked_by is distinct from ${exceptWorkerId ?? null}::text
  `.execute(db);
  const ids = rows.map((r) => r.locked_by);
  // What WorkerUtils.forceUnlockWorkers() runs, on our own pool.
  if (ids.length) await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(db);
  return ids;
}

/**
 * A mail job that graphile-worker gave up on (only errors of our own database count, see
 * SEND_MAIL_MAX_ATTEMPTS) leaves its delivery failed, where the officer sees it; the job row goes.
 */
export async function settleAbandonedMailJobs(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    with dead as (
      select jobs.id, jobs.payload->>'deliveryId' as delivery_id, jobs.last_error
      from graphile_worker._private_jobs as jobs
      join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
      where tasks.identifier = ${SEND_MAIL_TASK} and jobs.attempts >= jobs.max_attempts and jobs.locked_at is null
    ), failed as (
      update mail_deliveries as d
      set status = 'failed', failed_at = now(), updated_at = now(), sending_since = null, next_attempt_at = null,
          last_error = left(coalesce(dead.last_error, 'the job queue gave up'), 500)
      from dead
      where d.id::text = dead.delivery_id and d.status = 'queued'
    )
    select id::text as id from dead
  `.execute(db);
  if (rows.length) await sql`select graphile_worker.complete_jobs(${rows.map((r) => r.id)}::bigint[])`.execute(db);
  return rows.length;
}

export interface StartWorkerOptions {
  connectionString: string;
  /** Jobs run at the same time in this process (default 2). */
  concurrency?: number;
  /** How often to look for scheduled jobs and retries, in ms (default graphile-worker's 2000). New jobs arrive at once via LISTEN/NOTIFY. */
  pollInterval?: number;
  /** Let graphile-worker install its own SIGINT/SIGTERM handlers (default false: the caller calls stop()). */
  handleSignals?: boolean;
  /** Overrides of the environment's mail settings (tests shorten them). */
  mail?: Partial<MailWorkerConfig>;
  /** Recurring tasks in crontab format (default RECURRING_TASKS: the deadline sweep and the daily digest). */
  crontab?: string;
  /** The clock the deadline sweep reads (tests set it; default the real one). */
  now?: () => Date;
}

const RESTART_DELAY_MS = [250, 500, 1_000, 2_000];
/** How long stop() lets running jobs finish, unless told (server/main.ts passes SHUTDOWN_GRACE_SECONDS). */
const DEFAULT_STOP_GRACE_MS = 10_000;

/** The recurring tasks this process schedules: all of them (the sweeps, the digest, the retention sweep), or none with DEADLINE_SWEEPS=off (tests that count mail). */
export function recurringTasksFromEnv(env: Record<string, string | undefined> = process.env): string {
  return env.DEADLINE_SWEEPS?.trim().toLowerCase() === "off" ? "" : `${RECURRING_TASKS}\n${RETENTION_RECURRING_TASK}`;
}

/** Jobs one worker runs at once. */
export const WORKER_CONCURRENCY = 2;
/** The worker's connections: one per running job, plus graphile-worker's own (listening, locks, scheduling). */
export function workerPoolSize(concurrency = WORKER_CONCURRENCY): number {
  return concurrency + 3;
}

/**
 * Start processing the job queue in this process, and keep it running: graphile-worker stops its
 * whole pool when it cannot record a job's end (the database restarted at that moment) and cannot
 * start while the database is down, so a supervisor starts it again, every 2 s at most, until stop().
 * Also releases dead workers' locks at start and every `unlockIntervalMs`.
 */
export async function startWorker(options: StartWorkerOptions): Promise<{ stop(graceMs?: number): Promise<void> }> {
  const config = { ...mailWorkerConfigFromEnv(), ...options.mail };
  const concurrency = options.concurrency ?? WORKER_CONCURRENCY;
  // The worker's own role: the owner of the tables (DATABASE_URL as given, not recourse_app). The job
  // queue's tables are the owner's, and its tasks (mail, sweeps) act for no signed-in person: as
  // owner they are exempt from row-level security (ADR 018). The pool's name shows it in pg_stat_activity.
  const pool = createPool(options.connectionString, workerPoolSize(concurrency), "recourse-worker");
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const taskList = makeTaskList({ db, ...config, ...(options.now ? { now: options.now } : {}) });

  let stopping = false;
  let runner: Runner | null = null;
  let poolId: string | null = null;
  let workerPool: WorkerPool | null = null;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const launch = async (): Promise<void> => {
    if (stopping) return;
    const events: WorkerEvents = new EventEmitter() as WorkerEvents;
    events.on("pool:create", ({ workerPool: created }) => {
      poolId = created.id;
      workerPool = created;
    });
    try {
      const started = await run({
        pgPool: pool,
        concurrency,
        ...(options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {}),
        noHandleSignals: !options.handleSignals,
        logger: workerLogger,
        taskList,
        crontab: options.crontab ?? recurringTasksFromEnv(),
        events,
        // Record a job's end through graphile-worker's batcher: when the database is away at that
        // moment it stops the pool (which we start again) instead of leaving an unhandled
        // rejection, which would end the whole process.
        preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      });
      if (stopping) {
        await started.stop();
        return;
      }
      runner = started;
      failures = 0;
      started.promise.then(
        () => relaunch(started, "stopped"),
        (error: unknown) => relaunch(started, `stopped: ${error instanceof Error ? error.message : String(error)}`),
      );
    } catch (error) {
      const delay = RESTART_DELAY_MS[Math.min(failures++, RESTART_DELAY_MS.length - 1)]!;
      console.error(`[worker] cannot start (${error instanceof Error ? error.message : String(error)}); trying again in ${delay} ms`);
      restartTimer = setTimeout(() => void launch(), delay);
    }
  };

  const relaunch = (which: Runner, why: string) => {
    if (stopping || runner !== which) return;
    runner = null;
    poolId = null;
    console.error(`[worker] the job queue ${why}; starting it again`);
    restartTimer = setTimeout(() => void launch(), RESTART_DELAY_MS[0]);
  };

  const sweep = async () => {
    try {
      const released = await releaseDeadWorkerLocks(db, config.staleLockMs, poolId);
      if (released.length) console.error(`[worker] released the mail jobs of ${released.length} dead worker(s): ${released.join(", ")}`);
      await settleAbandonedMailJobs(db);
    } catch (error) {
      // The database is away; the next sweep tries again.
      console.error(`[worker] could not look for dead workers: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  await sweep();
  const sweeper = setInterval(() => void sweep(), config.unlockIntervalMs);
  sweeper.unref();
  await launch();

  return {
    async stop(graceMs = DEFAULT_STOP_GRACE_MS) {
      stopping = true;
      clearInterval(sweeper);
      clearTimeout(restartTimer);
      const current = runner;
      runner = null;
      if (current) {
        // Running jobs may finish within the grace (a mail send may take MAIL_SEND_TIMEOUT_SECONDS,
        // longer than an orchestrator waits before it kills); past it they are failed, which
        // releases their locks at once, so another worker takes them up without waiting for the
        // stale-lock sweep. A mail sent meanwhile keeps its Message-ID (ADR 007).
        let timer: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          current.stop().then(() => true, () => true),
          new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
        ]);
        clearTimeout(timer);
        if (!finished) {
          console.error(`[worker] jobs still running after ${graceMs} ms: releasing them for another worker`);
          // runner.kill() would not: the graceful shutdown has already deactivated the pool.
          await Promise.resolve(workerPool?.forcefulShutdown("the process is shutting down")).catch(() => {});
        }
      }
      await db.destroy();
    },
  };
}

/** Run every job that is due now, then return (for tests and scripts). */
export async function runQueuedJobsOnce(connectionString: string, mail?: Partial<MailWorkerConfig>): Promise<void> {
  const config = { ...mailWorkerConfigFromEnv(), ...mail };
  const pool = createPool(connectionString, 3, "recourse-worker");
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await runOnce({ pgPool: pool, noHandleSignals: true, logger: workerLogger, taskList: makeTaskList({ db, ...config }) });
  } finally {
    await db.destroy();
  }
}
