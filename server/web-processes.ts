import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";

/**
 * WEB_PROCESSES: how many processes answer HTTP. 1 (the default): the main process itself.
 * More ("auto": one per core): the main process keeps the database, migrations, the job worker
 * and the inbound SMTP listener, and forks that many web processes sharing the port (ADR 046).
 */
export function webProcessCount(raw: string | undefined): number {
  const value = raw?.trim() ?? "";
  if (value === "") return 1;
  if (value === "auto") return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WEB_PROCESSES must be a whole number from 1 to 64, or "auto"; it is "${raw}"`);
  return n;
}

/** A web process that dies this soon after it started counts as failing to start. */
const QUICK_EXIT_MS = 10_000;
/** After this many quick exits in a row the main process gives up (a broken build, a taken port). */
const QUICK_EXITS_TO_GIVE_UP = 5;

export interface WebProcesses {
  /** SIGTERM to each (each finishes its in-flight requests within the grace), then wait for all. */
  stop(graceSeconds: number): Promise<void>;
}

/**
 * Forks `count` web processes (this script again; each knows itself by cluster.isWorker) and replaces any
 * that dies, until stop(). `onListening` is called once, when the first one listens.
 */
export function forkWebProcesses(opts: {
  count: number;
  env: Record<string, string>;
  log: (message: string) => void;
  onListening: () => void;
  onGiveUp: (reason: string) => void;
}): WebProcesses {
  let stopping = false;
  let announced = false;
  let quickExits = 0;
  const running = new Set<Worker>();

  const start = () => {
    const startedAt = Date.now();
    const child = cluster.fork(opts.env);
    running.add(child);
    child.on("listening", () => {
      quickExits = 0;
      if (!announced) {
        announced = true;
        opts.onListening();
      }
    });
    child.on("exit", (code, signal) => {
      running.delete(child);
      if (stopping) return;
      const quick = Date.now() - startedAt < QUICK_EXIT_MS;
      quickExits = quick ? quickExits + 1 : 0;
      if (quickExits >= QUICK_EXITS_TO_GIVE_UP) return opts.onGiveUp(`web processes keep exiting at start (last: ${signal ?? `code ${code}`})`);
      opts.log(`web process ${child.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
      setTimeout(() => stopping || start(), quick ? 1_000 : 0);
    });
  };
  for (let i = 0; i < opts.count; i++) start();

  return {
    async stop(graceSeconds) {
      stopping = true;
      const exited = [...running].map((child) => new Promise<void>((resolve) => (child.isDead() ? resolve() : child.once("exit", () => resolve()))));
      for (const child of running) child.process.kill("SIGTERM");
      // Each closes its own connections when its grace is over; this is only for one that hangs.
      const hung = setTimeout(() => {
        for (const child of running) child.process.kill("SIGKILL");
      }, (graceSeconds + 10) * 1_000);
      await Promise.all(exited);
      clearTimeout(hung);
    },
  };
}
