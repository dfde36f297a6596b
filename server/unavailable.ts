import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { data, type ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE } from "../app/db/unavailable";

type RouteFunction = (...args: never[]) => unknown;

let lastLogged = 0;

/**
 * Every loader and action of the build, answering "briefly unavailable" (503) when the
 * database cannot be reached, instead of Remix's 500. Thrown as a Response, so Remix renders the
 * nearest ErrorBoundary for documents and sends the status with single-fetch `.data` answers and
 * resource routes alike. Nothing half-written stays behind: models write in one transaction.
 */
function answerUnavailable<F extends RouteFunction | undefined>(fn: F): F {
  if (!fn) return fn;
  const wrapped = async (...args: never[]) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const now = Date.now();
      if (now - lastLogged > 1_000) {
        lastLogged = now;
        console.error(`[recourse] database unavailable, answering 503: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A thrown Response is Remix's way to choose the status and reach the ErrorBoundary.
      throw data(UNAVAILABLE_MESSAGE, { status: 503, statusText: "Service Unavailable" });
    }
  };
  return wrapped as unknown as F;
}

const wrappedBuilds = new WeakMap<ServerBuild, ServerBuild>();

export function withDatabaseUnavailableAnswered(build: ServerBuild): ServerBuild {
  const known = wrappedBuilds.get(build);
  if (known) return known;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module } as typeof route.module & { loader?: RouteFunction; action?: RouteFunction };
    module.loader = answerUnavailable(module.loader);
    module.action = answerUnavailable(module.action);
    routes[id] = { ...route, module };
  }
  const wrapped = { ...build, routes };
  wrappedBuilds.set(build, wrapped);
  return wrapped;
}

/** Express middleware: every 503 tells the client when to try again. */
export function retryAfterWhenUnavailable(_req: Request, res: Response, next: NextFunction) {
  const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const status = typeof args[0] === "number" ? args[0] : this.statusCode;
    if (status === 503 && !this.headersSent && !this.hasHeader("retry-after")) this.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  next();
}
