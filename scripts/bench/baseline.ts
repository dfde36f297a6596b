import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import http from "node:http";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { APP_ROLE } from "../../app/db/db.server";
import { NamingClient } from "../../app/db/named-statements.server";
import { replayPage, type PageCapture } from "./replay";

// The bare baseline: node:http + pg, no framework, no rendering. For GET /<page> it runs the
// statements the app ran for that page (captured by capture-hook.ts) and answers with a small
// JSON body. What the app does beyond this is the cost of Remix, React, sessions in code, etc.
// It connects as the app does: as the app role, so row-level security applies to the same
// statements (as the owner it skipped the policies, more than half of a case page's database
// time), and with the app's pg client, so the same statements are prepared by name (ADR 045).
// As many processes as the app runs (BENCH_PROCESSES, the app's WEB_PROCESSES), sharing the port.
const processes = Number(process.env.BENCH_PROCESSES ?? 1);
if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  });
} else {
  serve();
}

function serve() {
  const pages = JSON.parse(readFileSync(process.env.BENCH_CAPTURES!, "utf8")) as Record<string, PageCapture>;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.BENCH_POOL ?? 10), options: `-c role=${APP_ROLE}`, Client: NamingClient });
  pool.on("error", (e) => console.error("[baseline] pool:", e.message));
  let filed = 0;

  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0]!);
    const page = pages[name];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    req.on("end", () => {
      void (async () => {
        try {
          const n = ++filed;
          const fresh = page.filing ? { submissionKey: randomUUID(), email: `baseline.${process.pid}.${n}.${randomUUID().slice(0, 8)}@example.eu` } : undefined;
          const rows = await replayPage(pool, page, fresh);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ page: name, rows }));
        } catch (error) {
          console.error(`[baseline] ${name}:`, (error as Error).message);
          res.writeHead(500).end();
        }
      })();
    });
  });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`[baseline] listening on ${process.env.PORT}`));
  process.on("SIGTERM", () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}
