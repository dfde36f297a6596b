import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readActionForm } from "../../app/lib/uploads.server";
import { remixRequest } from "../../server/remix-handler";
import { guardRequests } from "../../server/request-limits";
import { rawRequest } from "../support/raw-http";

// The request gate in this process, in front of routes that read an upload as Remix does (the web
// Request server/remix-handler.ts builds), so the test can see what the route sees when the gate
// answers 408 for a body that took too long (ADR 054) or 413 for one that grows past its limit.

let server: Server;
let baseURL: string;
const saved = process.env.BODY_TIMEOUT_MS;
/** What the route's reading came to: "ended", "cut off", or undefined while it still waits. */
let reading: Promise<string>;

beforeAll(async () => {
  process.env.BODY_TIMEOUT_MS = "300";
  const app = express();
  app.use(guardRequests);
  app.post("/complain", (req, res) => {
    reading = (async () => {
      try {
        for await (const chunk of remixRequest(req, res).body as unknown as AsyncIterable<Uint8Array>) void chunk;
        return "ended";
      } catch {
        return "cut off";
      }
    })();
    void reading.then(() => !res.headersSent && res.status(200).send("read"));
  });
  // A case page's form, read as the app's routes read it.
  app.post("/my/cases/:reference", (req, res) => {
    void readActionForm(remixRequest(req, res)).then((read) => {
      if (res.headersSent) return;
      res.status(read.ok ? 200 : read.status).send(read.ok ? "read" : read.error);
    });
  });
  app.get("/ping", (_req, res) => res.send("pong"));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.BODY_TIMEOUT_MS;
  else process.env.BODY_TIMEOUT_MS = saved;
  await new Promise((resolve) => server.close(resolve));
});

it("an upload cut off by the 408 ends for the route reading it, which would otherwise wait for ever", async () => {
  const answer = await rawRequest(baseURL, { method: "POST", path: "/complain", headers: { "Content-Type": "multipart/form-data; boundary=X", "Content-Length": "1000" }, body: "--X\r\n", timeoutMs: 5_000 });
  expect(answer.status).toBe(408);
  const outcome = await Promise.race([reading, new Promise((resolve) => setTimeout(() => resolve("still waiting"), 3_000))]);
  expect(outcome).toBe("cut off");
});

it("an upload that arrives in time is read to its end", async () => {
  const body = "--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--X--\r\n";
  const answer = await rawRequest(baseURL, { method: "POST", path: "/complain", headers: { "Content-Type": "multipart/form-data; boundary=X" }, body });
  expect(answer.status).toBe(200);
  expect(await reading).toBe("ended");
});

const MB = 1024 * 1024;

/** Times GET /ping, one after another, until `until` settles. */
async function pingWhile(until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => {});
  const times: number[] = [];
  while (!done) {
    const ping = await rawRequest(baseURL, { method: "GET", path: "/ping", timeoutMs: 10_000 });
    expect(ping.status).toBe(200);
    times.push(ping.ms);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}

it("a chunked multipart body that never ends its part's header line is cut at the uploads' limit with 413, while the server answers others", async () => {
  // Declares no length, so nothing can be refused before reading; the multipart parser holds the
  // header line until CRLF CRLF. The limit: all files (25 MB), one file more (10 MB), the form (1 MB).
  const head = '--X\r\nContent-Disposition: form-data; name="a';
  const post = rawRequest(baseURL, {
    method: "POST",
    path: "/my/cases/PS-2026-000001",
    headers: { "Content-Type": "multipart/form-data; boundary=X" },
    body: `${head.length.toString(16)}\r\n${head}\r\n`,
    stream: { chunk: Buffer.alloc(256 * 1024, "a"), total: 200 * MB, chunked: true },
    timeoutMs: 25_000,
  });
  const pings = await pingWhile(post);
  const answer = await post;
  console.log(`[figure] endless chunked header line: ${answer.status} in ${answer.ms} ms after ${(answer.bytesSent / MB).toFixed(1)} MB sent; GET meanwhile: max ${Math.max(...pings)} ms over ${pings.length}`);
  expect(answer.status).toBe(413);
  expect(answer.body).toBe("Refused: the request body is larger than 36 MB.");
  expect(answer.headers["connection"]).toBe("close");
  expect(answer.bytesSent).toBeLessThan(60 * MB);
  // Refused once the limit's bytes have arrived, not after the whole endless body; the bounds are
  // loose on purpose (a busy CI machine), the byte count above is the property.
  expect(answer.ms).toBeLessThan(20_000);
  expect(Math.max(...pings)).toBeLessThan(5_000);
});

it("text fields of a multipart form may together be no larger than a form (MAX_FORM_BYTES), each under its own limit", async () => {
  const field = (i: number, bytes: number) => `--X\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${"a".repeat(bytes)}\r\n`;
  // 11 fields of 99 KB: each within MAX_FIELD_BYTES (100 KB), together past 1 MB.
  const many = Array.from({ length: 11 }, (_, i) => field(i, 99 * 1024)).join("") + "--X--\r\n";
  const answer = await rawRequest(baseURL, { method: "POST", path: "/my/cases/PS-2026-000001", headers: { "Content-Type": "multipart/form-data; boundary=X" }, body: many });
  expect(answer.status).toBe(413);
  expect(answer.body).toBe("Refused: the form's text fields together are larger than 1 MB.");
  // Ten of them are within the limit.
  const fewer = Array.from({ length: 10 }, (_, i) => field(i, 99 * 1024)).join("") + "--X--\r\n";
  const read = await rawRequest(baseURL, { method: "POST", path: "/my/cases/PS-2026-000001", headers: { "Content-Type": "multipart/form-data; boundary=X" }, body: fewer });
  expect(read.status).toBe(200);
});
