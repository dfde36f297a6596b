import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface RunningChild {
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, then wait for it to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `ms`; waits for it to be gone. */
  stop(ms?: number): Promise<void>;
}

/** Runs a TypeScript file under tsx in a child process; resolves once it prints `readyLine`. */
export async function startTsChild(file: string, env: Record<string, string>, readyLine = "ready", timeoutMs = 30_000): Promise<RunningChild> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(file)], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running: RunningChild = {
    process: child,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await gone;
    },
    async stop(ms = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), ms);
      await gone;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!out.split("\n").some((l) => l.trim() === readyLine)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${file} exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await running.kill9();
      throw new Error(`${file} was not ready within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return running;
}
