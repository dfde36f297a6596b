import { Logger, run, runOnce, type TaskList } from "graphile-worker";
import { SEND_MAIL_TASK } from "./mail-job";
import { sendMailTask } from "./tasks/send-mail.server";

/** Every background task, by the identifier used in graphile_worker.add_job(). */
export const taskList: TaskList = {
  [SEND_MAIL_TASK]: sendMailTask,
};

/**
 * graphile-worker's logger, quiet except for errors (a failed job, a lost connection).
 * Only the message is printed: the metadata holds the job, whose payload has personal data.
 */
export const workerLogger = new Logger((scope) => (level, message) => {
  if ((level as string) !== "error") return;
  const where = [scope.taskIdentifier, scope.jobId ? `#${scope.jobId}` : undefined].filter(Boolean).join(" ");
  console.error(`[worker${where ? ` ${where}` : ""}] ${message}`);
});

export interface StartWorkerOptions {
  connectionString: string;
  /** Jobs run at the same time in this process (default 2). */
  concurrency?: number;
  /** How often to look for scheduled jobs and retries, in ms (default graphile-worker's 2000). New jobs arrive at once via LISTEN/NOTIFY. */
  pollInterval?: number;
  /** Let graphile-worker install its own SIGINT/SIGTERM handlers (default false: the caller calls stop()). */
  handleSignals?: boolean;
}

/** Start processing the job queue in this process. */
export async function startWorker(options: StartWorkerOptions): Promise<{ stop(): Promise<void> }> {
  const runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 2,
    ...(options.pollInterval !== undefined ? { pollInterval: options.pollInterval } : {}),
    noHandleSignals: !options.handleSignals,
    logger: workerLogger,
    taskList,
  });
  return {
    async stop() {
      await runner.stop();
    },
  };
}

/** Run every job that is due now, then return (for tests and scripts). */
export async function runQueuedJobsOnce(connectionString: string): Promise<void> {
  await runOnce({ connectionString, noHandleSignals: true, logger: workerLogger, taskList });
}
