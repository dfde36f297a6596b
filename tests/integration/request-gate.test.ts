import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createReadableStreamFromReadable } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { guardRequests } from "../../server/request-limits";
import { rawRequest } from "../support/raw-http";

// The request gate in this process, in front of a route that reads an upload as Remix does (a web
// stream over the Node request), so the test can see what the route sees when the gate answers
// 408 for a body that took too long (ADR 054).

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
        for await (const chunk of createReadableStreamFromReadable(req) as unknown as AsyncIterable<Uint8Array>) void chunk;
        return "ended";
      } catch {
        return "cut off";
      }
    })();
    void reading.then(() => !res.headersSent && res.status(200).send("read"));
  });
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
