import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import express from "express";
import compression from "compression";
import type { ServerBuild } from "@remix-run/node";
import { refuseCrossOrigin, securityHeaders } from "./middleware";
import { retryAfterWhenUnavailable, withDatabaseUnavailableAnswered } from "./unavailable";
import { guardRequests } from "./request-limits";
import { createRequestHandler } from "./remix-handler";

export interface HttpApp {
  server: Server;
  /** Stop accepting, let in-flight requests finish within `graceSeconds`, then close what is left. */
  close(graceSeconds: number, log: (message: string) => void): Promise<void>;
}

/** The production build; fails with what to do when there is none. */
export async function loadBuild(): Promise<ServerBuild> {
  try {
    // @ts-expect-error the build exists only after `npm run build`
    return (await import("../build/server/index.js")) as ServerBuild;
  } catch (error) {
    throw new Error(`no production build in build/: run \`npm run build\` first (${String(error)})`);
  }
}

/** The web app (Express around Remix), listening on `port`; in a web process of a cluster, on the shared port. */
export async function startHttpApp(opts: { dev: boolean; port: number; host: string; onListening: () => void }): Promise<HttpApp> {
  const production = opts.dev ? null : await loadBuild();
  const app = express();
  app.disable("x-powered-by");
  app.use(retryAfterWhenUnavailable);
  app.use(compression());
  app.use(securityHeaders({ dev: opts.dev }));
  app.use(refuseCrossOrigin);
  app.use(guardRequests);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (opts.dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = async () => withDatabaseUnavailableAnswered((await viteServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    // Only the files that exist go to express.static: a miss there builds an error with a stack
    // trace on every page request (about 1.4 ms each in a CPU profile).
    const publicFiles = new Set(readdirSync("build/client").filter((f) => f !== "assets").map((f) => `/${f}`));
    const servePublic = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
    build = withDatabaseUnavailableAnswered(production!);
  }
  app.all("*", createRequestHandler({ build }));

  const server: Server = app.listen(opts.port, opts.host, opts.onListening);
  return {
    server,
    // Keep-alive connections are closed as soon as they are idle, so they cannot hold the exit open.
    async close(graceSeconds, log) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      const grace = setTimeout(() => {
        log("grace period over: closing the connections still open");
        server.closeAllConnections();
      }, graceSeconds * 1_000);
      await closed;
      clearInterval(idleSweep);
      clearTimeout(grace);
    },
  };
}
