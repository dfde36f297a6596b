import type { NextFunction, Request, Response } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import { takeCheckedBody, takeStreamedBody } from "./request-limits";
import { clientAddressFrom, trustedProxyCount } from "../app/security/client-address";

/**
 * `@remix-run/express`'s request handler, except that the body Remix reads is the one
 * server/request-limits.ts has already read and checked (the Node stream is spent by then).
 * Without a checked body (GET, HEAD, or a streamed body rule) it streams from the request,
 * as the original does. Same URL, headers, abort and response handling as @remix-run/express 2.17.
 */
export function createRequestHandler({ build, mode = process.env.NODE_ENV }: { build: ServerBuild | (() => Promise<ServerBuild>); mode?: string }) {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handleRequest(remixRequest(req, res), loadContext(req, res));
      // The gate has answered meanwhile: an upload that took too long (408, server/request-limits.ts).
      if (res.headersSent) return;
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The client's address for throttles; X-Forwarded-For counts only as far as TRUST_PROXY says. */
function loadContext(req: Request, res: Response) {
  return {
    // The nonce securityHeaders (server/middleware.ts) put in this response's CSP, for <Scripts nonce>.
    cspNonce: res.locals.cspNonce as string | undefined,
    clientAddress: clientAddressFrom(req.socket.remoteAddress, req.get("X-Forwarded-For"), trustedProxyCount(process.env.TRUST_PROXY)),
  };
}

function remixHeaders(requestHeaders: Request["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

export function remixRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname has no port: take it from Host (checked by guardRequests). X-Forwarded-Host is not
  // read: Express does not trust it for the host name either (no "trust proxy"), and links that leave
  // the app are built from APP_URL.
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = Number.parseInt(hostPort ?? "", 10);
  const url = new URL(`${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`);

  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const checked = takeCheckedBody(req);
    if (checked) {
      init.body = new Uint8Array(checked);
    } else {
      // An upload: through the gate's counter, which stops it at its limit.
      init.body = createReadableStreamFromReadable(takeStreamedBody(req) ?? req);
      init.duplex = "half";
    }
  }
  // Abort loaders and actions when the response can no longer be written (close without finish).
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

async function sendRemixResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    // A route's own policy (a file download, the export page) replaces the pages' one: two policies
    // would both apply, and the pages' forbids the export page's inline styles.
    if (key === "content-security-policy") res.setHeader(key, value);
    else res.append(key, value);
  }
  // Pages and loader data carry personal data: no browser or proxy keeps a copy. Static files
  // (build/client) are served before Remix and keep their own caching.
  // A route that already forbids storing (downloads: "private, no-store") keeps its own words.
  const own = response.headers.get("Cache-Control");
  res.setHeader("Cache-Control", own && /\bno-store\b/i.test(own) ? own : "no-store");
  const type = response.headers.get("Content-Type") ?? "";
  if (/text\/event-stream/i.test(type)) res.flushHeaders();
  if (!response.body) res.end();
  else if (/^text\/html/i.test(type)) res.end(await wholeBody(response.body));
  else await writeReadableStreamToWritable(response.body, res);
}

/**
 * A page's HTML in one piece: React and Remix hand it over in dozens of small chunks, each of which
 * was a write to the socket (a system call, the largest single cost in a profile of the queue).
 * No page streams (no route defers data), so nothing waits longer for it; files and event streams
 * are still streamed.
 */
async function wholeBody(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
